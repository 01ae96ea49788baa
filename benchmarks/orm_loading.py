"""ORM read workloads (the loading side of SQLAlchemy's performance examples), run the same way on
``orm``, on SQLAlchemy 2.x and, as the floor, on the raw sqlite3 driver fetching the same rows.

Usage: ``python benchmarks/orm_loading.py [--repeat N]``.  Times are CPU seconds of this process
(``time.process_time``), best of N, interleaved per library so machine noise hits all alike; the
statement counts come from a ``before_cursor_execute`` listener.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import random
import sqlite3
import tempfile
import time
from typing import Any, Callable

N_LOAD = int(os.environ.get("BENCH_N_LOAD", 500_000))
N_GET = int(os.environ.get("BENCH_N_GET", 10_000))
N_PARENTS = int(os.environ.get("BENCH_N_PARENTS", 1_000))
N_CHILDREN = 10


def _fill(dbfile: str) -> None:
    if os.path.exists(dbfile):
        return
    conn = sqlite3.connect(dbfile)
    conn.execute("CREATE TABLE bench (id INTEGER PRIMARY KEY, name VARCHAR(50), value INTEGER, note VARCHAR(100))")
    conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(50))")
    conn.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), "
                 "name VARCHAR(50))")
    conn.execute("CREATE INDEX ix_child_parent_id ON child (parent_id)")  # foreign keys are usually indexed
    conn.executemany("INSERT INTO bench VALUES (?, ?, ?, ?)",
                     [(i, f"name {i}", i * 3, "x" * 20) for i in range(1, N_LOAD + 1)])
    conn.executemany("INSERT INTO parent VALUES (?, ?)", [(i, f"p{i}") for i in range(1, N_PARENTS + 1)])
    conn.executemany("INSERT INTO child VALUES (?, ?, ?)",
                     [(i * N_CHILDREN + j, i, f"c{j}") for i in range(1, N_PARENTS + 1) for j in range(N_CHILDREN)])
    conn.commit()
    conn.close()


class _Models:
    """The benchmark's mapped classes for one library (``orm`` or ``sqlalchemy``)."""

    _cache: dict[str, "_Models"] = {}

    def __init__(self, lib: Any) -> None:
        o = lib if lib.__name__ == "orm" else importlib.import_module("sqlalchemy.orm")

        class Base(o.DeclarativeBase):
            pass

        class Bench(Base):
            __tablename__ = "bench"
            id = lib.Column(lib.Integer, primary_key=True)
            name = lib.Column(lib.String(50))
            value = lib.Column(lib.Integer)
            note = lib.Column(lib.String(100))

        class Parent(Base):
            __tablename__ = "parent"
            id = lib.Column(lib.Integer, primary_key=True)
            name = lib.Column(lib.String(50))
            children = o.relationship("Child")

        class Child(Base):
            __tablename__ = "child"
            id = lib.Column(lib.Integer, primary_key=True)
            parent_id = lib.Column(lib.ForeignKey("parent.id"))
            name = lib.Column(lib.String(50))

        self.o, self.Bench, self.Parent, self.Child = o, Bench, Parent, Child

    @classmethod
    def of(cls, lib: Any) -> "_Models":
        got = cls._cache.get(lib.__name__)
        if got is None:
            got = cls._cache[lib.__name__] = cls(lib)
        return got


STATEMENTS: dict[tuple[str, str], int] = {}


def _engine(lib: Any, dbfile: str, title: str) -> Any:
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    count = [0]

    def on_execute(*args: Any) -> None:
        count[0] += 1

    lib.event.listen(engine, "before_cursor_execute", on_execute)
    engine._bench_count = count  # type: ignore[attr-defined]
    return engine


