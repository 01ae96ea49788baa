"""Hover, completion, definition and references over one session on the BLOG project."""
from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from lsp_harness import (BLOG, CONFIG, RecordingClient, apply_edits, code_actions_of, edit, open_document,
                         position_of, replace_text, start, write_project)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def session(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("blog")
    files = write_project(root, {**BLOG, "blog/loops.py": BLOG["blog/views.py"],
                                 "blog/loops2.py": BLOG["blog/views.py"]})
    await start(lsp_client, root)
    lsp_client.files = files   # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def doc(session: RecordingClient, name: str) -> tuple[str, str]:
    path: Path = session.files[name]   # type: ignore[attr-defined]
    return path.as_uri(), path.read_text()


async def hover(session: RecordingClient, name: str, needle: str, offset: int = 0, nth: int = 0
                ) -> lsp.Hover | None:
    uri, text = doc(session, name)
    return await session.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=position_of(text, needle, offset, nth)))


async def test_hover_on_a_mapped_column(session: RecordingClient) -> None:
    result = await hover(session, "blog/views.py", "User.name", 6)
    value = result.contents.value
    assert value.startswith("**User.name**: column `users.name`")
    assert "- type: `String(50)` (Python `str`)" in value and "- nullable: no" in value
    uri, text = doc(session, "blog/views.py")
    start = position_of(text, "User.name", 5)
    assert result.range == lsp.Range(start=start, end=lsp.Position(start.line, start.character + 4))


async def test_hover_on_relationship_and_its_strings(session: RecordingClient) -> None:
    value = (await hover(session, "blog/views.py", "Post.author", 6)).contents.value
    assert "**Post.author**: relationship to `User`" in value
    assert "- direction: many-to-one (scalar)" in value and 'lazy="select"' in value
    assert "- back_populates: `User.posts`" in value
    # relationship("User") -> the class; back_populates="posts" -> User.posts
    value = (await hover(session, "blog/models.py", 'relationship("User"', 15)).contents.value
    assert value.startswith("**User**: mapped class, table `users`") and "- `posts`" in value
    value = (await hover(session, "blog/models.py", 'back_populates="posts"', 17)).contents.value
    assert "**User.posts**: relationship to `Post`" in value and "one-to-many (collection)" in value
    value = (await hover(session, "blog/models.py", 'ForeignKey("users.id")', 13)).contents.value
    assert value.startswith("**User.id**: column `users.id`") and "- primary key" in value
    value = (await hover(session, "blog/models.py", 'secondary="post_tags"', 12)).contents.value
    assert value.startswith("**post_tags**: table") and "FK posts.id" in value


async def test_hover_on_a_relationship_read_in_a_loop(session: RecordingClient) -> None:
    value = (await hover(session, "blog/views.py", "user.posts", 7)).contents.value
    assert value.startswith("**User.posts**: relationship to `Post`")
    assert value.endswith("- here: lazy load: one SELECT when read, once per row of the loop (N+1)")


async def test_hover_on_an_attribute_definition_and_nothing(session: RecordingClient) -> None:
    value = (await hover(session, "blog/models.py", "label:", 1)).contents.value
    assert "**Tag.label**" in value and "- unique" in value and "String(30)" in value
    assert await hover(session, "blog/views.py", "out = []", 1) is None


async def complete(session: RecordingClient, uri: str, position: lsp.Position) -> list[str]:
    result = await session.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=position))
    items = result.items if isinstance(result, lsp.CompletionList) else result
    return [i.label for i in items]


async def typed(session: RecordingClient, name: str, text: str, version: int
                ) -> tuple[str, lsp.Position]:
    """Open a scratch module of the blog package holding ``text`` (cursor at ``|``)."""
    root: Path = session.files["root"] if "root" in session.files else \
        session.files["blog/models.py"].parent.parent   # type: ignore[attr-defined]
    path = root / "blog" / name
    clean = text.replace("|", "")
    uri = open_document(session, path, clean, version)
    return uri, position_of(text, "|")


