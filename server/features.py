"""The LSP handlers: each gets the document, calls ``analysis``, converts the result.

Every handler is wrapped by :func:`guarded`: an exception is logged to the client
(``window/logMessage``) and answered with an empty result, so no input can take the server down.
"""
from __future__ import annotations

import enum
import functools
import os
import sys
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams

from analysis.editor import actions, completion, hover, navigation

from .app import OrmlensServer
from .convert import json_safe, path_from_uri

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])

SHOW_SQL = "ormlens.showSql"
RESTART = "ormlens.restart"
COMPLETION_TRIGGERS = ["(", '"', "'", ".", ",", " "]
WATCHED = ["**/*.py", "**/pyproject.toml"]


def guarded(default: Any = None) -> Callable[[F], F]:
    def wrap(handler: F) -> F:
        @functools.wraps(handler)
        async def run(ls: OrmlensServer, *args: Any) -> Any:
            try:
                return await handler(ls, *args)
            except Exception as exc:   # never let one request take the server down
                ls.log(f"{handler.__name__} failed: {exc!r}\n{traceback.format_exc()}", "error")
                return default() if callable(default) else default
        return run  # type: ignore[return-value]
    return wrap


def register(server: OrmlensServer) -> None:  # noqa: C901 - one place that lists every feature
    # lifecycle -----------------------------------------------------------------------------
    @server.feature(lsp.INITIALIZE)
    @guarded()
    async def initialize(ls: OrmlensServer, params: lsp.InitializeParams) -> None:
        ls.bind_loop()
        ls.init_settings = params.initialization_options
        ls.settings = ls.settings.parse(params.initialization_options)
        for problem in ls.settings.problems:
            ls.log(problem, "warning")
        await ls.host.run(ls.host.configure, ls.root_path(), ls.settings)

    @server.feature(lsp.INITIALIZED)
    @guarded()
    async def initialized(ls: OrmlensServer, params: lsp.InitializedParams) -> None:
        pulled = await ls.pull_settings()
        if pulled:
            await ls.apply_settings(pulled)
        await _watch_files(ls)
        await ls.index_workspace()

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: OrmlensServer, params: Any) -> None:
        # synchronous on purpose: pygls then cancels the other pending requests from within this
        # request's context (an async handler here makes it cancel the shutdown itself)
        try:
            ls.host.shutdown()
        except Exception as exc:
            ls.log(f"shutdown: {exc!r}", "error")

    @server.feature(lsp.EXIT)
    def exit_now(ls: OrmlensServer, params: Any) -> None:
        # The analysis thread may be in the middle of a long check that nobody will read; the
        # interpreter would wait for it at exit.  Leave at once (stdout is written unbuffered).
        sys.stderr.flush()
        os._exit(0 if ls.protocol._shutdown else 1)

    # documents -----------------------------------------------------------------------------
    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    async def did_open(ls: OrmlensServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.scheduler.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    async def did_change(ls: OrmlensServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.scheduler.schedule(params.text_document.uri, ls.settings.debounce_ms)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    async def did_save(ls: OrmlensServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.scheduler.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    async def did_close(ls: OrmlensServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.scheduler.clear(params.text_document.uri)
        await ls.host.run(ls.host.close, path_from_uri(params.text_document.uri))
        ls.scheduler.schedule_all()   # the disk version of a model file may differ

    # workspace -----------------------------------------------------------------------------
    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    async def did_change_watched_files(ls: OrmlensServer,
                                       params: lsp.DidChangeWatchedFilesParams) -> None:
        paths = [path_from_uri(change.uri) for change in params.changes]
        await ls.host.run(ls.host.files_changed, paths)
        ls.scheduler.schedule_all()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded()
    async def did_change_configuration(ls: OrmlensServer,
                                       params: lsp.DidChangeConfigurationParams) -> None:
        raw = params.settings
        if not (isinstance(raw, dict) and ("ormlens" in raw or any(
                isinstance(k, str) and k.startswith("ormlens.") for k in raw))):
            raw = await ls.pull_settings()   # a bare "something changed": ask for the section
        await ls.apply_settings(raw if raw is not None else ls.init_settings)

    # language features ---------------------------------------------------------------------
    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @guarded()
    async def on_hover(ls: OrmlensServer, params: lsp.HoverParams) -> lsp.Hover | None:
        doc, conv, pos = _at(ls, params)
        result = await ls.analyse(doc, hover.hover_at, pos.line, pos.column)
        return conv.hover(result, doc.path)

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                    lsp.CompletionOptions(trigger_characters=COMPLETION_TRIGGERS))
    @guarded(lambda: lsp.CompletionList(is_incomplete=False, items=[]))
    async def on_completion(ls: OrmlensServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        doc, conv, pos = _at(ls, params)
        items = await ls.analyse(doc, completion.complete, pos.line, pos.column,
                                  default=[])
        return conv.completions(items, doc.path)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    @guarded(list)
    async def on_definition(ls: OrmlensServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
        doc, conv, pos = _at(ls, params)
        found = await ls.analyse(doc, navigation.definition, pos.line, pos.column,
                                  default=[])
        return conv.locations(found)

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    @guarded(list)
    async def on_references(ls: OrmlensServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        doc, conv, pos = _at(ls, params)
        found = await ls.analyse(doc, navigation.references, pos.line, pos.column,
                                  params.context.include_declaration, default=[])
        return conv.locations(found)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[
        lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.Source]))
    @guarded(list)
    async def on_code_action(ls: OrmlensServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        doc = _doc(ls, params.text_document.uri)
        conv = ls.converter_for(doc)
        rng = conv.from_range(params.range, doc.lines)
        found = await ls.analyse(doc, actions.code_actions, rng, default=[])
        result = conv.code_actions(found)
        if params.context.only:   # some kinds only: "quickfix" from a diagnostic's hover, ...
            wanted = [_kind(k) for k in params.context.only]
            result = [a for a in result
                      if any(_kind(a.kind) == k or _kind(a.kind).startswith(k + ".") for k in wanted)]
        return result

    # commands ------------------------------------------------------------------------------
    @server.command(SHOW_SQL)
    async def show_sql(ls: OrmlensServer, *args: Any) -> Any:
        try:
            request = _show_sql_arguments(args)
        except ValueError as exc:   # a malformed request gets a protocol error, not a guess
            raise JsonRpcInvalidParams(str(exc)) from None
        if request["dialect"] is not None:
            problem = await ls.host.run(actions.dialect_problem, request["dialect"])
            if problem:
                raise JsonRpcInvalidParams(problem)
        return await _show_sql(ls, request)

    @guarded()
    async def _show_sql(ls: OrmlensServer, request: dict[str, Any]) -> Any:
        doc = _doc(ls, request["uri"])
        pos = ls.converter_for(doc).from_position(request["position"], doc.lines)
        text = await ls.analyse(doc, actions.show_sql, pos.line, pos.column,
                                 request["dialect"])
        if text is not None and request["show"]:
            ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Info, message=text))
        return json_safe(text)

    @server.command(RESTART)
    @guarded()
    async def restart(ls: OrmlensServer, *args: Any) -> bool:
        await ls.host.run(ls.host.configure, ls.root_path(), ls.settings)
        await ls.index_workspace()
        return True


def _kind(kind: Any) -> str:
    """A code action kind as its protocol string (lsprotocol enums print their Python name)."""
    return kind.value if isinstance(kind, enum.Enum) else str(kind)


def _doc(ls: OrmlensServer, uri: str):  # -> Snapshot
    doc = ls.snapshot(uri)
    if doc is None:   # not open in the editor: read it from disk (go-to targets, commands)
        from .host import Snapshot
        path = path_from_uri(uri)
        with open(path, encoding="utf-8", errors="replace") as fh:
            doc = Snapshot(uri=uri, path=path, version=None, text=fh.read())
    return doc


def _at(ls: OrmlensServer, params: Any):
    doc = _doc(ls, params.text_document.uri)
    conv = ls.converter_for(doc)
    return doc, conv, conv.from_position(params.position, doc.lines)


def _show_sql_arguments(args: tuple[Any, ...]) -> dict[str, Any]:
    """``{uri, position: {line, character}, dialect, show?}`` (or the same as three arguments)."""
    if len(args) == 1 and isinstance(args[0], dict):
        raw = args[0]
    elif len(args) >= 2:
        raw = {"uri": args[0], "position": args[1], "dialect": args[2] if len(args) > 2 else None}
    else:
        raise ValueError(f"{SHOW_SQL} expects {{uri, position, dialect}}, got {list(args)!r}")
    uri, position = raw.get("uri"), raw.get("position")
    if not isinstance(uri, str) or not isinstance(position, dict) or not all(
            isinstance(position.get(k), int) for k in ("line", "character")):
        raise ValueError(f"{SHOW_SQL} expects {{uri, position: {{line, character}}, dialect}}, "
                         f"got {raw!r}")
    dialect = raw.get("dialect")
    if dialect is not None and not isinstance(dialect, str):
        raise ValueError(f"{SHOW_SQL}: dialect must be a string, got {dialect!r}")
    return {"uri": uri, "position": lsp.Position(line=position["line"],
                                                 character=position["character"]),
            "dialect": dialect, "show": bool(raw.get("show"))}


async def _watch_files(ls: OrmlensServer) -> None:
    """Ask the client to send didChangeWatchedFiles for Python files and pyproject.toml."""
    ws = ls.client_capabilities.workspace
    if not (ws and ws.did_change_watched_files and ws.did_change_watched_files.dynamic_registration):
        return
    options = lsp.DidChangeWatchedFilesRegistrationOptions(
        watchers=[lsp.FileSystemWatcher(glob_pattern=g) for g in WATCHED])
    await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[
        lsp.Registration(id="ormlens-watch", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                         register_options=options)]))


__all__ = ["RESTART", "SHOW_SQL", "register"]
