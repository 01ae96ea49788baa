"""Smoke run of benchmarks/orm_bench.py with tiny sizes: every workload runs on orm, SQLAlchemy and
raw sqlite3, does the same work on each (same results), and orm sends the expected number of
statements.  Counts and results only; the times are the benchmark's business."""
from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

import pytest

_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks", "orm_bench.py")
_spec = importlib.util.spec_from_file_location("ormlens_orm_bench", _PATH)
assert _spec is not None and _spec.loader is not None
bench: Any = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # dataclasses look their module up there
_spec.loader.exec_module(bench)

SIZES = bench.Sizes(flush=30, bulk=40, commit=3, get=20, load=60, parents=7, children=10, change=50)

# workload key -> (statements orm sends, result every library must give)
EXPECTED = {
    "flush": (1, 30),                  # one multi-row INSERT .. RETURNING batch
    "bulk_insert": (1, 40),            # one executemany
    "add_commit": (3, 3),              # one INSERT per commit
    "get_cold": (20, 20),              # one SELECT per new session
    "get_cached": (0, 20),             # identity map hits
    "load": (1, 60),
    "load_yield_per": (1, 60),
    "selectin": (2, 70),               # parents, then one IN batch of children
    "lazy_n_plus_one": (8, 70),        # parents, then one lazy load per parent
    "change_flush": (1, 50),           # one executemany of UPDATE .. SET name
    "bulk_update": (1, 40),            # one executemany of UPDATE .. WHERE id = ?
    "bulk_update_mappings": (1, 40),
}


def _libs() -> dict[str, Any]:
    import orm
    import sqlalchemy
    return {"orm": orm, "sqlalchemy": sqlalchemy, "raw": None}


def test_every_workload_is_checked() -> None:
    assert sorted(EXPECTED) == sorted(key for key, *_ in bench.WORKLOADS)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_workload_counts_and_results(key: str, tmp_path: Any) -> None:
    _, title, fn, setup, per_run = next(w for w in bench.WORKLOADS if w[0] == key)
    assert title(SIZES)
    dbfile = str(tmp_path / "bench.db")
    statements, result = EXPECTED[key]
    for name, lib in _libs().items():
        setup(dbfile, SIZES)
        out = fn(lib, dbfile, SIZES)
        assert out.result == result, (name, out.result)
        assert out.seconds >= 0
        if name == "orm":
            assert out.statements == statements
        elif name == "raw":
            assert out.statements is None
        else:
            assert out.statements is not None and out.statements >= 1 or key == "get_cached"


def test_run_all_prints_a_row_per_workload(capsys: Any) -> None:
    table = bench.run_all(1, SIZES, only=["selectin", "bulk_insert"])
    lines = capsys.readouterr().out.splitlines()
    assert [row["key"] for row in table] == ["bulk_insert", "selectin"]
    assert lines[0].split()[:2] == ["ORM", "workload"]
    assert lines[1].startswith("ORM bulk insert 40") and lines[2].startswith("selectin 7 parents x 10")
    assert table[1]["statements"] == {"orm": 2, "sqlalchemy": 2, "raw": None}