async def test_completion_of_columns_and_relationships(session: RecordingClient) -> None:
    head = "from sqlalchemy import select\nfrom sqlalchemy.orm import selectinload, Session\n" \
           "from blog.models import Post, User\n\n"
    cases = {
        "session.query(User).filter_by(|)": ["id", "name", "email"],
        "session.query(User).filter_by(name='x', |)": ["id", "email"],
        "select(Post).join(Post.author).filter_by(na|)": ["name"],
        "User(|)": ["id", "name", "email", "posts"],
        'select(User).order_by("|")': ["id", "name", "email"],
        "select(User).options(selectinload(|))": ["User.posts"],
        "select(User).options(selectinload(User.|))": ["posts"],
        "select(User).options(selectinload(User.posts).selectinload(Post.|))": ["author", "tags"],
    }
    for number, (line, expected) in enumerate(cases.items()):
        uri, pos = await typed(session, f"scratch_{number}.py", head + "x = " + line + "\n", 1)
        assert await complete(session, uri, pos) == expected, line


async def test_completion_inside_mapping_strings(session: RecordingClient) -> None:
    uri, text = doc(session, "blog/models.py")
    open_document(session, session.files["blog/models.py"])   # type: ignore[attr-defined]
    # type a new relationship into Tag, as an editor would, character by character
    lines = text.split("\n")
    tag_line = next(i for i, t in enumerate(lines) if "label: Mapped[str]" in t) + 1
    edit(session, uri, 2, tag_line, 0, 0, '    posts = relationship("")\n')
    assert await complete(session, uri, lsp.Position(tag_line, 26)) == ["Post", "Tag", "User"]
    edit(session, uri, 3, tag_line, 26, 26, "Post")
    edit(session, uri, 4, tag_line, 31, 31, ', back_populates=""')
    assert await complete(session, uri, lsp.Position(tag_line, 49)) == ["tags", "author"]
    edit(session, uri, 5, tag_line, 0, 51, '    owner_id = mapped_column(ForeignKey("users."))')
    result = await session.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(tag_line, 47)))
    users = [i for i in result.items if i.label.startswith("users.")]
    assert [i.label for i in users] == ["users.id", "users.name", "users.email"]
    # the item replaces what is typed inside the quotes
    assert users[0].text_edit.range == lsp.Range(start=lsp.Position(tag_line, 41),
                                                 end=lsp.Position(tag_line, 47))
    session.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))


async def test_definition_from_mapping_strings(session: RecordingClient) -> None:
    uri, text = doc(session, "blog/models.py")
    async def definition(needle: str, offset: int) -> list[lsp.Location]:
        result = await session.text_document_definition_async(lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=position_of(text, needle, offset)))
        return list(result or [])
    (loc,) = await definition('relationship("User"', 15)
    assert loc.uri == uri and loc.range.start == position_of(text, "class User", 6)
    (loc,) = await definition('back_populates="author"', 17)
    assert loc.range.start == position_of(text, "author: Mapped")
    (loc,) = await definition('ForeignKey("users.id")', 13)
    assert loc.range.start == position_of(text, "id: Mapped[int]", 0, nth=0)
    (loc,) = await definition('secondary="post_tags"', 12)
    assert loc.range.start.line == position_of(text, "post_tags = Table").line
    assert await definition("class Base", 2) == []


