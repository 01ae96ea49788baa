"""A pytest-lsp client that records what the server pushes, and helpers to drive a session.

Tests wait for *events* (a diagnostics publication for a URI, the end of the indexing progress),
never for time: ``await client.wait_until(lambda: ...)`` re-checks its condition each time the
server sends a notification, with a generous timeout as a safety net only.
"""
from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable, Optional

import pytest_lsp
from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, LanguageClient, register_lsp_features
from pytest_lsp.protocol import LanguageClientProtocol

SERVER_COMMAND = [sys.executable, "-m", "server", "--stdio"]   # as vscode-languageclient runs it
TIMEOUT = 30.0


class RecordingProtocol(LanguageClientProtocol):
    """lsprotocol reads any code action that has a ``command`` as a bare Command (its union hook
    looks for the key only); code actions are read here as a client must: a CodeAction when its
    ``command`` is an object."""

    def get_result_type(self, method: str) -> Any:
        if method == lsp.TEXT_DOCUMENT_CODE_ACTION:
            return None   # pygls' generic response: the result stays JSON
        return super().get_result_type(method)


def code_actions_of(client: "RecordingClient", raw: Optional[list[dict[str, Any]]]
                    ) -> list[Any]:
    out = []
    for item in raw or []:
        kind = lsp.CodeAction if isinstance(item.get("command"), dict) or "command" not in item \
            else lsp.Command
        out.append(client.protocol._converter.structure(item, kind))
    return out


class RecordingClient(LanguageClient):
    """Keeps every publishDiagnostics (in order) and wakes waiters on each notification."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self.registrations: list[lsp.Registration] = []
        self.configuration_requests = 0
        self._changed: Optional[asyncio.Event] = None

    def signal(self) -> None:
        if self._changed is not None:
            self._changed.set()

    async def wait_until(self, condition: Callable[[], Any], timeout: float = TIMEOUT,
                         what: str = "condition") -> Any:
        """Wait until ``condition()`` is truthy, re-checking after every server notification."""
        if self._changed is None:
            self._changed = asyncio.Event()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = condition()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}; diagnostics: "
                                     f"{[(p.uri.rsplit('/', 1)[-1], p.version, len(p.diagnostics)) for p in self.published]}"
                                     f"; log: {[m.message[:300] for m in self.log_messages]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    def last_diagnostics(self, uri: str) -> Optional[lsp.PublishDiagnosticsParams]:
        for params in reversed(self.published):
            if params.uri == uri:
                return params
        return None

    async def diagnostics_for(self, uri: str, predicate: Callable[[list[lsp.Diagnostic]], bool]
                              = lambda d: True, after: int = 0) -> list[lsp.Diagnostic]:
        """The diagnostics of the first publication for ``uri`` (index >= ``after``) matching."""
        def found() -> Optional[list[lsp.Diagnostic]]:
            for params in self.published[after:]:
                if params.uri == uri and predicate(list(params.diagnostics)):
                    return list(params.diagnostics) or [None]  # type: ignore[list-item]
            return None
        result = await self.wait_until(found, what=f"diagnostics for {uri}")
        return [d for d in result if d is not None]

    def index_done(self) -> bool:
        return any(isinstance(value, lsp.WorkDoneProgressEnd)
                   for reports in self.progress_reports.values() for value in reports)


def _wrap(method: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    def run(client: RecordingClient, params: Any) -> Any:
        if method == lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            client.published.append(params)
        if method == lsp.WORKSPACE_CONFIGURATION:
            client.configuration_requests += 1
        result = handler(client, params)
        client.signal()
        return result
    return run


def _register_capability(client: RecordingClient, params: lsp.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)
    client.signal()


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter, protocol_cls=RecordingProtocol)
    features = {m: _wrap(m, f) for m, f in DEFAULT_CLIENT_FEATURES.items()}
    features[lsp.CLIENT_REGISTER_CAPABILITY] = _register_capability
    register_lsp_features(client, features)
    return client


CONFIG = pytest_lsp.ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


def capabilities(*, progress: bool = True, configuration: bool = True,
                 watch: bool = True) -> lsp.ClientCapabilities:
    """What VS Code announces, switchable where the server behaves differently."""
    caps = pytest_lsp.client_capabilities("visual-studio-code")
    caps.window.work_done_progress = progress
    caps.workspace.configuration = configuration
    caps.workspace.did_change_watched_files.dynamic_registration = watch
    return caps


def write_project(root: Path, files: dict[str, str]) -> dict[str, Path]:
    out = {}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        out[name] = path
    return out


async def start(client: RecordingClient, root: Path, options: Any = None, *,
                caps: Optional[lsp.ClientCapabilities] = None, wait_index: bool = True
                ) -> lsp.InitializeResult:
    result = await client.initialize_session(lsp.InitializeParams(
        capabilities=caps or capabilities(), root_uri=root.as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options))
    if wait_index and (caps is None or caps.window.work_done_progress):
        await client.wait_until(client.index_done, what="indexing to end")
    return result


def open_document(client: RecordingClient, path: Path, text: Optional[str] = None,
                  version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id="python", version=version,
        text=text if text is not None else path.read_text(encoding="utf-8"))))
    return uri


def replace_text(client: RecordingClient, uri: str, version: int, text: str) -> None:
    """A full-text change (also valid under incremental sync: no range)."""
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))


def edit(client: RecordingClient, uri: str, version: int, line: int, start: int, end: int,
         new_text: str, end_line: Optional[int] = None) -> None:
    """An incremental change of one range."""
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=lsp.Position(line, start),
                            end=lsp.Position(line if end_line is None else end_line, end)),
            text=new_text)]))


def position_of(text: str, needle: str, offset: int = 0, nth: int = 0) -> lsp.Position:
    """The position of the ``nth`` occurrence of ``needle`` in ``text`` (plus ``offset`` chars)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return lsp.Position(line=line, character=column)


