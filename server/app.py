"""The ormlens language server object: the pygls server, the analysis host and their glue.

Feature handlers live in :mod:`server.features`; this module holds what they share: snapshots of
open documents, the converter for the client's position encoding, logging to the client, indexing
with work-done progress, and settings.

Example::

    from server.app import create_server
    create_server().start_io()
"""
from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any, Generator, Optional

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException, JsonRpcParseError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from . import __version__
from .convert import Converter, path_from_uri
from .diagnostics import DiagnosticsScheduler
from .host import AnalysisHost, Snapshot
from .settings import Settings

logger = logging.getLogger("ormlens.server")

_LOG_TYPES = {"error": lsp.MessageType.Error, "warning": lsp.MessageType.Warning,
              "info": lsp.MessageType.Info, "log": lsp.MessageType.Log}


class _Answered:
    """A request already answered with an error while it was being read (see below)."""

    jsonrpc = "answered"


class OrmlensProtocol(LanguageServerProtocol):
    """pygls, plus an error *response* for requests whose params do not match the protocol.

    pygls raises while reading such a message and only shows an error message: the client would
    wait for an answer forever.  Here the request gets its InvalidParams response.
    """

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                logger.warning("malformed %s request: %s", data.get("method"), exc)
                self._send_response(data["id"], error=exc.to_response_error())
                return _Answered()
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Answered):
            return
        super().handle_message(message)

    @lsp_method(lsp.SHUTDOWN)
    def lsp_shutdown(self, *args: Any) -> Generator[Any, Any, None]:
        """As pygls does, but over a copy of the pending requests: cancelling one (an unanswered
        ``initialize`` or command) removes it from the table being walked."""
        if (user_handler := self.fm.features.get(lsp.SHUTDOWN)) is not None:
            yield user_handler, args, None
        current = self.msg_id
        for msg_id, future in list(self._request_futures.items()):
            if msg_id != current and not future.done():
                future.cancel()
        self._shutdown = True
        return None


class OrmlensServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("ormlens", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
                         protocol_cls=OrmlensProtocol)
        self.host = AnalysisHost(log=self.log_threadsafe)
        self.scheduler = DiagnosticsScheduler(self)
        self.init_settings: Any = None        # initializationOptions, kept for later merges
        self.settings = Settings()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self.requests_waiting = 0

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Out-of-band errors: a body that is not JSON gets a ParseError response (id null)."""
        if isinstance(error, json.JSONDecodeError):
            # the spec's answer to a body that is not JSON: a ParseError with a null id
            self.protocol._send_data({"jsonrpc": "2.0", "id": None, "error": {
                "code": JsonRpcParseError.CODE, "message": f"Parse error: {error}"}})
            logger.warning("unparsable message: %s", error)
            return
        super().report_server_error(error, source)

    # documents -----------------------------------------------------------------------------
    def snapshot(self, uri: str) -> Optional[Snapshot]:
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        return Snapshot(uri=uri, path=path_from_uri(uri), version=doc.version, text=doc.source)

    def snapshots(self) -> dict[str, Snapshot]:
        return {uri: snap for uri in list(self.workspace.text_documents)
                if (snap := self.snapshot(uri)) is not None}

    async def analyse(self, doc: Snapshot, fn: Any, *args: Any, default: Any = None) -> Any:
        """``fn(workspace, doc.path, *args)`` on the analysis thread, with the editor's texts."""
        self.requests_waiting += 1   # background re-checks give way (see DiagnosticsScheduler)
        try:
            return await self.host.run(self.host.call, doc, list(self.snapshots().values()), fn,
                                       *args, default=default)
        finally:
            self.requests_waiting -= 1

    def current_version(self, uri: str) -> Optional[int]:
        doc = self.workspace.text_documents.get(uri)
        return doc.version if doc is not None else -1

    def converter_for(self, doc: Optional[Snapshot] = None) -> Converter:
        """A converter that knows the lines of open documents (for UTF-16 columns)."""
        by_path = {s.path: s for s in self.snapshots().values()}
        if doc is not None:
            by_path[doc.path] = doc

        def lines_of(path: str) -> Optional[list[str]]:
            snap = by_path.get(path)
            return snap.lines if snap is not None else None

        return Converter(self.workspace.position_codec, lines_of)

    # logging -------------------------------------------------------------------------------
    def log(self, message: str, level: str = "info") -> None:
        getattr(logger, "warning" if level == "warning" else "error" if level == "error"
                else "info")(message)
        try:
            self.window_log_message(lsp.LogMessageParams(type=_LOG_TYPES.get(level, lsp.MessageType.Log),
                                                         message=message))
        except Exception:   # no transport yet (or any more): stderr has it
            pass

    def log_threadsafe(self, message: str, level: str = "info") -> None:
        """``log`` from the analysis worker: messages are written from the event loop only."""
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self.log, message, level)
        else:
            logger.error(message)

    def bind_loop(self) -> None:
        self._loop = asyncio.get_running_loop()

    # workspace -----------------------------------------------------------------------------
    def root_path(self) -> Optional[str]:
        ws = self.workspace
        if ws.folders:
            first = next(iter(ws.folders.values()))
            return path_from_uri(first.uri)
        return ws.root_path

    async def apply_settings(self, raw: Any, *, reindex: bool = False) -> None:
        settings = Settings.parse(raw)
        for problem in settings.problems:
            self.log(problem, "warning")
        self.settings = settings
        await self.host.run(self.host.reconfigure, settings)
        self.scheduler.schedule_all()

    async def index_workspace(self) -> None:
        """Index the workspace's files, reporting work-done progress when the client supports it."""
        token = f"ormlens-index-{uuid.uuid4()}"
        progress = await self._begin_progress(token, "ormlens: indexing models")
        loop = asyncio.get_running_loop()
        last = [-1]

        def report(done: int, total: int, path: str) -> None:   # called on the worker
            percentage = int(done * 100 / total) if total else 100
            if progress and percentage != last[0]:
                last[0] = percentage
                loop.call_soon_threadsafe(
                    self.work_done_progress.report, token,
                    lsp.WorkDoneProgressReport(message=f"{done}/{total} files",
                                               percentage=percentage))

        count = await self.host.run(self.host.index, report, default=0)
        if progress:
            self.work_done_progress.end(token, lsp.WorkDoneProgressEnd(
                message=f"indexed {count} files"))
        self.scheduler.schedule_all()

    async def _begin_progress(self, token: str, title: str) -> bool:
        window = self.client_capabilities.window
        if not (window and window.work_done_progress):
            return False
        try:
            await self.work_done_progress.create_async(token)
        except Exception as exc:   # the client refused: index without a progress bar
            self.log(f"work-done progress refused: {exc!r}", "warning")
            return False
        self.work_done_progress.begin(token, lsp.WorkDoneProgressBegin(
            title=title, percentage=0, cancellable=False))
        return True

    async def pull_settings(self) -> Optional[Any]:
        """``workspace/configuration`` for the ``ormlens`` section, when the client supports it."""
        ws = self.client_capabilities.workspace
        if not (ws and ws.configuration):
            return None
        try:
            result = await asyncio.wait_for(self.workspace_configuration_async(
                lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section="ormlens")])), 5)
        except Exception as exc:
            self.log(f"workspace/configuration failed: {exc!r}", "warning")
            return None
        return result[0] if result else None


def create_server() -> OrmlensServer:
    from . import features

    server = OrmlensServer()
    features.register(server)
    return server


__all__ = ["OrmlensServer", "create_server"]