async def test_references_across_modules(session: RecordingClient) -> None:
    uri, text = doc(session, "blog/models.py")
    views_uri, views = doc(session, "blog/views.py")
    result = await session.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=position_of(text, 'back_populates="author"', 17),
        context=lsp.ReferenceContext(include_declaration=True)))
    # (other tests of this session open scratch modules of their own)
    found = {(r.uri, r.range.start.line, r.range.start.character) for r in result
             if r.uri in (uri, views_uri)}
    author = position_of(text, "author: Mapped")
    expected = {(uri, author.line, author.character),
                (uri, *_pos(position_of(text, '"author"'))),
                (views_uri, *_pos(position_of(views, "Post.author", 5)))}
    assert found == expected
    without = await session.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=position_of(text, 'back_populates="author"', 17),
        context=lsp.ReferenceContext(include_declaration=False)))
    assert len([r for r in without if r.uri in (uri, views_uri)]) == 2


def _pos(p: lsp.Position) -> tuple[int, int]:
    return p.line, p.character


# --- SQL previews in the hover ---------------------------------------------------------------
async def test_hover_shows_the_sql_of_each_dialect(session: RecordingClient) -> None:
    value = (await hover(session, "blog/views.py", "select(Post.title)", 2)).contents.value
    blocks = value.split("\n\n")
    assert [b.split("\n")[0] for b in blocks[:3]] == ["**sqlite**", "**postgresql**", "**mysql**"]
    assert blocks[0] == ("**sqlite**\n```sql\nSELECT posts.title \nFROM posts JOIN users ON "
                         "users.id = posts.author_id \nWHERE users.name = :name ORDER BY posts.id"
                         "\n```\nparams: `name` = `<name>`")
    assert "FROM posts INNER JOIN users" in blocks[2]
    assert blocks[-1] == "result: `rows: (str,)`"
    # on a mapped attribute inside the statement: its facts first, then the statement's SQL
    value = (await hover(session, "blog/views.py", "User.name == name", 6)).contents.value
    facts, sql = value.split("\n\n---\n\n")
    assert facts.startswith("**User.name**") and sql.startswith("**sqlite**\n```sql\nSELECT posts.title")


async def test_hover_dialects_follow_the_settings_and_eager_loads_show(session: RecordingClient) -> None:
    uri, pos = await typed(session, "eager.py", (
        "from sqlalchemy import select\nfrom sqlalchemy.orm import selectinload\n"
        "from blog.models import User\n\n"
        "stmt = sel|ect(User).options(selectinload(User.posts)).where(User.id == 5)\n"), 1)
    session.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"ormlens": {"dialects": ["postgresql", "oracle"]}}))
    try:
        result = await session.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=pos))
    finally:
        session.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
            settings={"ormlens": {}}))
    value = result.contents.value
    headings = [line for line in value.split("\n") if line.startswith("**")]
    assert headings == ["**postgresql**", "**oracle** (transpiled by sqlglot from the PostgreSQL SQL)"]
    assert "then (selectinload of User.posts):" in value
    assert "WHERE posts.author_id IN" in value and "params: `id_1` = `5`" in value
    assert value.endswith("result: `User`")


# --- code actions and commands ---------------------------------------------------------------
async def actions_at(session: RecordingClient, uri: str, pos: lsp.Position,
                     diagnostics: list[lsp.Diagnostic] = (), only: list[str] | None = None
                     ) -> list[lsp.CodeAction]:
    result = await session.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=lsp.Range(start=pos, end=pos),
        context=lsp.CodeActionContext(diagnostics=list(diagnostics), only=only)))
    return code_actions_of(session, result)


