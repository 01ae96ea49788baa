"""The checker in a second process, working while mypy works.

``analysis`` takes about as much CPU per line as mypy itself, and mypy uses one core.  So in a
cold run the plugin hands each project module to a worker process as soon as mypy has parsed it
(mypy parses every module before it analyses any), and by the time mypy's semantic analysis
reaches that module its findings are usually there: the wall time of a CI run grows by what
waiting remains, not by the whole check.  Results come back with the files each check read.

Small projects too: importing the checker (libcst, the index, the rules) alone takes ~0.3 s, and
mypy's own cold start (builtins, typing) takes longer than the worker's, so in the worker it costs
mypy's process nothing; the total CPU is about the same as checking in mypy's process.  Started
only when mypy parses a project module (a warm run with nothing changed starts none).

Not used (the check then runs in mypy's process): in the daemon, in mypy's own parallel mode, with
``ORMLENS_MYPY_WORKER=0``, and for projects under ``ORMLENS_MYPY_WORKER_MIN_LINES`` lines (default
0).  If the worker dies or fails on a file, that file is checked in mypy's process: a worker
problem never loses findings.

The worker is ``python -m mypy_plugin.worker``, talking over its stdin/stdout in length-prefixed
pickles (both ends are this module).  It exits when mypy's process closes the pipe, i.e. when
mypy exits, however it exits.  A thread on each side reads the pipe, so neither can block the
other.

Example::

    worker = Worker(plugin_config, project.fingerprint)     # starts the process
    worker.request("/p/app/views.py")        # queued; the process indexes the project first
    findings, reads, extras = worker.result("/p/app/views.py")   # waits (None: it failed)
"""
from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Optional

from analysis.findings import Finding

if TYPE_CHECKING:
    from .config import PluginConfig

# findings, reads, extras (see Project.extras)
Result = tuple[list[Finding], dict[str, str], dict[str, Any]]
_HEADER = struct.Struct("!I")
_PACKAGES_DIR = str(Path(__file__).resolve().parents[1])     # where mypy_plugin and analysis are


def _send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message, or None at the end of the stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


class _Results:
    """What the reader thread hands to mypy's process: results by path, and whether the worker
    is gone.  Kept apart from :class:`Worker` so that the thread holds no reference to it."""

    def __init__(self) -> None:
        self.done: dict[str, Optional[Result]] = {}
        self.finished = False
        self.lock = threading.Condition()

    def finish(self) -> None:
        with self.lock:
            self.finished = True        # the worker is gone: results come from mypy's process
            self.lock.notify_all()


def _read(stream: IO[bytes], results: _Results) -> None:
    try:
        while True:
            message = _receive(stream)
            if message is None:
                break
            path, findings, reads, extras, error = message
            with results.lock:
                results.done[path] = None if error is not None else (findings, reads, extras)
                results.lock.notify_all()
    except Exception:      # noqa: BLE001 - a broken stream ends the worker, not mypy
        pass
    results.finish()


def _close(to: IO[bytes]) -> None:
    try:
        to.close()          # the worker reads the end of its input and exits
    except (OSError, ValueError):
        pass


class Worker:
    """A worker process for one mypy run (see the module docstring).

    The mypy command exits without cleaning up, which ends the worker; a process that runs mypy
    several times (``mypy.api.run`` in tests or tools) ends each run's worker when the run's
    plugin, hence this object, is garbage-collected (the reader thread holds no reference to
    it), instead of keeping one idle process per run."""

    def __init__(self, config: "PluginConfig", fingerprint: str) -> None:
        root = config.root
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGES_DIR, env.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mypy_plugin.worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=str(root))
        assert self._process.stdin is not None and self._process.stdout is not None
        self._to = self._process.stdin
        self._asked: set[str] = set()
        self._results = _Results()
        weakref.finalize(self, _close, self._to)
        # the checker's fingerprint as mypy's process read it: the keys the worker computes must
        # equal those mypy's process computes (see Project.fingerprint)
        self._send(("start", config, fingerprint))
        threading.Thread(target=_read, args=(self._process.stdout, self._results),
                         name="ormlens-worker-reader", daemon=True).start()

    def _send(self, message: Any) -> None:
        try:
            _send(self._to, message)
        except (OSError, ValueError):
            self._results.finish()

    def request(self, path: str) -> None:
        """Queue ``path`` (an absolute path) for checking."""
        if path not in self._asked:
            self._asked.add(path)
            self._send(("check", path))

    def asked(self, path: str) -> bool:
        return path in self._asked

    def result(self, path: str) -> Optional[Result]:
        """The findings and reads of ``path``, waiting for them; None when the worker could not
        give them (it failed on the file, or is gone)."""
        if path not in self._asked:
            return None
        results = self._results
        with results.lock:
            if path in results.done:
                return results.done[path]
        self._send(("first", path))
        started = time.perf_counter()
        with results.lock:
            while path not in results.done and not results.finished:
                results.lock.wait()
            found = results.done.get(path)
        _record("wait", time.perf_counter() - started)
        return found


