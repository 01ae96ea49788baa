"""The project as ``analysis`` sees it, for one mypy process: one Workspace, findings per file.

mypy checks modules one by one; ``analysis`` answers per file from a model index of the whole
project.  :class:`Project` holds that workspace for the life of the mypy process (a whole run,
or the life of the daemon), indexes the project root once, and memoises each file's findings
by its content hash and the model index (``Workspace.check_with_reads`` does the work).

The root is the directory of the mypy configuration file (else the current directory), like
``ormlens check`` run there: the same files give the same model index, hence the same findings.

In a cold run of a big enough project the checks run in a worker process
(:mod:`mypy_plugin.worker`, which runs this same class in-process); the worker sends back with
each file's findings what this process would otherwise compute from its own index (the cache
key, the parts of the facts digest, the dependencies), so mypy's process never reads the
project then.  Both processes key findings with the checker's fingerprint this process read
(:attr:`Project.fingerprint`): what a run records does not depend on which process checked what.

Example::

    project = Project(PluginConfig.from_file("mypy.ini"))
    project.findings("app/views.py")         # [Finding, ...] of the enabled rules
    project.inputs_key("app/views.py")       # digest of what those findings depend on
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import analysis
from analysis.discovery import discover
from analysis.inputs import model_fingerprint, reads_fingerprint

from . import worker
from .config import PluginConfig
from .worker import Worker

if TYPE_CHECKING:
    from analysis.findings import Finding
    from analysis.workspace import Workspace

_PLUGIN_DIR = Path(__file__).resolve().parent
_CHECKER_DIRS = tuple(Path(analysis.__file__).resolve().parent.parent / package
                      for package in ("analysis", "orm"))
BYTES_PER_LINE = 32         # to tell a project's size from its files' sizes, without reading them
_PLUGIN_FINGERPRINT: Optional[str] = None


def plugin_fingerprint() -> str:
    """Changes when the checker (analysis/, orm/) or this plugin's source changes.

    Read from the files' sizes and mtimes only (not through ``analysis.index.cache``, whose
    package imports libcst: a warm run with nothing changed must not pay for that), once per
    process: the checker a process runs is the one it imported.  mypy's process hands its own
    to its worker (see :attr:`Project.fingerprint`)."""
    global _PLUGIN_FINGERPRINT
    if _PLUGIN_FINGERPRINT is None:
        digest = hashlib.blake2b(digest_size=16)
        for directory in (*_CHECKER_DIRS, _PLUGIN_DIR):
            for path in sorted(directory.rglob("*.py")):
                try:
                    stat = path.stat()
                except OSError:
                    continue        # removed while we list: the next process sees the change
                digest.update(f"{path.relative_to(directory.parent)}:{stat.st_size}:"
                              f"{stat.st_mtime_ns}\n".encode())
        _PLUGIN_FINGERPRINT = digest.hexdigest()
    return _PLUGIN_FINGERPRINT


class Project:
    """The workspace of one mypy process (see the module docstring)."""

    def __init__(self, config: PluginConfig, options: Any = None,
                 fingerprint: Optional[str] = None) -> None:
        self.config = config
        # the checker's fingerprint in every key of this project (see ``fingerprint``)
        self._fingerprint = fingerprint
        self.options = options
        self.root = config.root
        self._workspace: Optional[Workspace] = None
        self._worker: Optional[Worker] = None
        self._worker_wanted: Optional[bool] = None
        self._indexed = False
        self._stamps: dict[str, tuple[int, int]] = {}
        self._stamped = False
        self._state_digest: Optional[str] = None
        # path -> what the worker computed with the findings (inputs key, facts digest, deps)
        self._extras: dict[str, dict[str, Any]] = {}
        self._covers: dict[str, bool] = {}
        # path -> reads (other files' hashes) of its last check
        self._reads: dict[str, dict[str, str]] = {}

    # ----------------------------------------------------------------------------- files
    @property
    def fingerprint(self) -> str:
        """The checker's fingerprint in every key this project computes: mypy's process's
        :func:`plugin_fingerprint`, also in its worker.  The worker used to read its own, when
        it started: a checkout edited after mypy's process had read it (in a process running
        mypy several times, after its first run) gave the keys the worker computed another
        fingerprint than those mypy's process computed when checking the cache, and the next
        run processed modules that had not changed again."""
        if self._fingerprint is None:
            self._fingerprint = plugin_fingerprint()
        return self._fingerprint

    @property
    def workspace(self) -> "Workspace":
        """The checker's workspace, made (and ``analysis`` with libcst imported, ~0.2 s) only
        when something is checked or indexed in this process: not in a warm run with nothing
        changed, nor in mypy's process when the worker checks the files."""
        if self._workspace is None:
            from analysis.workspace import Workspace   # noqa: PLC0415 - heavy, see above
            self._workspace = Workspace(self.root, config=self.config.checks)
        return self._workspace

    def index(self) -> None:
        """Read the project (once): the model index every check and key needs."""
        if not self._indexed:
            self._indexed = True
            self._stamps = self._stat_all()      # before reading: a later edit shows as a change
            self.workspace.index(jobs=1)
            self._state_digest = None

    def _stat_all(self) -> dict[str, tuple[int, int]]:
        stamps = {}
        # what Workspace.discover() lists, without making the workspace
        root = Path(self.root).resolve()
        for path in discover([root], root, self.config.checks):
            try:
                stat = os.stat(path)
            except OSError:
                continue
            stamps[path] = (stat.st_mtime_ns, stat.st_size)
        return stamps

    def _stamps_once(self) -> dict[str, tuple[int, int]]:
        """The project files' stamps, taken once (before any reading of them, so that an edit
        during the run shows as a change next time)."""
        if not self._indexed and not self._stamped:
            self._stamps = self._stat_all()
            self._stamped = True
        return self._stamps

    def state_digest(self) -> str:
        """A digest of everything a file's inputs key depends on, read without indexing: the
        plugin and checker, the configuration, and size + mtime of every project file.  Equal
        digests mean equal keys (a warm run with no change skips the index altogether)."""
        if self._state_digest is None:
            stamps = self._stamps_once()
            digest = hashlib.blake2b(digest_size=16)
            digest.update(f"{self.fingerprint}|{self.config.fingerprint()!r}\n".encode())
            for path, (mtime, size) in sorted(stamps.items()):
                digest.update(f"{path}|{mtime}|{size}\n".encode("utf-8", "surrogatepass"))
            self._state_digest = digest.hexdigest()
        return self._state_digest

    def refresh(self) -> None:
        """Re-read the project files created, changed or deleted since the last look (the mypy
        daemon keeps this process between runs; a model may have changed in any file)."""
        if not self._indexed:
            return
        stamps = self._stat_all()
        for path in set(stamps) | set(self._stamps):
            if stamps.get(path) != self._stamps.get(path):
                self.workspace.file_changed(path)
        self._stamps = stamps
        self._state_digest = None

    def covers(self, path: str) -> bool:
        """Whether ``path`` is a project file ormlens checks: under the root, not excluded."""
        known = self._covers.get(path)
        if known is None:
            known = self._covers[path] = self._covered(path)
        return known

    def _covered(self, path: str) -> bool:
        if not path.endswith(".py"):
            return False
        absolute = os.path.abspath(path)
        try:
            relative = Path(absolute).relative_to(self.root)
        except ValueError:
            return False
        return not self.config.checks.excluded(relative.as_posix())

    # ----------------------------------------------------------------------------- findings
    def worker_mode(self) -> bool:
        """Whether this run checks files in a worker process (decided once, without reading
        the project: its size from the files' sizes)."""
        if self._worker_wanted is None:
            lines = sum(size for _, size in self._stamps_once().values()) // BYTES_PER_LINE
            self._worker_wanted = worker.wanted(self.options, lines)
        return self._worker_wanted

    def prefetch(self, path: str) -> None:
        """mypy parsed ``path`` and will want its findings: have the worker process check it
        meanwhile (see :mod:`mypy_plugin.worker`)."""
        if not self.worker_mode():
            return
        if self._worker is None:
            self._worker = Worker(self.config, self.fingerprint)
        self._worker.request(os.path.abspath(path))

    def prefetched(self, path: str) -> bool:
        """Whether the worker was asked for ``path`` (its answer also gives the cache key)."""
        return self._worker is not None and self._worker.asked(os.path.abspath(path))

    def findings(self, path: str) -> list[Finding]:
        """Findings of the enabled rules on ``path``: from the worker when it was asked for
        them, else checked here (``analysis`` caches them per content)."""
        absolute = os.path.abspath(path)
        if self._worker is not None and self._worker.asked(absolute):
            result = self._worker.result(absolute)
            if result is not None:
                found, self._reads[absolute], self._extras[absolute] = result
                return found
        self.index()
        found, reads = self.workspace.check_with_reads(absolute)
        self._reads[absolute] = reads
        return found

    def extras(self, path: str) -> dict[str, Any]:
        """What the worker needs to send along with a file's findings, so that mypy's process
        never has to read the project itself in a cold run."""
        reads = self.reads(path) or {}
        facts, text_hash = self._facts_parts(path)
        return {"key": self.inputs_key(path, reads), "facts": facts, "hash": text_hash,
                "dependencies": self.dependencies(path), "reads": reads}

    def reads(self, path: str) -> Optional[dict[str, str]]:
        """The files the last check of ``path`` read besides it (None: not checked yet)."""
        return self._reads.get(os.path.abspath(path))

    def inputs_key(self, path: str, reads: Optional[dict[str, str]]) -> list[str]:
        """What the findings of ``path`` depend on besides its own text, as short strings.

        ``reads`` as recorded by its last check (None when unknown: the key then never equals a
        recorded one).  Modules that mention nothing of the ORM depend on the configuration and
        the checker only.
        """
        extras = self._extras.get(os.path.abspath(path))
        if extras is not None and extras["reads"] == reads:
            return list(extras["key"])
        key = [self.fingerprint, repr(self.config.fingerprint())]
        if not self.mentions_orm(path):
            return key
        key.append(model_fingerprint(self.workspace.project))
        key.append(reads_fingerprint(self.workspace, reads) if reads is not None else "unknown")
        return key

    def facts_digest(self, path: str) -> str:
        """What other files' findings may read from ``path``: its mapped classes and tables
        (positions left out) and, when some check read the file itself (a helper), its text.

        "Some check" is one whose findings this process has taken, from its worker or not: the
        worker checks files in an order of its own, so the digest is put together here, in the
        order mypy asks for findings, from parts the worker sends (the file's facts, its text's
        hash).  Whichever process checked a file, a run gives the same digests."""
        own, text_hash = self._facts_parts(path)
        absolute = os.path.abspath(path)
        if any(absolute in reads for reads in self._reads.values()):
            own += ":" + (text_hash or "-")
        return own

    def _facts_parts(self, path: str) -> tuple[str, Optional[str]]:
        """The digest of the mapped classes and tables of ``path``, and its text's hash."""
        absolute = os.path.abspath(path)
        extras = self._extras.get(absolute)
        if extras is not None:
            return str(extras["facts"]), extras["hash"]
        self.index()
        return (model_fingerprint(self.workspace.project, paths=(absolute,)),
                self.workspace.content_hash_of(absolute))

    def dependencies(self, path: str) -> list[str]:
        """The other files the findings of ``path`` read: files with mapped classes or tables,
        and those its last check read."""
        extras = self._extras.get(os.path.abspath(path))
        if extras is not None:
            return list(extras["dependencies"])
        self.index()
        absolute = os.path.abspath(path)
        project = self.workspace.project
        found = {m.path for m in project.models.values()}
        found.update(t.path for t in project.tables.values())
        found.update(self._reads.get(absolute) or ())
        found.discard(absolute)
        return sorted(p for p in found if p)

    def mentions_orm(self, path: str) -> bool:
        """Whether ORM rules can find anything in ``path`` (its text names the ORM or a model)."""
        self.index()
        text = self._text(path)
        from analysis.prefilter import mentions_orm   # noqa: PLC0415 - imports the index
        return text is not None and mentions_orm(text, self.workspace.project)

    def _text(self, path: str) -> Optional[str]:
        try:
            return self.workspace.module(os.path.abspath(path)).source
        except Exception:      # noqa: BLE001 - unreadable: analysis reports it as ORM000
            return None


__all__ = ["Project", "plugin_fingerprint"]
