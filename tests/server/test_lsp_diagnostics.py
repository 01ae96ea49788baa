"""Push diagnostics: open/change/save/close, debouncing, versions, rule metadata, configuration.

Two server sessions: one with default settings (each test uses its own files and restores the
settings it changes), one started with a minute of debounce and bad initializationOptions.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
import pytest_lsp
from lsprotocol import types as lsp

from lsp_harness import CONFIG, RecordingClient, edit, open_document, replace_text, start

pytestmark = pytest.mark.asyncio(loop_scope="module")

GOOD = "from sqlalchemy import select\n\nstmt = select(1)\n"
BROKEN = "from sqlalchemy import select\n\ndef recent(session:\n    return 1\n"


def codes(diagnostics: list[lsp.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def plain(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("plain")
    lsp_client.root = root   # type: ignore[attr-defined]
    await start(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


def close(client: RecordingClient, uri: str) -> None:
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))


async def test_open_publishes_diagnostics_with_rule_metadata(plain: RecordingClient) -> None:
    uri = open_document(plain, plain.root / "broken.py", BROKEN)   # type: ignore[attr-defined]
    (diag,) = await plain.diagnostics_for(uri, lambda d: bool(d))
    assert diag.source == "ormlens" and diag.code == "ORM000"
    assert diag.severity == lsp.DiagnosticSeverity.Error
    assert diag.code_description.href.endswith("/docs/rules/ORM000.md")
    assert diag.range.start.line == 2
    assert plain.last_diagnostics(uri).version == 1
    # closing clears them
    before = len(plain.published)
    close(plain, uri)
    assert await plain.diagnostics_for(uri, after=before) == []


async def test_rapid_edits_are_debounced_and_only_the_latest_version_wins(
        plain: RecordingClient) -> None:
    uri = open_document(plain, plain.root / "typing.py", GOOD)   # type: ignore[attr-defined]
    assert await plain.diagnostics_for(uri) == []
    before = len(plain.published)
    # 200 keystrokes at the end of the file, then a line that breaks it
    version = 1
    for i in range(200):
        version += 1
        edit(plain, uri, version, 3, 0, 0, "x" if i % 2 else "y")
    version += 1
    edit(plain, uri, version, 3, 0, 0, "def broken(:\n")
    final = await plain.diagnostics_for(uri, lambda d: codes(d) == ["ORM000"], after=before)
    assert final[0].range.start.line == 3
    await plain.wait_until(lambda: plain.last_diagnostics(uri).version == version,
                           what="the last version's diagnostics")
    mine = [p for p in plain.published[before:] if p.uri == uri]
    versions = [p.version for p in mine]
    assert versions == sorted(versions), "an older result overwrote a newer one"
    assert len(mine) < 20, f"{len(mine)} checks for 201 edits: work piles up"
    close(plain, uri)


def _with_severity(severity: lsp.DiagnosticSeverity) -> Callable[[list[lsp.Diagnostic]], bool]:
    """A publication whose one diagnostic has ``severity`` (the wait times out, failing, if the
    server never publishes it)."""
    return lambda d: len(d) == 1 and d[0].severity == severity


async def test_configuration_sources_and_their_precedence(plain: RecordingClient) -> None:
    root: Path = plain.root   # type: ignore[attr-defined]
    pyproject = root / "pyproject.toml"

    async def reload_pyproject(text: str) -> int:
        pyproject.write_text(text)
        before = len(plain.published)
        plain.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
            lsp.FileEvent(uri=pyproject.as_uri(), type=lsp.FileChangeType.Changed)]))
        return before

    uri = open_document(plain, root / "configured.py", BROKEN)
    (diag,) = await plain.diagnostics_for(uri, lambda d: bool(d))
    assert diag.severity == lsp.DiagnosticSeverity.Error
    # [tool.ormlens] severity
    before = await reload_pyproject('[tool.ormlens]\nseverity = { ORM000 = "hint" }\n')
    # a check begun before the change may still publish the old severity first: wait for the new
    (diag,) = await plain.diagnostics_for(uri, _with_severity(lsp.DiagnosticSeverity.Hint), after=before)
    assert diag.severity == lsp.DiagnosticSeverity.Hint
    # settings pushed by the client win over [tool.ormlens]
    before = len(plain.published)
    plain.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"ormlens": {"ignore": ["ORM0"]}}))
    assert await plain.diagnostics_for(uri, lambda d: not d, after=before) == []
    # a bare "configuration changed": the server asks the client for the `ormlens` section
    plain.set_configuration({"ignore": [], "severity": {"ORM000": "warning"}}, section="ormlens")
    before, requests = len(plain.published), plain.configuration_requests
    plain.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    (diag,) = await plain.diagnostics_for(uri, _with_severity(lsp.DiagnosticSeverity.Warning), after=before)
    assert diag.severity == lsp.DiagnosticSeverity.Warning
    assert plain.configuration_requests == requests + 1
    # a broken pyproject.toml is reported; the checks go on with the defaults
    plain.set_configuration({}, section="ormlens")
    before = len(plain.published)
    plain.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings={"ormlens": {}}))
    (diag,) = await plain.diagnostics_for(uri, _with_severity(lsp.DiagnosticSeverity.Hint), after=before)
    assert diag.severity == lsp.DiagnosticSeverity.Hint   # back to [tool.ormlens]
    before = await reload_pyproject("[tool.ormlens]\nselect = 5\n")
    (diag,) = await plain.diagnostics_for(uri, _with_severity(lsp.DiagnosticSeverity.Error), after=before)
    assert diag.severity == lsp.DiagnosticSeverity.Error
    assert any("ormlens configuration ignored" in m.message and "select" in m.message
               for m in plain.log_messages)
    pyproject.unlink()
    close(plain, uri)


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def patient(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("patient")
    lsp_client.root = root   # type: ignore[attr-defined]
    await start(lsp_client, root, {"ormlens": {"debounceMs": 60000, "dialects": 7,
                                               "select": ["ORM0"]}})
    yield
    await lsp_client.shutdown_session()


async def test_debounce_from_initialization_options_save_and_bad_values(
        patient: RecordingClient) -> None:
    client, tmp_path = patient, patient.root   # type: ignore[attr-defined]
    # a minute of debounce: a change alone publishes nothing, the save checks at once
    warnings = [m.message for m in client.log_messages if m.type == lsp.MessageType.Warning]
    assert any("ormlens.dialects must be a list of strings, got 7" in w for w in warnings)
    uri = open_document(client, tmp_path / "app.py", GOOD)
    assert await client.diagnostics_for(uri) == []
    before = len(client.published)
    replace_text(client, uri, 2, BROKEN)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))
    diags = await client.diagnostics_for(uri, lambda d: bool(d), after=before)
    assert codes(diags) == ["ORM000"] and client.last_diagnostics(uri).version == 2
    assert len([p for p in client.published[before:] if p.uri == uri]) == 1
