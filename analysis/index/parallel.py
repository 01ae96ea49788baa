"""Processes for whole-project runs: checking files in shards.

Checking a file reads the modules it imports (helpers, model methods) and the rules keep
per-process results about them; files that import each other are therefore checked by the same
worker.  Files are grouped by their imports (modules imported by a large share of the project,
such as the models package, are parsed once in the parent before forking and shared by all
workers), and the groups are dealt to the workers by size.

Workers are forked (they inherit the workspace: nothing is pickled but the findings coming
back), so this is used only from a single-threaded process (see :func:`use_pool`).

Example::

    groups = shards(project, paths, lines_of, jobs=2)       # [[path, ...], [path, ...]]
    failures = check_sharded(workspace, groups, on_result)  # on_result(path, findings, reads)
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from typing import Any, Callable, Optional, Sequence

PARALLEL_MIN_LINES = 4000      # below this a process pool costs more than it saves
HUB_SHARE = 0.15               # imported by more than this share of modules: shared by all

_WORKSPACE: Any = None


def use_pool(jobs: Optional[int], lines: int) -> bool:
    """Whether ``jobs`` processes are worth it (and safe: forking a threaded process is not)."""
    if jobs is not None and jobs <= 1:
        return False
    if (os.cpu_count() or 1) <= 1 and jobs is None:
        return False
    if lines < PARALLEL_MIN_LINES:
        return False
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _imported_modules(project: Any) -> dict[str, set[str]]:
    """module -> the project modules it imports (by the index's resolved imports)."""
    out: dict[str, set[str]] = {}
    for module, imports in project.module_imports.items():
        targets: set[str] = set()
        for target in imports.values():
            parts = target.split(".")
            for cut in range(len(parts), 0, -1):
                name = ".".join(parts[:cut])
                if name in project.module_paths:
                    if name != module:
                        targets.add(name)
                    break
        out[module] = targets
    return out


def hubs(project: Any) -> set[str]:
    """Modules imported by many others (a models package, a db module): every worker needs
    them, so the parent parses them before forking."""
    graph = _imported_modules(project)
    counts: dict[str, int] = {}
    for targets in graph.values():
        for name in targets:
            counts[name] = counts.get(name, 0) + 1
    limit = max(3, int(len(graph) * HUB_SHARE))
    return {name for name, count in counts.items() if count > limit}


def shards(project: Any, paths: Sequence[str], lines_of: Callable[[str], int],
           jobs: int) -> list[list[str]]:
    """``paths`` split into at most ``jobs`` groups of similar size, keeping files that import
    one another (hubs aside) in the same group."""
    by_path = {path: name for name, path in project.module_paths.items()}
    graph = _imported_modules(project)
    shared = hubs(project)
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        while parent.get(item, item) != item:
            parent[item] = parent.get(parent[item], parent[item])
            item = parent[item]
        return item

    for module, targets in graph.items():
        if module in shared:
            continue
        for target in targets:
            if target not in shared:
                a, b = find(module), find(target)
                if a != b:
                    parent[a] = b
    groups: dict[str, list[str]] = {}
    for path in paths:
        name = by_path.get(path)
        groups.setdefault(find(name) if name else path, []).append(path)
    # biggest group first, each to the lightest shard; a group bigger than a fair share is split
    fair = sum(lines_of(p) for p in paths) / max(jobs, 1)
    pieces: list[list[str]] = []
    for group in groups.values():
        group.sort(key=lambda p: -lines_of(p))
        current: list[str] = []
        size = 0
        for path in group:
            if current and size + lines_of(path) > fair:
                pieces.append(current)
                current, size = [], 0
            current.append(path)
            size += lines_of(path)
        if current:
            pieces.append(current)
    pieces.sort(key=lambda piece: -sum(lines_of(p) for p in piece))
    out: list[list[str]] = [[] for _ in range(max(jobs, 1))]
    sizes = [0] * len(out)
    for piece in pieces:
        lightest = sizes.index(min(sizes))
        out[lightest].extend(piece)
        sizes[lightest] += sum(lines_of(p) for p in piece)
    return [shard for shard in out if shard]


def _worker(paths: list[str], results: Any) -> None:
    ws = _WORKSPACE
    ws.settle_memory = False        # this process ends with its shard: no GC bookkeeping
    before = len(ws.failures)
    started = time.process_time()
    try:
        for path in paths:
            findings, reads = ws._check(path)
            results.put(("file", path, findings, reads))
    finally:
        results.put(("done", None, ws.failures[before:], time.process_time() - started))


def check_sharded(ws: Any, groups: list[list[str]],
                  on_result: Callable[[str, list, dict], None],
                  worker_cpu: Optional[list[float]] = None) -> list:
    """Check each group in its own forked process; ``on_result`` gets every file's findings
    as they come.  Files of a worker that died are checked here.  Returns rule failures;
    ``worker_cpu`` receives each worker's CPU seconds (benchmarks: the slowest worker is the
    wall time an idle machine would see)."""
    global _WORKSPACE
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    _WORKSPACE = ws
    failures: list = []
    pending = {path for group in groups for path in group}
    workers = []
    try:
        for group in groups:
            process = ctx.Process(target=_worker, args=(group, results), daemon=True)
            process.start()
            workers.append(process)
        finished = 0
        while finished < len(workers):
            try:
                kind, path, payload, reads = results.get(timeout=0.5)
            except queue.Empty:
                if all(not w.is_alive() for w in workers) and results.empty():
                    break       # a worker died without saying it was done
                continue
            if kind == "done":
                finished += 1
                failures.extend(payload)
                if worker_cpu is not None:
                    worker_cpu.append(reads)
            elif path in pending:
                pending.discard(path)
                on_result(path, payload, reads)
    finally:
        _WORKSPACE = None
        for process in workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    for path in sorted(pending):     # a worker crashed (a native crash in a parser, say)
        findings, reads = ws._check(path)
        on_result(path, findings, reads)
    return failures


__all__ = ["check_sharded", "hubs", "shards", "use_pool"]