def _timed(fn: Callable[[], Any]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def load_objects(lib: Any, dbfile: str, yield_per: bool = False) -> float:
    if lib is None:
        conn = sqlite3.connect(dbfile)
        t = _timed(lambda: conn.execute("SELECT id, name, value, note FROM bench").fetchall())
        conn.close()
        return t
    m = _Models.of(lib)
    engine = _engine(lib, dbfile, "load")
    with m.o.Session(engine) as s:
        stmt = lib.select(m.Bench)
        if yield_per:
            stmt = stmt.execution_options(yield_per=1000)
            t = _timed(lambda: sum(1 for _ in s.scalars(stmt)))
        else:
            t = _timed(lambda: s.scalars(stmt).all())
    engine.dispose()
    return t


def load_objects_yield_per(lib: Any, dbfile: str) -> float:
    return load_objects(lib, dbfile, yield_per=True)


def _ids() -> list[int]:
    ids = list(range(1, N_GET + 1))
    random.Random(1).shuffle(ids)
    return ids


def get_cold_and_cached(lib: Any, dbfile: str, cached: bool) -> float:
    ids = _ids()
    if lib is None:
        conn = sqlite3.connect(dbfile)

        def run() -> None:
            for i in ids:
                conn.execute("SELECT id, name, value, note FROM bench WHERE id = ?", (i,)).fetchone()

        t = _timed(run)
        conn.close()
        return t
    m = _Models.of(lib)
    engine = _engine(lib, dbfile, "get")
    with m.o.Session(engine) as s:
        kept = [s.get(m.Bench, i) for i in ids] if cached else []   # held: SQLAlchemy's map is weak
        t = _timed(lambda: [s.get(m.Bench, i) for i in ids])
        del kept
    engine.dispose()
    return t


def get_cold(lib: Any, dbfile: str) -> float:
    return get_cold_and_cached(lib, dbfile, False)


def get_cached(lib: Any, dbfile: str) -> float:
    return get_cold_and_cached(lib, dbfile, True)


def selectin_children(lib: Any, dbfile: str) -> float:
    if lib is None:
        conn = sqlite3.connect(dbfile)

        def run() -> None:
            ids = [r[0] for r in conn.execute("SELECT id, name FROM parent").fetchall()]
            for i in range(0, len(ids), 500):
                batch = ids[i:i + 500]
                conn.execute(f"SELECT parent_id, id, name FROM child WHERE parent_id IN "
                             f"({', '.join('?' * len(batch))})", batch).fetchall()

        t = _timed(run)
        conn.close()
        return t
    m = _Models.of(lib)
    engine = _engine(lib, dbfile, "selectin")
    with m.o.Session(engine) as s:
        def run() -> None:
            parents = s.scalars(lib.select(m.Parent).options(m.o.selectinload(m.Parent.children))).all()
            assert sum(len(p.children) for p in parents) == N_PARENTS * N_CHILDREN

        t = _timed(run)
    STATEMENTS[("selectin", lib.__name__)] = engine._bench_count[0]
    engine.dispose()
    return t


def lazy_children(lib: Any, dbfile: str) -> float:
    """The N+1 pattern, for the statement count: a lazy load per parent."""
    if lib is None:
        return float("nan")
    m = _Models.of(lib)
    engine = _engine(lib, dbfile, "lazy")
    with m.o.Session(engine) as s:
        def run() -> None:
            parents = s.scalars(lib.select(m.Parent)).all()
            assert sum(len(p.children) for p in parents) == N_PARENTS * N_CHILDREN

        t = _timed(run)
    STATEMENTS[("lazy", lib.__name__)] = engine._bench_count[0]
    engine.dispose()
    return t


WORKLOADS: list[tuple[str, Callable[[Any, str], float]]] = [
    (f"load {N_LOAD:,} objects", load_objects),
    (f"load {N_LOAD:,} objects, yield_per 1000", load_objects_yield_per),
    (f"session.get x{N_GET:,} (cold)", get_cold),
    (f"session.get x{N_GET:,} (cached)", get_cached),
    (f"selectin {N_PARENTS:,} parents x {N_CHILDREN}", selectin_children),
    (f"lazy {N_PARENTS:,} parents x {N_CHILDREN} (N+1)", lazy_children),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dbfile = os.path.join(tempfile.gettempdir(), f"ormlens-bench-orm-v2-{N_LOAD}-{N_PARENTS}.db")
    _fill(dbfile)
    libs: dict[str, Any] = {"orm": importlib.import_module("orm"), "raw": None}
    try:
        libs["sqlalchemy"] = importlib.import_module("sqlalchemy")
    except ImportError:
        print("sqlalchemy is not installed: comparing with the raw driver only")
    print(f"{'workload (CPU seconds, best of %d)' % args.repeat:<42} {'orm':>8} {'sqlalchemy':>11} "
          f"{'raw':>8} {'orm/sa':>7} {'orm/raw':>8}")
    for title, fn in WORKLOADS:
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, lib in libs.items():
                gc.collect()
                t = fn(lib, dbfile)
                best[name] = min(best.get(name, t), t)
        ours, raw, sa = best["orm"], best["raw"], best.get("sqlalchemy")
        sa_text = "-" if sa is None else f"{sa:.3f}"
        ratio = "-" if sa is None else f"{ours / sa:.2f}"
        raw_text = "-" if raw != raw else f"{raw:.3f}"
        raw_ratio = "-" if raw != raw or not raw else f"{ours / raw:.2f}"
        print(f"{title:<42} {ours:>8.3f} {sa_text:>11} {raw_text:>8} {ratio:>7} {raw_ratio:>8}")
    for (what, lib), n in sorted(STATEMENTS.items()):
        print(f"statements, {what} loading, {lib}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
