"""Core workloads, run the same way on ``orm``, on SQLAlchemy 2.x and on the raw sqlite3 driver.

Each workload is a function ``(lib, dbfile) -> seconds`` of CPU time (``time.process_time``: the
machine is shared, so wall time mostly measures the neighbours); ``lib`` is the imported package
(``orm`` or ``sqlalchemy``) or None for the raw driver.  Statement shapes, data and row counts are
identical across the three.

Run alone: ``python benchmarks/core.py [--repeat N] [--only SUBSTRING]``; ``benchmarks/run.py``
runs these and the ORM workloads.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from typing import Any, Callable

N_INSERT = int(os.environ.get("BENCH_N_INSERT", 100_000))
N_FETCH = int(os.environ.get("BENCH_N_FETCH", 500_000))
N_PK = int(os.environ.get("BENCH_N_PK", 10_000))
N_COMMIT = int(os.environ.get("BENCH_N_COMMIT", 10_000))
N_POOL = int(os.environ.get("BENCH_N_POOL", 10_000))

_clock = time.process_time

DDL = "CREATE TABLE bench (id INTEGER PRIMARY KEY, name VARCHAR(50), value INTEGER, note VARCHAR(100))"


def _rows(n: int) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"name {i}", "value": i * 3, "note": "x" * 20} for i in range(1, n + 1)]


def _table(lib: Any) -> Any:
    md = lib.MetaData()
    return lib.Table(
        "bench", md,
        lib.Column("id", lib.Integer, primary_key=True),
        lib.Column("name", lib.String(50)),
        lib.Column("value", lib.Integer),
        lib.Column("note", lib.String(100)),
    )


def _fresh(dbfile: str) -> None:
    if os.path.exists(dbfile):
        os.remove(dbfile)
    conn = sqlite3.connect(dbfile)
    conn.execute(DDL)
    conn.commit()
    conn.close()


def _fill(dbfile: str, n: int) -> None:
    _fresh(dbfile)
    conn = sqlite3.connect(dbfile)
    conn.executemany("INSERT INTO bench (id, name, value, note) VALUES (?, ?, ?, ?)",
                     [(r["id"], r["name"], r["value"], r["note"]) for r in _rows(n)])
    conn.commit()
    conn.close()


def executemany_insert(lib: Any, dbfile: str) -> float:
    _fresh(dbfile)
    rows = _rows(N_INSERT)
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = _clock()
        conn.executemany("INSERT INTO bench (id, name, value, note) VALUES (?, ?, ?, ?)",
                         [(r["id"], r["name"], r["value"], r["note"]) for r in rows])
        conn.commit()
        elapsed = _clock() - start
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    start = _clock()
    with engine.begin() as conn:
        conn.execute(t.insert(), rows)
    elapsed = _clock() - start
    engine.dispose()
    return elapsed


def fetchall(lib: Any, dbfile: str) -> float:
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = _clock()
        rows = conn.execute("SELECT bench.id, bench.name, bench.value, bench.note FROM bench").fetchall()
        elapsed = _clock() - start
        assert len(rows) == N_FETCH
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    with engine.connect() as conn:
        conn.execute(lib.select(t).limit(1)).all()  # warm the pool and the compiled cache
        start = _clock()
        rows = conn.execute(lib.select(t)).all()
        elapsed = _clock() - start
    assert len(rows) == N_FETCH
    engine.dispose()
    return elapsed


_SELECT_ALL = "SELECT bench.id, bench.name, bench.value, bench.note FROM bench"


def _iterate(lib: Any, dbfile: str, shape: str) -> float:
    """Iterate every row of the table one at a time, as ``shape`` says: ``rows``
    (``for row in result``), ``scalars`` (``result.scalars()``), ``mappings``
    (``result.mappings()``) or ``yield_per`` (``result.yield_per(1000)``); each item is touched."""
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = _clock()
        n = 0
        for row in conn.execute(_SELECT_ALL):
            n += row[0] is not None
        elapsed = _clock() - start
        conn.close()
        assert n == N_FETCH
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    n = 0
    with engine.connect() as conn:
        conn.execute(lib.select(t).limit(1)).all()
        start = _clock()
        result = conn.execute(lib.select(t))
        if shape == "rows":
            for row in result:
                n += row[0] is not None
        elif shape == "scalars":
            for value in result.scalars():
                n += value is not None
        elif shape == "mappings":
            for mapping in result.mappings():
                n += mapping["id"] is not None
        elif shape == "yield_per":
            for row in result.yield_per(1000):
                n += row[0] is not None
        else:
            raise ValueError(shape)
        elapsed = _clock() - start
    assert n == N_FETCH
    engine.dispose()
    return elapsed


def iterate_rows(lib: Any, dbfile: str) -> float:
    return _iterate(lib, dbfile, "rows")


def iterate_scalars(lib: Any, dbfile: str) -> float:
    return _iterate(lib, dbfile, "scalars")


def iterate_mappings(lib: Any, dbfile: str) -> float:
    return _iterate(lib, dbfile, "mappings")


def iterate_yield_per(lib: Any, dbfile: str) -> float:
    return _iterate(lib, dbfile, "yield_per")


def pk_select(lib: Any, dbfile: str) -> float:
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = _clock()
        for i in range(1, N_PK + 1):
            conn.execute("SELECT bench.id, bench.name, bench.value, bench.note FROM bench WHERE bench.id = ?",
                         (i,)).fetchone()
        elapsed = _clock() - start
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    with engine.connect() as conn:
        start = _clock()
        for i in range(1, N_PK + 1):
            conn.execute(lib.select(t).where(t.c.id == i)).first()
        elapsed = _clock() - start
    engine.dispose()
    return elapsed


def insert_commit(lib: Any, dbfile: str) -> float:
    _fresh(dbfile)
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = _clock()
        for i in range(1, N_COMMIT + 1):
            conn.execute("INSERT INTO bench (name, value) VALUES (?, ?)", (f"n{i}", i))
            conn.commit()
        elapsed = _clock() - start
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    start = _clock()
    with engine.connect() as conn:
        for i in range(1, N_COMMIT + 1):
            conn.execute(t.insert().values(name=f"n{i}", value=i))
            conn.commit()
    elapsed = _clock() - start
    engine.dispose()
    return elapsed


def pool_checkout(lib: Any, dbfile: str) -> float:
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = _clock()
        for _ in range(N_POOL):
            conn.execute("SELECT 1").fetchall()
            conn.rollback()
        elapsed = _clock() - start
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    engine.connect().close()
    sql = lib.text("SELECT 1")
    start = _clock()
    for _ in range(N_POOL):
        with engine.connect() as conn:
            conn.execute(sql).all()
    elapsed = _clock() - start
    engine.dispose()
    return elapsed


WORKLOADS: list[tuple[str, Callable[[Any, str], float], Callable[[str], None] | None]] = [
    (f"executemany insert {N_INSERT:,} rows", executemany_insert, None),
    (f"fetchall {N_FETCH:,} rows", fetchall, lambda f: _fill(f, N_FETCH)),
    (f"iterate {N_FETCH:,} rows", iterate_rows, lambda f: _fill(f, N_FETCH)),
    (f"iterate scalars {N_FETCH:,}", iterate_scalars, lambda f: _fill(f, N_FETCH)),
    (f"iterate mappings {N_FETCH:,}", iterate_mappings, lambda f: _fill(f, N_FETCH)),
    (f"iterate yield_per(1000) {N_FETCH:,}", iterate_yield_per, lambda f: _fill(f, N_FETCH)),
    (f"pk select x{N_PK:,} (cached)", pk_select, lambda f: _fill(f, N_PK)),
    (f"insert + commit x{N_COMMIT:,}", insert_commit, None),
    (f"pool checkout + SELECT 1 x{N_POOL:,}", pool_checkout, lambda f: _fresh(f)),
]


def tempdb() -> str:
    return os.path.join(tempfile.mkdtemp(prefix="ormlens-bench-"), "bench.db")


def main() -> int:
    """Run the Core workloads alone (best CPU time of ``--repeat`` runs, interleaved)."""
    import argparse
    import gc
    import importlib

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="run only workloads whose title contains this")
    args = parser.parse_args()
    libs: dict[str, Any] = {"orm": importlib.import_module("orm"), "raw": None}
    try:
        libs["sqlalchemy"] = importlib.import_module("sqlalchemy")
    except ImportError:
        print("sqlalchemy is not installed: comparing with the raw driver only")
    print(f"{'workload (CPU s, best of ' + str(args.repeat) + ')':<40} {'orm':>9} {'sqlalchemy':>11} "
          f"{'raw':>9} {'orm/sa':>8} {'orm/raw':>8}")
    for title, fn, setup in WORKLOADS:
        if args.only not in title:
            continue
        dbfile = tempdb()
        if setup is not None:
            setup(dbfile)
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, lib in libs.items():
                gc.collect()
                t = fn(lib, dbfile)
                best[name] = min(best.get(name, t), t)
        ours, raw, sa = best["orm"], best["raw"], best.get("sqlalchemy")
        sa_text = "-" if sa is None else f"{sa:.3f}s"
        ratio = "-" if sa is None else f"{ours / sa:.2f}"
        print(f"{title:<40} {ours:>8.3f}s {sa_text:>11} {raw:>8.3f}s {ratio:>8} {ours / raw:>8.2f}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
