"""ORM write workloads (the persistence side of SQLAlchemy's performance examples), run the same way
on ``orm``, on SQLAlchemy 2.x and, as the floor, on the raw sqlite3 driver writing the same rows.

Usage: ``python benchmarks/orm_writing.py [--repeat N]``.  Times are CPU seconds of this process
(``time.process_time``), best of N, interleaved per library; statement counts come from a
``before_cursor_execute`` listener.  Each run writes into a fresh in-memory SQLite database.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import sqlite3
import time
from typing import Any, Callable

N_FLUSH = int(os.environ.get("BENCH_N_FLUSH", 100_000))
N_COMMIT = int(os.environ.get("BENCH_N_COMMIT", 10_000))
N_BULK = int(os.environ.get("BENCH_N_BULK", 100_000))

DDL = "CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(255), description VARCHAR(255))"
STATEMENTS: dict[tuple[str, str], int] = {}


def _setup(lib: Any) -> tuple[Any, Any, Any]:
    """(mapped class, engine, Session class) on a fresh in-memory database."""
    o = lib if lib.__name__ == "orm" else importlib.import_module("sqlalchemy.orm")

    class Base(o.DeclarativeBase):
        pass

    class Customer(Base):
        __tablename__ = "customer"
        id = lib.Column(lib.Integer, primary_key=True)
        name = lib.Column(lib.String(255))
        description = lib.Column(lib.String(255))

    engine = lib.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    count = [0]

    def on_execute(*args: Any) -> None:
        count[0] += 1

    lib.event.listen(engine, "before_cursor_execute", on_execute)
    engine._bench_count = count  # type: ignore[attr-defined]
    return Customer, engine, o.Session


def _raw() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(DDL)
    return conn


def _timed(fn: Callable[[], Any]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def _count(what: str, lib: Any, engine: Any) -> None:
    STATEMENTS[(what, lib.__name__)] = engine._bench_count[0]


def flush_new_objects(lib: Any) -> float:
    """``add_all`` of objects without primary keys, one flush (the keys come back)."""
    if lib is None:
        conn = _raw()

        def run_raw() -> None:
            cur = conn.cursor()
            for i in range(N_FLUSH):
                cur.execute("INSERT INTO customer (name, description) VALUES (?, ?)", (f"c{i}", f"d{i}"))
                cur.lastrowid  # noqa: B018 - the key, as the ORM needs it
            conn.commit()
        return _timed(run_raw)
    Customer, engine, Session = _setup(lib)
    session = Session(engine)

    def run() -> None:
        session.add_all([Customer(name=f"c{i}", description=f"d{i}") for i in range(N_FLUSH)])
        session.flush()
        session.commit()
    t = _timed(run)
    _count("flush", lib, engine)
    session.close()
    engine.dispose()
    return t


def single_add_commit(lib: Any) -> float:
    """A Session, one object, commit: ``N_COMMIT`` times."""
    if lib is None:
        conn = _raw()

        def run_raw() -> None:
            for _ in range(N_COMMIT):
                conn.execute("INSERT INTO customer (name, description) VALUES (?, ?)", ("x", "y"))
                conn.commit()
        return _timed(run_raw)
    Customer, engine, Session = _setup(lib)

    def run() -> None:
        for _ in range(N_COMMIT):
            session = Session(engine)
            session.add(Customer(name="x", description="y"))
            session.commit()
    t = _timed(run)
    _count("add+commit", lib, engine)
    engine.dispose()
    return t


def _rows() -> list[dict[str, Any]]:
    return [{"name": f"c{i}", "description": f"d{i}"} for i in range(N_BULK)]


def orm_bulk_insert(lib: Any) -> float:
    """``session.execute(insert(Customer), [dicts])``."""
    rows = _rows()
    if lib is None:
        conn = _raw()
        values = [(r["name"], r["description"]) for r in rows]
        return _timed(lambda: (conn.executemany("INSERT INTO customer (name, description) VALUES (?, ?)",
                                                values), conn.commit()))
    Customer, engine, Session = _setup(lib)
    session = Session(engine)
    t = _timed(lambda: (session.execute(lib.insert(Customer), rows), session.commit()))
    _count("bulk insert", lib, engine)
    session.close()
    engine.dispose()
    return t


def bulk_insert_mappings(lib: Any) -> float:
    rows = _rows()
    if lib is None:
        return float("nan")
    Customer, engine, Session = _setup(lib)
    session = Session(engine)
    t = _timed(lambda: (session.bulk_insert_mappings(Customer, rows), session.commit()))
    session.close()
    engine.dispose()
    return t


def bulk_update(lib: Any) -> float:
    """``bulk_update_mappings`` of every row by primary key."""
    updates = [{"id": i + 1, "name": f"u{i}"} for i in range(N_BULK)]
    if lib is None:
        conn = _raw()
        conn.executemany("INSERT INTO customer (name, description) VALUES (?, ?)",
                         [(r["name"], r["description"]) for r in _rows()])
        values = [(u["name"], u["id"]) for u in updates]
        return _timed(lambda: (conn.executemany("UPDATE customer SET name = ? WHERE id = ?", values),
                               conn.commit()))
    Customer, engine, Session = _setup(lib)
    session = Session(engine)
    session.execute(lib.insert(Customer), _rows())
    session.commit()
    engine._bench_count[0] = 0
    t = _timed(lambda: (session.bulk_update_mappings(Customer, updates), session.commit()))
    _count("bulk update", lib, engine)
    session.close()
    engine.dispose()
    return t


def unit_of_work_update(lib: Any) -> float:
    """Load ``N_BULK // 10`` objects, change one attribute each, flush (UPDATE of that column)."""
    n = N_BULK // 10
    Customer, engine, Session = _setup(lib) if lib is not None else (None, None, None)
    if lib is None:
        return float("nan")
    session = Session(engine)
    session.execute(lib.insert(Customer), _rows()[:n])
    session.commit()
    objs = session.scalars(lib.select(Customer)).all()

    def run() -> None:
        for o in objs:
            o.description = "changed"
        session.commit()
    t = _timed(run)
    session.close()
    engine.dispose()
    return t


