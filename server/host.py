"""The analysis side of the server: one :class:`analysis.workspace.Workspace`, one worker thread.

The workspace is not thread-safe and analysis is CPU-bound, so every call into ``analysis`` runs on
a single worker thread, in the order submitted; the event loop stays free to read messages (a
change, a cancellation) while a check runs.  Editor text reaches the worker as immutable snapshots
taken on the event loop, each with its document version, so the worker never reads a document that
is being edited and every result is tagged with the version it describes.

Example::

    host = AnalysisHost(log=print)
    await host.run(host.configure, "/repo", Settings())
    findings = await host.run(host.check, Snapshot(uri, path, 3, text))
"""
from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Optional, TypeVar

from analysis.findings import Finding

from .settings import Settings

logger = logging.getLogger("ormlens.server")
T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot:
    """An open document's text at one version, as the editor sent it."""

    uri: str
    path: str
    version: Optional[int]
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines(keepends=True) or [""]


class AnalysisHost:
    """Owns the Workspace and the worker thread; methods not marked async run on the worker."""

    def __init__(self, log: Callable[[str, str], None]) -> None:
        self._log = log
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ormlens-analysis")
        self.workspace: Any = None
        self.root: Optional[str] = None
        self.settings = Settings()
        self._synced: dict[str, Optional[int]] = {}   # path -> version now in the overlay
        self.indexed = False                          # the whole workspace was read

    # running on the worker ------------------------------------------------------------------
    async def run(self, fn: Callable[..., T], *args: Any, default: Any = None) -> T:
        """Run ``fn(*args)`` on the worker; an exception is logged and ``default`` returned."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, partial(self._guarded, fn, args, default))

    def _guarded(self, fn: Callable[..., T], args: tuple[Any, ...], default: Any) -> T:
        try:
            return fn(*args)
        except Exception as exc:   # the server must survive any analysis failure
            name = getattr(fn, "__qualname__", repr(fn))
            self._log(f"{name} failed: {exc!r}\n{traceback.format_exc()}", "error")
            return default

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)

    # the workspace (worker thread) -----------------------------------------------------------
    def configure(self, root: Optional[str], settings: Settings) -> None:
        """(Re)build the workspace for ``root`` with the client's settings over [tool.ormlens]."""
        from analysis.workspace import Workspace

        self.root = root
        self.settings = settings
        self.workspace = Workspace(root, config=self._config(root, settings))
        self._synced.clear()
        self.indexed = False

    def reconfigure(self, settings: Settings) -> None:
        """New client settings: the same documents, a new configuration."""
        from analysis.workspace import Workspace

        self.settings = settings
        config = self._config(self.root, settings)
        if self.workspace is not None and hasattr(self.workspace, "set_config"):
            self.workspace.set_config(config)
        else:
            self.workspace = Workspace(self.root, config=config)
            self._synced.clear()

    def _config(self, root: Optional[str], settings: Settings) -> Any:
        """[tool.ormlens] of the workspace, with the client's settings over it."""
        from analysis.config import Config, ConfigError

        try:
            base = Config.load(root) if root else Config()
        except ConfigError as exc:   # a broken pyproject.toml: say so, check with the defaults
            self._log(f"ormlens configuration ignored: {exc}", "warning")
            base = Config()
        severity = None
        if settings.severity is not None:
            severity = {**base.severity, **{k.upper(): v for k, v in settings.severity.items()}}
        return base.with_overrides(
            dialects=settings.dialects,
            select=tuple(c.upper() for c in settings.select) if settings.select is not None else None,
            ignore=tuple(c.upper() for c in settings.ignore) if settings.ignore is not None else None,
            severity=severity)

    def index(self, progress: Optional[Callable[[int, int, str], None]] = None) -> int:
        """Index the workspace's files; returns how many were read."""
        if self.workspace is None:
            return 0
        result = self.workspace.index(progress=progress)
        self.indexed = True
        return result if isinstance(result, int) else len(getattr(self.workspace.project, "models", {}))

    def sync(self, doc: Snapshot) -> None:
        """Put the editor's text of ``doc`` into the overlay unless that version is there."""
        if doc.path in self._synced and self._synced[doc.path] == doc.version and doc.version is not None:
            return
        self.workspace.set_document(doc.path, doc.text)
        self._synced[doc.path] = doc.version

    def close(self, path: str) -> None:
        self._synced.pop(path, None)
        if self.workspace is not None:
            self.workspace.close_document(path)

    def files_changed(self, paths: list[str]) -> bool:
        """Disk changes; returns True when the configuration (pyproject.toml) changed."""
        config_changed = False
        for path in paths:
            if Path(path).name == "pyproject.toml":
                config_changed = True
            elif path not in self._synced:   # an open document's overlay wins over the disk
                self.workspace.file_changed(path)
        if config_changed:
            self.reconfigure(self.settings)
        return config_changed

    @property
    def generation(self) -> int:
        project = getattr(self.workspace, "project", None)
        return getattr(project, "generation", 0)

    def check(self, doc: Snapshot) -> list[Finding]:
        self.sync(doc)
        return list(self.workspace.check(doc.path))

    def check_target(self, target: Snapshot, open_docs: list[Snapshot]
                     ) -> tuple[list[Finding], int]:
        """Sync every open document, check ``target``; returns its findings and the index
        generation they were computed against."""
        for doc in open_docs:
            self._safe(self.sync, doc)
        if not self.indexed:
            # before the workspace's index: read what the open files import (their models,
            # helpers), so their first diagnostics are already right; the whole index follows
            # and re-checks them
            self._safe(self._index_open, [target, *open_docs])
        findings = self.check(target)
        return findings, self.generation

    def _index_open(self, docs: list[Snapshot]) -> None:
        paths = list(dict.fromkeys(d.path for d in docs if Path(d.path).is_file()))
        if paths and self.workspace is not None:
            self.workspace.index(paths=paths)

    def check_others(self, docs: list[Snapshot], superseded: Callable[[], bool]
                     ) -> tuple[list[tuple[Snapshot, list[Finding]]], bool, int]:
        """Re-check ``docs`` (the model index changed) until ``superseded()`` says a newer
        check is waiting; returns the results so far, whether all were done, the generation."""
        results: list[tuple[Snapshot, list[Finding]]] = []
        for doc in docs:
            if superseded():
                return results, False, self.generation
            findings = self._safe(self.check, doc)
            if findings is not None:
                results.append((doc, findings))
        return results, True, self.generation

    def warm_up(self) -> None:
        """Import what the first hover needs (the SQL preview builds on `orm`) ahead of time."""
        try:
            import analysis.preview  # noqa: F401
        except ImportError:
            pass

    def call(self, doc: Snapshot, open_docs: list[Snapshot], fn: Callable[..., T], *args: Any) -> T:
        """``fn(workspace, path, *args)`` for an editor feature on ``doc``.

        Every open document is synced first (a no-op for unchanged versions), so a model edited
        in another editor tab counts even before its own debounced check ran.
        """
        for other in open_docs:
            if other.path != doc.path:
                self._safe(self.sync, other)
        self.sync(doc)
        return fn(self.workspace, doc.path, *args)

    def _safe(self, fn: Callable[..., T], *args: Any) -> Optional[T]:
        try:
            return fn(*args)
        except Exception as exc:
            self._log(f"{getattr(fn, '__name__', fn)} failed: {exc!r}\n{traceback.format_exc()}",
                      "error")
            return None


__all__ = ["AnalysisHost", "Snapshot"]
