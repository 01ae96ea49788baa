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
from mypy_plugin.project import Project
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
    worker = Worker(config)
    try:
        worker.request(helpers)
        worker.request(views)
        local = Project(config)
        for path in (views, helpers):
            findings, reads, extras = worker.result(path)
            assert findings == local.findings(path)
            assert reads == local.reads(path)
            # what mypy's process would otherwise compute for its cache and the daemon (the
            # facts digest adds a file's text once some check read it: order-dependent)
            expected = local.extras(path)
            assert extras["facts"].split(":")[0] == expected.pop("facts").split(":")[0]
            # the key's first item fingerprints the checker's and the plugin's sources, read
            # once per process: a checkout edited while the test runs gives the two processes
            # different ones
            key, expected_key = extras["key"], expected.pop("key")
            assert key[1:] == expected_key[1:] and len(key[0]) == len(expected_key[0])
            assert {k: v for k, v in extras.items() if k != "facts" and k != "key"} == expected
        assert [(f.code, f.range.start.line + 1) for f in worker.result(views)[0]] == \
            [("ORM101", AT_LOOP.line), ("ORM101", IN_HELPER.line)]
        assert worker.result(str(tmp_path / "app" / "never_asked.py")) is None
    finally:
        worker._process.kill()


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
    worker = Worker(PluginConfig(root=tmp_path))
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