WORKLOADS: list[tuple[str, Callable[[Any], float]]] = [
    (f"flush {N_FLUSH:,} new objects (no pk)", flush_new_objects),
    (f"add + commit x{N_COMMIT:,}", single_add_commit),
    (f"ORM bulk insert {N_BULK:,} (insert(C), dicts)", orm_bulk_insert),
    (f"bulk_insert_mappings {N_BULK:,}", bulk_insert_mappings),
    (f"bulk_update_mappings {N_BULK:,}", bulk_update),
    (f"change + flush {N_BULK // 10:,} loaded objects", unit_of_work_update),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    libs: dict[str, Any] = {"orm": importlib.import_module("orm"), "raw": None}
    try:
        libs["sqlalchemy"] = importlib.import_module("sqlalchemy")
    except ImportError:
        print("sqlalchemy is not installed: comparing with the raw driver only")
    print(f"{'workload (CPU seconds, best of %d)' % args.repeat:<46} {'orm':>8} {'sqlalchemy':>11} "
          f"{'raw':>8} {'orm/sa':>7} {'orm/raw':>8}")
    for title, fn in WORKLOADS:
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, lib in libs.items():
                gc.collect()
                t = fn(lib)
                best[name] = min(best.get(name, t), t)
        ours, raw, sa = best["orm"], best["raw"], best.get("sqlalchemy")
        sa_text = "-" if sa is None else f"{sa:.3f}"
        ratio = "-" if sa is None else f"{ours / sa:.2f}"
        raw_text = "-" if raw != raw else f"{raw:.3f}"
        raw_ratio = "-" if raw != raw or not raw else f"{ours / raw:.2f}"
        print(f"{title:<46} {ours:>8.3f} {sa_text:>11} {raw_text:>8} {ratio:>7} {raw_ratio:>8}")
    for (what, lib), n in sorted(STATEMENTS.items()):
        print(f"statements, {what}, {lib}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