def wanted(options: Any, lines: int) -> bool:
    """Whether a worker process pays off for this run (see the module docstring)."""
    if os.environ.get("ORMLENS_MYPY_WORKER") == "0":
        return False
    if getattr(options, "fine_grained_incremental", False) or \
            (getattr(options, "num_workers", 0) or 0) > 0:
        return False
    return lines >= int(os.environ.get("ORMLENS_MYPY_WORKER_MIN_LINES", "0"))


# ------------------------------------------------------------------------------ the worker side
def serve(inbox: IO[bytes], outbox: IO[bytes]) -> None:
    """Index the project, then check the files asked for (see ``_import_depths`` for the
    order), until mypy closes the pipe."""
    from .project import Project   # noqa: PLC0415 - the worker process only

    start = _receive(inbox)
    if start is None:
        return
    _, config, fingerprint = start
    requests: queue.Queue = queue.Queue()

    def read() -> None:
        while True:
            message = _receive(inbox)
            requests.put(message)
            if message is None:
                return

    threading.Thread(target=read, name="ormlens-worker-requests", daemon=True).start()
    project = Project(config, fingerprint=fingerprint)    # no options: checks in this process
    project.index()
    depths = _import_depths(project)
    # path -> (priority, arrival): a file mypy waits for first, then the order mypy analyses
    # modules in (what they import before them), then the order asked
    pending: dict[str, tuple[int, int]] = {}
    finished: set[str] = set()
    arrivals = 0

    def take(message: Any) -> bool:
        nonlocal arrivals
        if message is None:
            return False
        kind, path = message
        if path in finished:
            return True
        arrivals += 1
        if kind == "first":
            pending[path] = (-1, arrivals)
        elif path not in pending:
            pending[path] = (depths.get(path, 0), arrivals)
        return True

    while True:
        if not pending and not take(requests.get()):
            return
        while True:
            try:
                if not take(requests.get_nowait()):
                    return
            except queue.Empty:
                break
        if not pending:
            continue
        path = min(pending, key=pending.__getitem__)
        del pending[path]
        finished.add(path)
        try:
            findings = project.findings(path)
            extras = project.extras(path)
            reply: tuple[Any, ...] = (path, findings, extras["reads"], extras, None)
        except Exception as exc:   # noqa: BLE001 - reported back; mypy's process checks the file
            reply = (path, None, None, None, f"{type(exc).__name__}: {exc}")
        try:
            _send(outbox, reply)
        except OSError:
            return          # mypy is gone


def _import_depths(project: Any) -> dict[str, int]:
    """Path -> length of the longest chain of project imports below the module (0: imports no
    project module).  mypy analyses a module after what it imports, so checking files by
    increasing depth has each file's findings ready about when mypy gets to it."""
    index = project.workspace.project
    modules = index.module_paths
    depths: dict[str, int] = {}

    def module_of(target: str) -> Optional[str]:
        parts = target.split(".")
        for cut in range(len(parts), 0, -1):
            name = ".".join(parts[:cut])
            if name in modules:
                return name
        return None

    def depth(name: str, visiting: set[str]) -> int:
        if name in depths:
            return depths[name]
        if name in visiting or len(visiting) > 200:     # an import cycle, or absurdly deep
            return 0
        visiting.add(name)
        below = {module_of(t) for t in index.module_imports.get(name, {}).values()}
        below.discard(None)
        below.discard(name)
        found = 1 + max((depth(m, visiting) for m in below if m is not None), default=-1)
        visiting.discard(name)
        depths[name] = found
        return found

    return {modules[name]: depth(name, set()) for name in modules}


def _record(kind: str, seconds: float) -> None:
    """With ``ORMLENS_MYPY_STATS=<file>`` (the benchmark), append a figure: the worker's CPU time
    (no parent's clock counts it: mypy does not wait for it) and mypy's waits for results."""
    target = os.environ.get("ORMLENS_MYPY_STATS")
    if target:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(f"{kind} {seconds:.4f}\n")


def _record_cpu() -> None:
    import resource   # noqa: PLC0415 - POSIX, benchmark only

    if os.environ.get("ORMLENS_MYPY_STATS"):
        usage = resource.getrusage(resource.RUSAGE_SELF)
        _record("worker_cpu", usage.ru_utime + usage.ru_stime)


if __name__ == "__main__":
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    finally:
        _record_cpu()
