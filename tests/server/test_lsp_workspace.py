"""Workspace indexing: work-done progress, file watching, cross-file updates, restart."""
from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp

from lsp_harness import (BLOG, CONFIG, RecordingClient, capabilities, edit, open_document,
                         position_of, start, write_project)

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def hover_value(client: RecordingClient, path: Path, needle: str, offset: int) -> str | None:
    text = path.read_text()
    result = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()),
        position=position_of(text, needle, offset)))
    return result.contents.value if result else None


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def fresh(lsp_client: RecordingClient):
    """A server not initialized yet (each test below starts its own)."""
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def blog_session(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("blog")
    lsp_client.files = write_project(root, BLOG)   # type: ignore[attr-defined]
    for number in range(7):   # more files: more progress reports
        (root / "blog" / f"extra_{number}.py").write_text(f"X{number} = {number}\n")
    await start(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


async def test_indexing_reports_work_done_progress(blog_session: RecordingClient) -> None:
    client = blog_session
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


async def test_a_model_edited_in_one_open_file_updates_hovers_and_diagnostics_in_others(
        blog_session: RecordingClient) -> None:
    client = blog_session
    models, views = client.files["blog/models.py"], client.files["blog/views.py"]   # type: ignore[attr-defined]
    views_uri = open_document(client, views)
    diags = await client.diagnostics_for(views_uri, lambda d: bool(d))
    assert [d.code for d in diags] == ["ORM101"]   # user.posts in the loop
    models_uri = open_document(client, models)
    text = models.read_text()
    # an unsaved edit: String(80), and User.posts loaded with selectin (no more N+1)
    at = position_of(text, "String(50)", 7)
    edit(client, models_uri, 2, at.line, at.character, at.character + 2, "80")
    at = position_of(text, 'relationship(back_populates="author")', 13)
    before = len(client.published)
    edit(client, models_uri, 3, at.line, at.character, at.character, 'lazy="selectin", ')
    assert await client.diagnostics_for(views_uri, lambda d: not d, after=before) == []
    assert "String(80)" in await hover_value(client, views, "User.name", 6)
    # closing the unsaved model file brings the disk's models back
    before = len(client.published)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=models_uri)))
    diags = await client.diagnostics_for(views_uri, lambda d: bool(d), after=before)
    assert [d.code for d in diags] == ["ORM101"]
    assert "String(50)" in await hover_value(client, views, "User.name", 6)


async def test_changes_on_disk_are_picked_up_through_watched_files(
        blog_session: RecordingClient) -> None:
    client = blog_session
    models, views = client.files["blog/models.py"], client.files["blog/views.py"]   # type: ignore[attr-defined]
    assert "nullable: no" in await hover_value(client, views, "Post.title", 6)
    models.write_text(models.read_text().replace(
        "title: Mapped[str] = mapped_column(String(200))",
        "title: Mapped[str | None] = mapped_column(String(200), index=True)"))
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=models.as_uri(), type=lsp.FileChangeType.Changed)]))
    value = await hover_value(client, views, "Post.title", 6)
    assert "nullable: yes" in value and "- indexed" in value


async def test_restart_command_reindexes(blog_session: RecordingClient) -> None:
    client = blog_session
    models = client.files["blog/models.py"]   # type: ignore[attr-defined]
    models.write_text(models.read_text().replace("String(30)", "String(64)"))   # unannounced
    runs = len(client.progress_reports)
    result = await client.workspace_execute_command_async(lsp.ExecuteCommandParams(
        command="ormlens.restart"))
    assert result is True
    assert len(client.progress_reports) == runs + 1   # a new indexing run with its own token
    assert "String(64)" in await hover_value(client, models, "label:", 1)


async def test_a_client_without_progress_or_watchers_still_gets_an_index(
        fresh: RecordingClient, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("plain-client")
    files = write_project(root, BLOG)
    await start(fresh, root, caps=capabilities(progress=False, watch=False, configuration=False))
    # indexing runs before any request on the analysis thread: the hover sees the models
    value = await hover_value(fresh, files["blog/views.py"], "User.name", 6)
    assert value is not None and "users.name" in value
    assert fresh.progress_reports == {} and fresh.registrations == []
    assert fresh.configuration_requests == 0