async def test_the_n_plus_one_quick_fix_adds_the_eager_load(session: RecordingClient) -> None:
    path = session.files["blog/loops.py"]   # type: ignore[attr-defined]
    text = path.read_text()
    uri = open_document(session, path)
    (diag,) = await session.diagnostics_for(uri, lambda d: bool(d))
    assert diag.code == "ORM101" and diag.range.start == position_of(text, "user.posts")
    assert diag.related_information[0].message == "the query that loads these objects"
    fixes = [a for a in await actions_at(session, uri, diag.range.start, [diag])
             if a.kind == lsp.CodeActionKind.QuickFix]
    fix = next(a for a in fixes if a.is_preferred)
    # what a diagnostic's hover asks for: the quick fixes only
    only = await actions_at(session, uri, diag.range.start, [diag], only=["quickfix"])
    assert [a.title for a in only] == [a.title for a in fixes] and len(only) == 2
    assert fix.title == "Eager-load User.posts with selectinload()" and fix.diagnostics[0].code == "ORM101"
    fixed = apply_edits(text, list(fix.edit.changes[uri]))
    assert "from sqlalchemy.orm import Session, selectinload\n" in fixed
    assert "select(User).where(User.name != \"\")).options(selectinload(User.posts))" in fixed or \
        "select(User).where(User.name != \"\").options(selectinload(User.posts))" in fixed
    before = len(session.published)
    replace_text(session, uri, 2, fixed)
    assert await session.diagnostics_for(uri, lambda d: not d, after=before) == []


async def test_suppress_on_this_line(session: RecordingClient) -> None:
    path = session.files["blog/loops2.py"]   # type: ignore[attr-defined]
    text = path.read_text()
    uri = open_document(session, path)
    (diag,) = await session.diagnostics_for(uri, lambda d: bool(d))
    suppress = next(a for a in await actions_at(session, uri, diag.range.start)
                    if a.title == "Suppress ORM101 on this line")
    fixed = apply_edits(text, list(suppress.edit.changes[uri]))
    assert "        for post in user.posts:  # ormlens: ignore[ORM101]\n" in fixed
    before = len(session.published)
    replace_text(session, uri, 2, fixed)
    assert await session.diagnostics_for(uri, lambda d: not d, after=before) == []
    # nothing more to suppress on that line now
    assert not [a for a in await actions_at(session, uri, diag.range.start)
                if a.title.startswith("Suppress")]


async def test_show_sql_source_actions_and_command(session: RecordingClient) -> None:
    uri, text = doc(session, "blog/views.py")
    pos = position_of(text, "select(Post.title)", 3)
    found = await actions_at(session, uri, pos, only=[lsp.CodeActionKind.Source])
    assert [a.title for a in found] == ["Show SQL for sqlite", "Show SQL for postgresql",
                                        "Show SQL for mysql"]
    action = found[1]
    assert action.kind == "source.ormlens.showSql" and action.command.command == "ormlens.showSql"
    (args,) = action.command.arguments
    assert args == {"uri": uri, "position": {"line": pos.line, "character": pos.character},
                    "dialect": "postgresql", "show": True}
    before = len(session.messages)
    sql = await session.workspace_execute_command_async(lsp.ExecuteCommandParams(
        command="ormlens.showSql", arguments=[args]))
    assert sql.startswith("SELECT posts.title \nFROM posts JOIN users") and \
        sql.endswith("\n-- params: name = <name>\n")
    await session.wait_until(lambda: len(session.messages) > before, what="the SQL message")
    assert session.messages[-1].message == sql
    # other dialects, sqlglot's included; no statement there; an unknown dialect
    oracle = await session.workspace_execute_command_async(lsp.ExecuteCommandParams(
        command="ormlens.showSql", arguments=[{**args, "dialect": "oracle", "show": False}]))
    assert oracle.startswith("SELECT\n  posts.title\nFROM posts\nJOIN users\n  ON users.id = posts.author_id")
    nothing = await session.workspace_execute_command_async(lsp.ExecuteCommandParams(
        command="ormlens.showSql", arguments=[{**args, "position": {"line": 0, "character": 0}}]))
    assert nothing is None
    with pytest.raises(JsonRpcException) as info:
        await session.workspace_execute_command_async(lsp.ExecuteCommandParams(
            command="ormlens.showSql", arguments=[{**args, "dialect": "nosuchdb"}]))
    assert info.value.code == -32602 and "unknown dialect 'nosuchdb'" in info.value.message
    # not on a query: no Show SQL actions
    assert await actions_at(session, uri, position_of(text, "out = []"), only=["source"]) == []
