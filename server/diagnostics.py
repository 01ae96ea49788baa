"""When to check documents and when a result may be published.

- A change waits ``debounce_ms`` (300 ms unless configured); a newer change restarts the wait, so
  hundreds of edits a second cause one check.  Open and save check at once.
- A result is published only if its document is still open at the version that was checked: a
  slow check of version 3 finishing after version 4 arrived is dropped (version 4's check follows).
- A check of one document also re-checks the other open documents: the model index may have
  changed (a model edited in ``models.py`` changes what ``views.py`` reports), or they read the
  edited one (a helper, a model method); the workspace's cache answers for the others, and only
  those whose findings changed are re-published.

Example::

    scheduler.schedule(uri, delay_ms=300)   # on didChange
    scheduler.schedule(uri)                 # on didOpen / didSave
    scheduler.clear(uri)                    # on didClose: empty diagnostics
"""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Optional

from lsprotocol import types as lsp

from analysis.findings import Finding

if TYPE_CHECKING:
    from .app import OrmlensServer
    from .host import Snapshot


class DiagnosticsScheduler:
    def __init__(self, server: "OrmlensServer") -> None:
        self.server = server
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._published: dict[str, tuple[Finding, ...]] = {}
        self._generation: Optional[int] = None   # index generation the open documents reflect
        self._epoch = 0                          # bumps on every schedule: re-checks yield to it
        self._warmed = False

    def schedule(self, uri: str, delay_ms: int = 0) -> None:
        """Check ``uri`` after ``delay_ms``, replacing a check of it that has not started."""
        self._epoch += 1
        previous = self._pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self._pending[uri] = asyncio.ensure_future(self._run(uri, delay_ms))

    def schedule_all(self) -> None:
        """Re-check every open document (configuration changed, files changed on disk, re-index)."""
        self._epoch += 1
        self._generation = None
        asyncio.ensure_future(self._recheck_others(None, self._epoch))

    def clear(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self._published.pop(uri, None)
        self.server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def _run(self, uri: str, delay_ms: int) -> None:
        try:
            if delay_ms > 0:
                await asyncio.sleep(delay_ms / 1000)
        except asyncio.CancelledError:
            return
        if self._pending.get(uri) is asyncio.current_task():
            del self._pending[uri]   # started: a newer change now schedules a new check
        docs = self.server.snapshots()
        target = docs.get(uri)
        if target is None:
            return   # closed meanwhile
        epoch = self._epoch
        host = self.server.host
        findings, generation = await host.run(host.check_target, target, list(docs.values()),
                                              default=([], None))
        self._publish(target, findings, always=True)
        if len(docs) > 1 or generation != self._generation:
            # other open documents may read this one (a helper, a model method) without the
            # index changing: the workspace re-checks only those whose reads changed
            await self._recheck_others(uri, epoch)
        else:
            await self._warm_up_when_idle()

    async def _recheck_others(self, skip: Optional[str], epoch: int) -> None:
        """The model index changed: re-check the other open documents, yielding to newer edits."""
        docs = [d for u, d in self.server.snapshots().items() if u != skip]
        host = self.server.host
        server = self.server

        def give_way() -> bool:   # read on the analysis thread between two documents
            return (self._epoch != epoch and skip is not None) or server.requests_waiting > 0

        results, complete, generation = await host.run(host.check_others, docs, give_way,
                                                       default=([], False, None))
        for doc, findings in results:
            self._publish(doc, findings, always=skip is None)
        if complete:
            self._generation = generation
            await self._warm_up_when_idle()
        elif self._epoch == epoch:
            # gave way to a hover or another request, not to a newer edit: carry on after it
            # (the documents already done are cached by the workspace)
            asyncio.ensure_future(self._recheck_others(skip, epoch))

    async def _warm_up_when_idle(self) -> None:
        # The first hover imports the SQL preview (it builds on `orm`, a second or two): do it
        # once the documents open at start-up have their diagnostics and nothing else waits.
        if not self._warmed and not self._pending:
            self._warmed = True
            await self.server.host.run(self.server.host.warm_up)

    def _publish(self, doc: "Snapshot", findings: list[Finding], always: bool) -> None:
        if self.server.current_version(doc.uri) != doc.version:
            return   # closed, or edited since: that version's own check will publish
        key = tuple(findings)
        if not always and self._published.get(doc.uri) == key:
            return
        self._published[doc.uri] = key
        conv = self.server.converter_for(doc)
        self.server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=doc.uri, diagnostics=conv.diagnostics(findings), version=doc.version))


__all__ = ["DiagnosticsScheduler"]
