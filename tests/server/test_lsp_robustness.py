"""The server never dies: broken, huge and hostile documents, failing handlers, cancellation."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from lsp_harness import (BLOG, CONFIG, RecordingClient, open_document, position_of, start,
                         write_project)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def session(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("robust")
    lsp_client.files = write_project(root, BLOG)   # type: ignore[attr-defined]
    lsp_client.root = root                          # type: ignore[attr-defined]
    await start(lsp_client, root, {"ormlens": {"debounceMs": 0}})
    yield
    await lsp_client.shutdown_session()


def requests(session: RecordingClient, uri: str, pos: lsp.Position) -> list:
    doc = lsp.TextDocumentIdentifier(uri=uri)
    return [
        session.text_document_hover_async(lsp.HoverParams(text_document=doc, position=pos)),
        session.text_document_completion_async(lsp.CompletionParams(text_document=doc, position=pos)),
        session.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=pos)),
        session.text_document_references_async(lsp.ReferenceParams(
            text_document=doc, position=pos, context=lsp.ReferenceContext(include_declaration=True))),
        session.text_document_code_action_async(lsp.CodeActionParams(
            text_document=doc, range=lsp.Range(start=pos, end=pos),
            context=lsp.CodeActionContext(diagnostics=[]))),
    ]


HOSTILE = {
    "nul.py": "x = 1\x00\x00\nclass \x00:\n",
    "nested.py": "x = " + "(" * 3000 + "1" + ")" * 3000 + "\n",
    "unclosed.py": "x = " + "[" * 500 + "\n" + "def f(:\n" * 50,
    "long_line.py": "x = '" + "a" * 300_000 + "'\n",
    "emoji.py": "s = '😀😀'; from blog.models import User; y = User.name\n",
    "tabs_and_cr.py": "class A:\r\n\tx = 1\r\n        y = 2\r\n",
    "empty.py": "",
}


@pytest.mark.slow
async def test_hostile_documents_get_answers(session: RecordingClient) -> None:
    root: Path = session.root   # type: ignore[attr-defined]
    for name, text in HOSTILE.items():
        uri = open_document(session, root / name, text)
        await session.diagnostics_for(uri)
        for pos in (lsp.Position(0, 6), lsp.Position(400, 10**6)):
            results = await asyncio.gather(*requests(session, uri, pos))
            assert results[0] is None or isinstance(results[0], lsp.Hover), name
    # UTF-16 columns: the emoji line's `User.name` is found where the client counts it
    text = HOSTILE["emoji.py"]
    pos = lsp.Position(0, text.index("name") + 2)      # two emoji = two extra UTF-16 units
    hover = await session.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=(root / "emoji.py").as_uri()), position=pos))
    assert hover.contents.value.startswith("**User.name**")
    assert hover.range.start == lsp.Position(0, pos.character)


async def test_a_document_with_syntax_errors_still_gets_hovers(session: RecordingClient) -> None:
    root: Path = session.root   # type: ignore[attr-defined]
    text = "from blog.models import User\n\nname = User.email\n\ndef broken(:\n    pass\n"
    uri = open_document(session, root / "half.py", text)
    diags = await session.diagnostics_for(uri, lambda d: bool(d))
    assert [d.code for d in diags] == ["ORM000"] and diags[0].range.start.line == 4
    hover = await session.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=position_of(text, "email", 1)))
    assert hover.contents.value.startswith("**User.email**") and "nullable: yes" in hover.contents.value


async def test_a_huge_document(session: RecordingClient) -> None:
    root: Path = session.root   # type: ignore[attr-defined]
    body = "".join(f"def f{i}(session):\n    return session.get(User, {i}).name\n\n"
                   for i in range(700))
    text = "from blog.models import User\n\n" + body
    uri = open_document(session, root / "huge.py", text)
    assert await session.diagnostics_for(uri) == []
    hover = await session.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=position_of(text, "User, 699", 1)))
    assert hover.contents.value.startswith("**User**: mapped class")


async def test_a_failing_handler_is_logged_and_answered_empty(session: RecordingClient) -> None:
    root: Path = session.root   # type: ignore[attr-defined]
    missing = (root / "not_there.py").as_uri()     # neither open nor on disk
    before = len(session.log_messages)
    results = await asyncio.gather(*requests(session, missing, lsp.Position(0, 0)))
    assert results[0] is None and list(results[1].items) == []
    assert [list(r) for r in results[2:]] == [[], [], []]
    errors = [m.message for m in session.log_messages[before:] if m.type == lsp.MessageType.Error]
    assert len(errors) == 5 and all("failed: FileNotFoundError" in e for e in errors)
    assert any(e.startswith("on_hover failed") for e in errors)


async def test_cancelled_requests_are_honoured(session: RecordingClient) -> None:
    root: Path = session.root   # type: ignore[attr-defined]
    # a big file keeps the analysis thread busy; the hover queued behind it is cancelled
    text = "from blog.models import User\n" + "".join(
        f"def g{i}(s):\n    return [u.name for u in s.query(User).filter_by(id={i})]\n"
        for i in range(300))
    uri = open_document(session, root / "busy.py", text)
    pending = asyncio.ensure_future(session.protocol.send_request_async(
        lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri),
                                                 position=lsp.Position(0, 25)),
        msg_id="hover-to-cancel"))
    await asyncio.sleep(0)   # let the request be written before its cancellation
    session.protocol.notify(lsp.CANCEL_REQUEST, lsp.CancelParams(id="hover-to-cancel"))
    with pytest.raises(JsonRpcException) as info:
        await pending
    assert info.value.code == lsp.LSPErrorCodes.RequestCancelled
    # and the server goes on answering
    hover = await session.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=position_of(text, "User", 1, 1)))
    assert hover is not None
