"""The worker process that checks files while mypy works (mypy_plugin/worker.py): it gives what
mypy's own process would give, takes a file mypy waits for first, and when it fails or dies the
findings still come (checked in mypy's process)."""
from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest

from mypy_plugin.config import PluginConfig
from mypy_plugin.project import Project, plugin_fingerprint
from mypy_plugin.worker import Worker, wanted

from runner import run_mypy
from test_findings import AT_LOOP, IN_HELPER, _project


class _Options:
    fine_grained_incremental = False
    num_workers = 0


def test_worker_gives_what_mypys_process_gives(tmp_path: Path) -> None:
    _project(tmp_path)
    views, helpers = str(tmp_path / "app" / "views.py"), str(tmp_path / "app" / "helpers.py")
    config = PluginConfig(root=tmp_path)
    local = Project(config)
    worker = Worker(config, local.fingerprint)
    try:
        worker.request(helpers)
        worker.request(views)
        for path in (helpers, views):
            findings, reads, extras = worker.result(path)
            assert findings == local.findings(path)
            assert reads == local.reads(path)
            # what mypy's process would otherwise compute for its cache and the daemon, to
            # the letter: the key carries the fingerprint mypy's process gave the worker
            assert extras == local.extras(path)
        assert [(f.code, f.range.start.line + 1) for f in worker.result(views)[0]] == \
            [("ORM101", AT_LOOP.line), ("ORM101", IN_HELPER.line)]
        assert worker.result(str(tmp_path / "app" / "never_asked.py")) is None
    finally:
        worker._process.kill()


def test_a_run_records_the_same_whichever_process_checks(tmp_path: Path, monkeypatch) -> None:
    """The cache key, facts digest and dependencies of a module are the same whether mypy's
    process or the worker checked it, and whatever order the worker checked files in.  (They
    were not: each process read the checker's fingerprint itself, at a different time - in a
    process running mypy several times, once for all runs - so a checkout edited in between
    made the next run process unchanged modules again; and the worker put the facts digest
    together in its own check order.)"""
    _project(tmp_path)
    app = tmp_path / "app"
    init, models, helpers, views = (str(app / name) for name in
                                    ("__init__.py", "models.py", "helpers.py", "views.py"))
    config = PluginConfig(root=tmp_path)
    # one fingerprint for both, unlike the one the files on disk give: the worker must use the
    # one it is given, as mypy's process reads it, not read one of its own
    fingerprint = "checker-as-mypys-process-read-it"
    assert plugin_fingerprint() != fingerprint
    monkeypatch.setenv("ORMLENS_MYPY_WORKER", "0")
    local = Project(config, _Options(), fingerprint=fingerprint)
    assert not local.worker_mode()
    monkeypatch.delenv("ORMLENS_MYPY_WORKER")
    monkeypatch.delenv("ORMLENS_MYPY_WORKER_MIN_LINES", raising=False)
    remote = Project(config, _Options(), fingerprint=fingerprint)
    assert remote.worker_mode()
    try:
        for path in (init, models, helpers, views):
            remote.prefetch(path)
        for path in (init, models, helpers, views):
            # the worker checks all four, helpers before views (by import depth, then as asked)
            assert remote._worker is not None and remote._worker.result(path) is not None
        # findings asked in another order (views' check reads helpers): the facts digest of
        # helpers then has helpers' text in it, as it has when mypy's process checks in that order
        for path in (views, helpers, models, init):
            assert remote.findings(path) == local.findings(path)
            assert remote.reads(path) == local.reads(path)
            assert remote._extras.get(path), "checked by the worker"
            key = remote.inputs_key(path, remote.reads(path))
            assert key == local.inputs_key(path, local.reads(path)) and key[0] == fingerprint
            assert remote.facts_digest(path) == local.facts_digest(path)
            assert remote.dependencies(path) == local.dependencies(path)
        assert ":" in remote.facts_digest(helpers) and ":" not in remote.facts_digest(views)
        assert remote.state_digest() == local.state_digest()
    finally:
        if remote._worker is not None:
            remote._worker._process.kill()


def test_a_dead_worker_loses_no_findings(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path)
    monkeypatch.setenv("ORMLENS_MYPY_WORKER_MIN_LINES", "0")
    views = str(tmp_path / "app" / "views.py")
    project = Project(PluginConfig(root=tmp_path), _Options())
    project.prefetch(views)
    assert project._worker is not None
    project._worker._process.kill()
    project._worker._process.wait()
    findings = project.findings(views)
    assert [f.code for f in findings] == ["ORM101", "ORM101"]
    other = Project(PluginConfig(root=tmp_path))
    assert findings == other.findings(views)
    assert project.reads(views) == other.reads(views) and project.reads(views)


def test_when_a_worker_is_used(monkeypatch) -> None:
    monkeypatch.delenv("ORMLENS_MYPY_WORKER", raising=False)
    monkeypatch.delenv("ORMLENS_MYPY_WORKER_MIN_LINES", raising=False)
    options = _Options()
    assert wanted(options, 20000) and wanted(options, 100)      # small ones too
    monkeypatch.setenv("ORMLENS_MYPY_WORKER_MIN_LINES", "3000")
    assert wanted(options, 20000) and not wanted(options, 500)
    monkeypatch.delenv("ORMLENS_MYPY_WORKER_MIN_LINES")
    daemon = _Options()
    daemon.fine_grained_incremental = True
    assert not wanted(daemon, 20000)
    parallel = _Options()
    parallel.num_workers = 4
    assert not wanted(parallel, 20000)
    monkeypatch.setenv("ORMLENS_MYPY_WORKER", "0")
    assert not wanted(options, 20000)


def _worker_children() -> set[int]:
    """This process's live worker processes (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[1]) == os.getpid() and b"mypy_plugin.worker" in cmdline:
            found.add(int(stat.parent.name))
    return found


def test_a_dropped_worker_ends_its_process(tmp_path: Path) -> None:
    _project(tmp_path)
    views = str(tmp_path / "app" / "views.py")
    worker = Worker(PluginConfig(root=tmp_path), plugin_fingerprint())
    worker.request(views)
    assert worker.result(views) is not None
    process = worker._process
    del worker
    gc.collect()
    assert process.wait(timeout=60) == 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_mypy_run_in_process_leaves_no_worker_behind(tmp_path: Path, mypy_cache_dir: Path) -> None:
    # mypy.api.run in a long-lived process (tests, tools): each run's worker ends with the run
    _project(tmp_path)
    before = _worker_children()
    run_mypy(tmp_path, ["app"], tmp_path / "cache")
    gc.collect()
    deadline = time.monotonic() + 60
    while _worker_children() - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _worker_children() - before
