"""Push diagnostics: open/change/save/close, debouncing, versions, rule metadata, configuration."""
from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from lsp_harness import RecordingClient, edit, open_document, replace_text, start

GOOD = "from sqlalchemy import select\n\nstmt = select(1)\n"
BROKEN = "from sqlalchemy import select\n\ndef recent(session:\n    return 1\n"


def codes(diagnostics: list[lsp.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


@pytest.mark.asyncio
async def test_open_publishes_diagnostics_with_rule_metadata(client: RecordingClient,
                                                             tmp_path: Path) -> None:
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "broken.py", BROKEN)
    (diag,) = await client.diagnostics_for(uri, lambda d: bool(d))
    assert diag.source == "ormlens" and diag.code == "ORM000"
    assert diag.severity == lsp.DiagnosticSeverity.Error
    assert diag.code_description.href.endswith("/docs/rules/ORM000.md")
    assert diag.range.start.line == 2
    assert client.last_diagnostics(uri).version == 1


@pytest.mark.asyncio
async def test_rapid_edits_are_debounced_and_only_the_latest_version_wins(
        client: RecordingClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "typing.py", GOOD)
    assert await client.diagnostics_for(uri) == []
    before = len(client.published)
    # 200 keystrokes appended to the last line, then the file is broken at the end
    version = 1
    for i in range(200):
        version += 1
        edit(client, uri, version, 3, 0, 0, "x" if i % 2 else "y")
    version += 1
    edit(client, uri, version, 3, 0, 0, "def broken(:\n")
    final = await client.diagnostics_for(uri, lambda d: codes(d) == ["ORM000"], after=before)
    assert final[0].range.start.line == 3
    await client.wait_until(lambda: client.last_diagnostics(uri).version == version,
                            what="the last version's diagnostics")
    mine = [p for p in client.published[before:] if p.uri == uri]
    versions = [p.version for p in mine]
    assert versions == sorted(versions), "an older result overwrote a newer one"
    assert len(mine) < 20, f"{len(mine)} checks for 201 edits: work piles up"


@pytest.mark.asyncio
async def test_debounce_setting_and_save(client: RecordingClient, tmp_path: Path) -> None:
    # a minute of debounce: the change alone publishes nothing, the save checks at once
    await start(client, tmp_path, {"ormlens": {"debounceMs": 60000}})
    uri = open_document(client, tmp_path / "app.py", GOOD)
    assert await client.diagnostics_for(uri) == []
    before = len(client.published)
    replace_text(client, uri, 2, BROKEN)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))
    diags = await client.diagnostics_for(uri, lambda d: bool(d), after=before)
    assert codes(diags) == ["ORM000"] and client.last_diagnostics(uri).version == 2
    assert len([p for p in client.published[before:] if p.uri == uri]) == 1


@pytest.mark.asyncio
async def test_close_clears_diagnostics(client: RecordingClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "broken.py", BROKEN)
    await client.diagnostics_for(uri, lambda d: bool(d))
    before = len(client.published)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert await client.diagnostics_for(uri, after=before) == []


@pytest.mark.asyncio
async def test_severity_from_pyproject_and_ignore_from_settings(client: RecordingClient,
                                                                tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ormlens]\nseverity = { ORM000 = "hint" }\n')
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "broken.py", BROKEN)
    (diag,) = await client.diagnostics_for(uri, lambda d: bool(d))
    assert diag.severity == lsp.DiagnosticSeverity.Hint
    # settings pushed by the client override [tool.ormlens]
    before = len(client.published)
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"ormlens": {"ignore": ["ORM0"]}}))
    assert await client.diagnostics_for(uri, lambda d: not d, after=before) == []
    # a bare "configuration changed": the server asks for the `ormlens` section
    client.set_configuration({"ignore": [], "severity": {"ORM000": "warning"}}, section="ormlens")
    before = len(client.published)
    requests = client.configuration_requests
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    (diag,) = await client.diagnostics_for(uri, lambda d: bool(d), after=before)
    assert diag.severity == lsp.DiagnosticSeverity.Warning
    assert client.configuration_requests == requests + 1


@pytest.mark.asyncio
async def test_initialization_options_and_bad_values(client: RecordingClient, tmp_path: Path) -> None:
    await start(client, tmp_path, {"ormlens": {"ignore": ["ORM000"], "debounceMs": "fast",
                                               "dialects": 7}})
    uri = open_document(client, tmp_path / "broken.py", BROKEN)
    assert await client.diagnostics_for(uri) == []
    warnings = [m.message for m in client.log_messages if m.type == lsp.MessageType.Warning]
    assert any("ormlens.debounceMs must be" in w for w in warnings)
    assert any("ormlens.dialects must be a list of strings" in w for w in warnings)


@pytest.mark.asyncio
async def test_broken_pyproject_is_reported_and_defaults_used(client: RecordingClient,
                                                              tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.ormlens]\nselect = 5\n")
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "broken.py", BROKEN)
    assert codes(await client.diagnostics_for(uri, lambda d: bool(d))) == ["ORM000"]
    assert any("ormlens configuration ignored" in m.message and "select" in m.message
               for m in client.log_messages)
