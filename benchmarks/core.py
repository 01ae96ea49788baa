"""Core workloads, run the same way on ``orm``, on SQLAlchemy 2.x and on the raw sqlite3 driver.

Each workload is a function ``(lib, dbfile) -> seconds``; ``lib`` is the imported package
(``orm`` or ``sqlalchemy``) or None for the raw driver.  Statement shapes, data and row counts are
identical across the three.
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
        start = time.perf_counter()
        conn.executemany("INSERT INTO bench (id, name, value, note) VALUES (?, ?, ?, ?)",
                         [(r["id"], r["name"], r["value"], r["note"]) for r in rows])
        conn.commit()
        elapsed = time.perf_counter() - start
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(t.insert(), rows)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def fetchall(lib: Any, dbfile: str) -> float:
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = time.perf_counter()
        rows = conn.execute("SELECT bench.id, bench.name, bench.value, bench.note FROM bench").fetchall()
        elapsed = time.perf_counter() - start
        assert len(rows) == N_FETCH
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    with engine.connect() as conn:
        conn.execute(lib.select(t).limit(1)).all()  # warm the pool and the compiled cache
        start = time.perf_counter()
        rows = conn.execute(lib.select(t)).all()
        elapsed = time.perf_counter() - start
    assert len(rows) == N_FETCH
    engine.dispose()
    return elapsed


def pk_select(lib: Any, dbfile: str) -> float:
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = time.perf_counter()
        for i in range(1, N_PK + 1):
            conn.execute("SELECT bench.id, bench.name, bench.value, bench.note FROM bench WHERE bench.id = ?",
                         (i,)).fetchone()
        elapsed = time.perf_counter() - start
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    with engine.connect() as conn:
        start = time.perf_counter()
        for i in range(1, N_PK + 1):
            conn.execute(lib.select(t).where(t.c.id == i)).first()
        elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def insert_commit(lib: Any, dbfile: str) -> float:
    _fresh(dbfile)
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = time.perf_counter()
        for i in range(1, N_COMMIT + 1):
            conn.execute("INSERT INTO bench (name, value) VALUES (?, ?)", (f"n{i}", i))
            conn.commit()
        elapsed = time.perf_counter() - start
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    t = _table(lib)
    start = time.perf_counter()
    with engine.connect() as conn:
        for i in range(1, N_COMMIT + 1):
            conn.execute(t.insert().values(name=f"n{i}", value=i))
            conn.commit()
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def pool_checkout(lib: Any, dbfile: str) -> float:
    if lib is None:
        conn = sqlite3.connect(dbfile)
        start = time.perf_counter()
        for _ in range(N_POOL):
            conn.execute("SELECT 1").fetchall()
            conn.rollback()
        elapsed = time.perf_counter() - start
        conn.close()
        return elapsed
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    engine.connect().close()
    sql = lib.text("SELECT 1")
    start = time.perf_counter()
    for _ in range(N_POOL):
        with engine.connect() as conn:
            conn.execute(sql).all()
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


WORKLOADS: list[tuple[str, Callable[[Any, str], float], Callable[[str], None] | None]] = [
    (f"executemany insert {N_INSERT:,} rows", executemany_insert, None),
    (f"fetchall {N_FETCH:,} rows", fetchall, lambda f: _fill(f, N_FETCH)),
    (f"pk select x{N_PK:,} (cached)", pk_select, lambda f: _fill(f, N_PK)),
    (f"insert + commit x{N_COMMIT:,}", insert_commit, None),
    (f"pool checkout + SELECT 1 x{N_POOL:,}", pool_checkout, lambda f: _fresh(f)),
]


def tempdb() -> str:
    return os.path.join(tempfile.mkdtemp(prefix="ormlens-bench-"), "bench.db")
