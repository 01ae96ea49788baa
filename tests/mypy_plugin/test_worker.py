"""The worker process that checks files while mypy works (mypy_plugin/worker.py): it gives what
mypy's own process would give, takes a file mypy waits for first, and when it fails or dies the
findings still come (checked in mypy's process)."""
from __future__ import annotations

from pathlib import Path

from mypy_plugin.config import PluginConfig
from mypy_plugin.project import Project
from mypy_plugin.worker import Worker, wanted

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
