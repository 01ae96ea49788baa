"""Workspace indexing: work-done progress, file watching, cross-file updates, restart."""
from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from lsp_harness import (RecordingClient, capabilities, edit, open_document, position_of,
                         start)


async def hover_value(client: RecordingClient, path: Path, needle: str, offset: int) -> str | None:
    text = path.read_text()
    result = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()),
        position=position_of(text, needle, offset)))
    return result.contents.value if result else None


@pytest.mark.asyncio
async def test_indexing_reports_work_done_progress(client: RecordingClient, blog: dict) -> None:
    for number in range(7):   # more files: more reports
        (blog["root"] / "blog" / f"extra_{number}.py").write_text(f"X{number} = {number}\n")
    await start(client, blog["root"])
    (token, reports), = client.progress_reports.items()
    begin, *middle, end = reports
    assert isinstance(begin, lsp.WorkDoneProgressBegin) and begin.percentage == 0
    assert begin.title == "ormlens: indexing models"
    assert isinstance(end, lsp.WorkDoneProgressEnd) and end.message == "indexed 10 files"
    percentages = [r.percentage for r in middle]
    assert all(isinstance(r, lsp.WorkDoneProgressReport) for r in middle)
    assert percentages == sorted(percentages) and percentages[-1] == 100 and len(middle) >= 3
    assert middle[0].message == "1/10 files"
    # the client was asked to watch Python files and pyproject.toml
    (registration,) = [r for r in client.registrations
                       if r.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    globs = [w["globPattern"] for w in registration.register_options["watchers"]]
    assert globs == ["**/*.py", "**/pyproject.toml"]


@pytest.mark.asyncio
async def test_a_client_without_progress_or_watchers_still_gets_an_index(
        client: RecordingClient, blog: dict) -> None:
    caps = capabilities(progress=False, watch=False, configuration=False)
    await start(client, blog["root"], caps=caps)
    views = blog["blog/views.py"]
    # indexing runs before any request on the analysis thread: the hover sees the models
    value = await hover_value(client, views, "User.name", 6)
    assert value is not None and "users.name" in value
    assert client.progress_reports == {} and client.registrations == []
    assert client.configuration_requests == 0


@pytest.mark.asyncio
async def test_model_edited_in_one_open_file_updates_the_others(client: RecordingClient,
                                                                blog: dict) -> None:
    await start(client, blog["root"])
    models, views = blog["blog/models.py"], blog["blog/views.py"]
    models_uri = open_document(client, models)
    open_document(client, views)
    assert "String(50)" in await hover_value(client, views, "User.name", 6)
    text = models.read_text()
    at = position_of(text, "String(50)", 7)
    edit(client, models_uri, 2, at.line, at.character, at.character + 2, "80")   # unsaved edit
    assert "String(80)" in await hover_value(client, views, "User.name", 6)


@pytest.mark.asyncio
async def test_changes_on_disk_are_picked_up_through_watched_files(client: RecordingClient,
                                                                   blog: dict) -> None:
    await start(client, blog["root"])
    models, views = blog["blog/models.py"], blog["blog/views.py"]
    assert "nullable: no" in await hover_value(client, views, "User.name", 6)
    models.write_text(models.read_text().replace(
        "name: Mapped[str] = mapped_column(String(50))",
        "name: Mapped[str | None] = mapped_column(String(50), index=True)"))
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=models.as_uri(), type=lsp.FileChangeType.Changed)]))
    value = await hover_value(client, views, "User.name", 6)
    assert "nullable: yes" in value and "- indexed" in value


@pytest.mark.asyncio
async def test_pyproject_change_reloads_the_configuration(client: RecordingClient,
                                                          tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.ormlens]\n")
    await start(client, tmp_path)
    uri = open_document(client, tmp_path / "broken.py", "def f(:\n")
    (diag,) = await client.diagnostics_for(uri, lambda d: bool(d))
    assert diag.severity == lsp.DiagnosticSeverity.Error
    before = len(client.published)
    (tmp_path / "pyproject.toml").write_text('[tool.ormlens]\nseverity = { ORM000 = "info" }\n')
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=(tmp_path / "pyproject.toml").as_uri(), type=lsp.FileChangeType.Changed)]))
    (diag,) = await client.diagnostics_for(uri, lambda d: bool(d), after=before)
    assert diag.severity == lsp.DiagnosticSeverity.Information


@pytest.mark.asyncio
async def test_restart_command_reindexes(client: RecordingClient, blog: dict) -> None:
    await start(client, blog["root"])
    models, views = blog["blog/models.py"], blog["blog/views.py"]
    models.write_text(models.read_text().replace("String(50)", "String(64)"))   # no notification
    result = await client.workspace_execute_command_async(lsp.ExecuteCommandParams(
        command="ormlens.restart"))
    assert result is True
    assert len(client.progress_reports) == 2   # a second indexing run, with its own token
    assert "String(64)" in await hover_value(client, views, "User.name", 6)
