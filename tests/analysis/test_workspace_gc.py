"""The checker relaxes the cyclic GC while it works, and gives the threshold back afterwards."""
from __future__ import annotations

import gc
import threading
from pathlib import Path

from analysis import workspace
from analysis.workspace import Workspace, relaxed_gc


def test_the_threshold_is_raised_inside_and_restored_after_nesting_and_errors():
    before = gc.get_threshold()
    with relaxed_gc():
        assert gc.get_threshold()[0] >= workspace.GC_GEN0
        with relaxed_gc():
            assert gc.get_threshold()[0] >= workspace.GC_GEN0
        assert gc.get_threshold()[0] >= workspace.GC_GEN0      # the outer one still holds
    assert gc.get_threshold() == before
    try:
        with relaxed_gc():
            raise ValueError("a failing check")
    except ValueError:
        pass
    assert gc.get_threshold() == before


def test_checks_run_relaxed_and_leave_the_process_as_it_was(tmp_path: Path):
    (tmp_path / "views.py").write_text("from sqlalchemy import select\n\nstmt = select(1)\n")
    seen: list[int] = []

    class Probe:
        code, name, severity = "ORM999", "probe", "warning"
        requires_orm_text = runs_on_broken = False

        def check(self, ctx):  # noqa: ANN001, ANN201
            seen.append(gc.get_threshold()[0])
            return []

    before = gc.get_threshold()
    ws = Workspace(tmp_path, rules=[Probe()])
    ws.index()
    threads = [threading.Thread(target=ws.check, args=(tmp_path / "views.py",)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ws.check_all(jobs=1)
    assert seen and all(value >= workspace.GC_GEN0 for value in seen)
    assert gc.get_threshold() == before