__all__ = ["BLOG", "CONFIG", "apply_edits", "code_actions_of", "RecordingClient", "SERVER_COMMAND", "capabilities", "edit", "make_client",
           "open_document", "position_of", "replace_text", "start", "write_project"]


# A small project the feature tests share: models in one module, queries in another.
BLOG = {
    "pyproject.toml": """
        [project]
        name = "blog"
        """,
    "blog/__init__.py": "",
    "blog/models.py": """
        from sqlalchemy import Column, ForeignKey, String, Table
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        post_tags = Table(
            "post_tags", Base.metadata,
            Column("post_id", ForeignKey("posts.id"), primary_key=True),
            Column("tag_id", ForeignKey("tags.id"), primary_key=True),
        )


        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str] = mapped_column(String(50))
            email: Mapped[str | None] = mapped_column(String(120))
            posts: Mapped[list["Post"]] = relationship(back_populates="author")


        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            title: Mapped[str] = mapped_column(String(200))
            author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            author: Mapped["User"] = relationship("User", back_populates="posts")
            tags: Mapped[list["Tag"]] = relationship(secondary="post_tags")


        class Tag(Base):
            __tablename__ = "tags"
            id: Mapped[int] = mapped_column(primary_key=True)
            label: Mapped[str] = mapped_column(String(30), unique=True)
        """,
    "blog/views.py": """
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from blog.models import Post, User


        def bylines(session: Session) -> list[str]:
            users = session.scalars(select(User).where(User.name != "")).all()
            out = []
            for user in users:
                for post in user.posts:
                    out.append(post.title)
            return out


        def titles(session: Session, name: str) -> list[str]:
            stmt = select(Post.title).join(Post.author).where(User.name == name).order_by(Post.id)
            return list(session.scalars(stmt))
        """,
}


def apply_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    """``text`` with LSP text edits applied (as an editor does: from the last to the first)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(pos: lsp.Position) -> int:
        return offsets[pos.line] + pos.character

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text
