"""ORM workloads of SQLAlchemy's performance examples, run on ``orm``, on SQLAlchemy 2.x and, as the
floor, on the raw sqlite3 driver doing the same SQL work, side by side in one process, on a SQLite
file database.

Usage: ``python benchmarks/orm_bench.py [--repeat N]`` (``make bench`` runs it after the Core
benchmark).  Times are CPU seconds of this process (``time.process_time``: the machine is shared, wall
time is noise), best of N, interleaved per library so drift hits all alike.  Statement counts come
from a ``before_cursor_execute`` listener on the engine (one count per cursor execute/executemany).

Sizes shrink through the environment for a smoke run, e.g.
``BENCH_N_FLUSH=1000 BENCH_N_LOAD=5000 BENCH_N_GET=200 BENCH_N_COMMIT=200 BENCH_N_BULK=1000
BENCH_N_PARENTS=50 BENCH_N_CHANGE=500 BENCH_REPEAT=1 python benchmarks/orm_bench.py``.

(The module is not called ``orm.py``: run as a script its directory comes first on ``sys.path`` and
``import orm`` would import the benchmark itself instead of the library.)
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import os
import random
import sqlite3
import tempfile
import time
from typing import Any, Callable, Optional


@dataclasses.dataclass(frozen=True)
class Sizes:
    """How many rows/objects/iterations each workload uses."""

    flush: int = int(os.environ.get("BENCH_N_FLUSH", 100_000))
    bulk: int = int(os.environ.get("BENCH_N_BULK", 100_000))
    commit: int = int(os.environ.get("BENCH_N_COMMIT", 10_000))
    get: int = int(os.environ.get("BENCH_N_GET", 10_000))
    load: int = int(os.environ.get("BENCH_N_LOAD", 500_000))
    parents: int = int(os.environ.get("BENCH_N_PARENTS", 1_000))
    children: int = 10
    change: int = int(os.environ.get("BENCH_N_CHANGE", 5_000))


@dataclasses.dataclass
class Outcome:
    """One timed run: CPU seconds, statements the engine sent (None for raw), and a result to check."""

    seconds: float
    statements: Optional[int]
    result: Any


DDL = [
    "CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(255), description VARCHAR(255))",
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(50))",
    "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), name VARCHAR(50))",
    "CREATE INDEX ix_child_parent_id ON child (parent_id)",  # foreign keys are usually indexed
]


def fresh_db(dbfile: str) -> None:
    """An empty database file with the benchmark tables (not timed)."""
    if os.path.exists(dbfile):
        os.remove(dbfile)
    conn = sqlite3.connect(dbfile)
    for ddl in DDL:
        conn.execute(ddl)
    conn.commit()
    conn.close()


def _customers(n: int) -> list[tuple[int, str, str]]:
    return [(i, f"c{i}", f"d{i}") for i in range(1, n + 1)]


def filled_db(dbfile: str, sizes: Sizes, customers: int) -> None:
    """``customers`` customer rows plus ``parents`` x ``children`` rows, written by the raw driver."""
    fresh_db(dbfile)
    conn = sqlite3.connect(dbfile)
    conn.executemany("INSERT INTO customer VALUES (?, ?, ?)", _customers(customers))
    conn.executemany("INSERT INTO parent VALUES (?, ?)", [(i, f"p{i}") for i in range(1, sizes.parents + 1)])
    conn.executemany("INSERT INTO child VALUES (?, ?, ?)",
                     [(i * sizes.children + j, i, f"c{j}")
                      for i in range(1, sizes.parents + 1) for j in range(sizes.children)])
    conn.commit()
    conn.close()


class Models:
    """The mapped classes for one library (``orm`` or ``sqlalchemy``), built once per library."""

    _cache: dict[str, "Models"] = {}

    def __init__(self, lib: Any) -> None:
        o = lib if lib.__name__ == "orm" else importlib.import_module("sqlalchemy.orm")

        class Base(o.DeclarativeBase):
            pass

        class Customer(Base):
            __tablename__ = "customer"
            id = lib.Column(lib.Integer, primary_key=True)
            name = lib.Column(lib.String(255))
            description = lib.Column(lib.String(255))

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

        self.lib, self.o = lib, o
        self.Customer, self.Parent, self.Child = Customer, Parent, Child

    @classmethod
    def of(cls, lib: Any) -> "Models":
        got = cls._cache.get(lib.__name__)
        if got is None:
            got = cls._cache[lib.__name__] = cls(lib)
        return got


def counting_engine(lib: Any, dbfile: str) -> Any:
    """An engine on ``dbfile`` whose ``_bench_count[0]`` counts cursor executions."""
    engine = lib.create_engine(f"sqlite:///{dbfile}")
    count = [0]

    def on_execute(*args: Any) -> None:
        count[0] += 1

    lib.event.listen(engine, "before_cursor_execute", on_execute)
    engine._bench_count = count
    return engine


def _orm_run(lib: Any, dbfile: str, body: Callable[[Models, Any], Callable[[], Any]]) -> Outcome:
    """Build the engine, let ``body`` prepare (untimed) and return the timed callable; count only it."""
    m = Models.of(lib)
    engine = counting_engine(lib, dbfile)
    try:
        timed = body(m, engine)
        engine._bench_count[0] = 0
        start = time.process_time()
        result = timed()
        seconds = time.process_time() - start
        return Outcome(seconds, engine._bench_count[0], result)
    finally:
        engine.dispose()


def _raw_run(dbfile: str, body: Callable[[sqlite3.Connection], Any]) -> Outcome:
    conn = sqlite3.connect(dbfile)
    try:
        start = time.process_time()
        result = body(conn)
        return Outcome(time.process_time() - start, None, result)
    finally:
        conn.close()


def _count_customers(dbfile: str) -> int:
    conn = sqlite3.connect(dbfile)
    try:
        return int(conn.execute("SELECT count(*) FROM customer").fetchone()[0])
    finally:
        conn.close()


# --- writing -------------------------------------------------------------------------------------

def flush_new_objects(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """``add_all`` of ``sizes.flush`` objects without primary keys, one flush, commit; result: the
    number of objects that got a key back."""
    n = sizes.flush
    if lib is None:
        def raw(conn: sqlite3.Connection) -> int:
            cur, keys = conn.cursor(), 0
            for i in range(n):  # one by one: the ORM needs every new key back
                cur.execute("INSERT INTO customer (name, description) VALUES (?, ?)", (f"c{i}", f"d{i}"))
                keys += cur.lastrowid is not None
            conn.commit()
            return keys
        return _raw_run(dbfile, raw)

    def body(m: Models, engine: Any) -> Callable[[], Any]:
        session = m.o.Session(engine)

        def run() -> int:
            objs = [m.Customer(name=f"c{i}", description=f"d{i}") for i in range(n)]
            session.add_all(objs)
            session.flush()
            got = sum(1 for o in objs if o.__dict__.get("id") is not None)  # before commit expires them
            session.commit()
            session.close()
            return got
        return run
    return _orm_run(lib, dbfile, body)


def orm_bulk_insert(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """``session.execute(insert(Customer), list_of_dicts)``, commit; result: rows in the table."""
    rows = [{"name": f"c{i}", "description": f"d{i}"} for i in range(sizes.bulk)]
    if lib is None:
        values = [(r["name"], r["description"]) for r in rows]
        out = _raw_run(dbfile, lambda conn: (conn.executemany(
            "INSERT INTO customer (name, description) VALUES (?, ?)", values), conn.commit()))
    else:
        def body(m: Models, engine: Any) -> Callable[[], Any]:
            session = m.o.Session(engine)
            return lambda: (session.execute(lib.insert(m.Customer), rows), session.commit(), session.close())
        out = _orm_run(lib, dbfile, body)
    out.result = _count_customers(dbfile)
    return out


def add_commit(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """``sizes.commit`` times: a new Session, add one object, commit; result: rows in the table."""
    n = sizes.commit
    if lib is None:
        def raw(conn: sqlite3.Connection) -> None:
            for i in range(n):
                conn.execute("INSERT INTO customer (name, description) VALUES (?, ?)", (f"c{i}", f"d{i}"))
                conn.commit()
        out = _raw_run(dbfile, raw)
    else:
        def body(m: Models, engine: Any) -> Callable[[], Any]:
            def run() -> None:
                for i in range(n):
                    session = m.o.Session(engine)
                    session.add(m.Customer(name=f"c{i}", description=f"d{i}"))
                    session.commit()
                    session.close()
            return run
        out = _orm_run(lib, dbfile, body)
    out.result = _count_customers(dbfile)
    return out


def _updates(sizes: Sizes) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"u{i}"} for i in range(1, sizes.bulk + 1)]


def _updated_names(dbfile: str) -> int:
    conn = sqlite3.connect(dbfile)
    try:
        return int(conn.execute("SELECT count(*) FROM customer WHERE name LIKE 'u%'").fetchone()[0])
    finally:
        conn.close()


def _bulk_update(lib: Any, dbfile: str, sizes: Sizes, mappings_api: bool) -> Outcome:
    updates = _updates(sizes)
    if lib is None:
        values = [(u["name"], u["id"]) for u in updates]
        out = _raw_run(dbfile, lambda conn: (conn.executemany(
            "UPDATE customer SET name = ? WHERE id = ?", values), conn.commit()))
    else:
        def body(m: Models, engine: Any) -> Callable[[], Any]:
            session = m.o.Session(engine)
            if mappings_api:
                return lambda: (session.bulk_update_mappings(m.Customer, updates), session.commit(),
                                session.close())
            return lambda: (session.execute(lib.update(m.Customer), updates), session.commit(), session.close())
        out = _orm_run(lib, dbfile, body)
    out.result = _updated_names(dbfile)
    return out


def bulk_update_execute(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """``session.execute(update(Customer), list_of_dicts_with_pk)`` over every row; result: rows updated."""
    return _bulk_update(lib, dbfile, sizes, mappings_api=False)


def bulk_update_mappings(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """``session.bulk_update_mappings(Customer, list_of_dicts_with_pk)``; result: rows updated."""
    return _bulk_update(lib, dbfile, sizes, mappings_api=True)


# --- loading -------------------------------------------------------------------------------------

def _load(lib: Any, dbfile: str, sizes: Sizes, yield_per: bool) -> Outcome:
    if lib is None:
        return _raw_run(dbfile, lambda conn: len(conn.execute(
            "SELECT id, name, description FROM customer").fetchall()))

    def body(m: Models, engine: Any) -> Callable[[], Any]:
        session = m.o.Session(engine)
        stmt = lib.select(m.Customer)

        def run() -> int:
            if yield_per:
                got = sum(1 for _ in session.scalars(stmt.execution_options(yield_per=1000)))
            else:
                got = len(session.scalars(stmt).all())
            session.close()
            return got
        return run
    return _orm_run(lib, dbfile, body)


def load_objects(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """All ``sizes.load`` customers as full objects, ``.all()``; result: objects loaded."""
    return _load(lib, dbfile, sizes, yield_per=False)


def load_objects_yield_per(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """The same, streamed with ``yield_per(1000)``; result: objects seen."""
    return _load(lib, dbfile, sizes, yield_per=True)


def _get_ids(sizes: Sizes) -> list[int]:
    ids = list(range(1, sizes.get + 1))
    random.Random(1).shuffle(ids)
    return ids


def _raw_gets(ids: list[int]) -> Callable[[sqlite3.Connection], int]:
    def raw(conn: sqlite3.Connection) -> int:
        found = 0
        for i in ids:
            found += conn.execute("SELECT id, name, description FROM customer WHERE id = ?",
                                  (i,)).fetchone() is not None
        return found
    return raw


def get_cold(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """``session.get`` by primary key, a new Session for each; result: objects found."""
    ids = _get_ids(sizes)
    if lib is None:
        return _raw_run(dbfile, _raw_gets(ids))

    def body(m: Models, engine: Any) -> Callable[[], Any]:
        def run() -> int:
            found = 0
            for i in ids:
                with m.o.Session(engine) as session:
                    found += session.get(m.Customer, i) is not None
            return found
        return run
    return _orm_run(lib, dbfile, body)


def get_cached(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """``session.get`` of objects already in the Session's identity map (loaded untimed); result:
    objects found.  The raw floor re-selects each row: it has no identity map."""
    ids = _get_ids(sizes)
    if lib is None:
        return _raw_run(dbfile, _raw_gets(ids))
    kept: list[Any] = []  # SQLAlchemy's identity map is weak: hold the objects

    def body(m: Models, engine: Any) -> Callable[[], Any]:
        session = m.o.Session(engine)
        kept.extend(session.get(m.Customer, i) for i in ids)

        def run() -> int:
            found = sum(1 for i in ids if session.get(m.Customer, i) is not None)
            session.close()
            return found
        return run
    out = _orm_run(lib, dbfile, body)
    kept.clear()
    return out


def selectin_children(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """All parents with ``selectinload(Parent.children)``; result: children reached."""
    if lib is None:
        def raw(conn: sqlite3.Connection) -> int:
            ids = [r[0] for r in conn.execute("SELECT id, name FROM parent").fetchall()]
            got = 0
            for k in range(0, len(ids), 500):  # SQLAlchemy's IN batch size
                batch = ids[k:k + 500]
                got += len(conn.execute(f"SELECT parent_id, id, name FROM child WHERE parent_id IN "
                                        f"({', '.join('?' * len(batch))})", batch).fetchall())
            return got
        return _raw_run(dbfile, raw)

    def body(m: Models, engine: Any) -> Callable[[], Any]:
        session = m.o.Session(engine)
        stmt = lib.select(m.Parent).options(m.o.selectinload(m.Parent.children))

        def run() -> int:
            got = sum(len(p.children) for p in session.scalars(stmt).all())
            session.close()
            return got
        return run
    return _orm_run(lib, dbfile, body)


def change_and_flush(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """``sizes.change`` loaded objects (loaded untimed) each get one attribute changed, then one
    flush and commit; result: rows updated.  The raw floor is one executemany UPDATE."""
    n = sizes.change
    if lib is None:
        values = [(f"x{i}", i) for i in range(1, n + 1)]
        out = _raw_run(dbfile, lambda conn: (conn.executemany(
            "UPDATE customer SET name = ? WHERE id = ?", values), conn.commit()))
    else:
        def body(m: Models, engine: Any) -> Callable[[], Any]:
            session = m.o.Session(engine)
            objs = session.scalars(lib.select(m.Customer).order_by(m.Customer.id)).all()

            def run() -> None:
                for i, obj in enumerate(objs, 1):
                    obj.name = f"x{i}"
                session.flush()
                session.commit()
                session.close()
            return run
        out = _orm_run(lib, dbfile, body)
    conn = sqlite3.connect(dbfile)
    try:
        out.result = int(conn.execute("SELECT count(*) FROM customer WHERE name LIKE 'x%'").fetchone()[0])
    finally:
        conn.close()
    return out


def lazy_n_plus_one(lib: Any, dbfile: str, sizes: Sizes) -> Outcome:
    """All parents, then each parent's ``children`` by its lazy load (1 + N statements); result:
    children reached.  The raw floor runs the same 1 + N SELECTs."""
    if lib is None:
        def raw(conn: sqlite3.Connection) -> int:
            got = 0
            for (pid, _name) in conn.execute("SELECT id, name FROM parent").fetchall():
                got += len(conn.execute("SELECT id, parent_id, name FROM child WHERE ? = parent_id",
                                        (pid,)).fetchall())
            return got
        return _raw_run(dbfile, raw)

    def body(m: Models, engine: Any) -> Callable[[], Any]:
        session = m.o.Session(engine)
        stmt = lib.select(m.Parent)

        def run() -> int:
            got = sum(len(p.children) for p in session.scalars(stmt).all())
            session.close()
            return got
        return run
    return _orm_run(lib, dbfile, body)


# --- the table -----------------------------------------------------------------------------------

Workload = Callable[[Any, str, Sizes], Outcome]
# (key, title, function, setup(dbfile, sizes) or None, whether the setup must be redone before each run)
WORKLOADS: list[tuple[str, Callable[[Sizes], str], Workload, Callable[[str, Sizes], None], bool]] = [
    ("flush", lambda s: f"flush {s.flush:,} new objects (no pk)", flush_new_objects,
     lambda f, s: fresh_db(f), True),
    ("bulk_insert", lambda s: f"ORM bulk insert {s.bulk:,} (insert(C), dicts)", orm_bulk_insert,
     lambda f, s: fresh_db(f), True),
    ("add_commit", lambda s: f"add + commit x{s.commit:,}", add_commit, lambda f, s: fresh_db(f), True),
    ("get_cold", lambda s: f"session.get x{s.get:,} (cold: new session each)", get_cold,
     lambda f, s: filled_db(f, s, s.get), False),
    ("get_cached", lambda s: f"session.get x{s.get:,} (cached: same session)", get_cached,
     lambda f, s: filled_db(f, s, s.get), False),
    ("load", lambda s: f"load {s.load:,} objects", load_objects, lambda f, s: filled_db(f, s, s.load), False),
    ("load_yield_per", lambda s: f"load {s.load:,} objects, yield_per 1000", load_objects_yield_per,
     lambda f, s: filled_db(f, s, s.load), False),
    ("selectin", lambda s: f"selectin {s.parents:,} parents x {s.children}", selectin_children,
     lambda f, s: filled_db(f, s, 0), False),
    ("lazy_n_plus_one", lambda s: f"lazy load N+1, {s.parents:,} parents x {s.children}", lazy_n_plus_one,
     lambda f, s: filled_db(f, s, 0), False),
    ("change_flush", lambda s: f"change 1 attr on {s.change:,} loaded + flush", change_and_flush,
     lambda f, s: filled_db(f, s, s.change), True),
    ("bulk_update", lambda s: f"bulk update {s.bulk:,} (update(C), dicts w/ pk)", bulk_update_execute,
     lambda f, s: filled_db(f, s, s.bulk), True),
    ("bulk_update_mappings", lambda s: f"bulk_update_mappings {s.bulk:,}", bulk_update_mappings,
     lambda f, s: filled_db(f, s, s.bulk), True),
]


def libraries() -> dict[str, Any]:
    libs: dict[str, Any] = {"orm": importlib.import_module("orm")}
    try:
        libs["sqlalchemy"] = importlib.import_module("sqlalchemy")
    except ImportError:
        print("sqlalchemy is not installed: comparing with the raw driver only")
    libs["raw"] = None
    return libs


def run_all(repeat: int, sizes: Sizes | None = None, only: list[str] | None = None) -> list[dict[str, Any]]:
    """Run the workloads, print the table, return one dict per workload (best seconds, statements)."""
    sizes = sizes or Sizes()
    libs = libraries()
    dbfile = os.path.join(tempfile.mkdtemp(prefix="ormlens-bench-orm-"), "bench.db")
    print(f"{'ORM workload (CPU s, best of %d)' % repeat:<48} {'orm':>8} {'sqlalchemy':>11} {'raw':>8} "
          f"{'orm/sa':>7} {'orm/raw':>8} {'stmts orm':>10} {'stmts sa':>9}")
    table = []
    for key, title, fn, setup, per_run in WORKLOADS:
        if only and key not in only:
            continue
        best: dict[str, float] = {}
        stmts: dict[str, Optional[int]] = {}
        if not per_run:
            setup(dbfile, sizes)
        for _ in range(repeat):
            for name, lib in libs.items():
                if per_run:
                    setup(dbfile, sizes)
                gc.collect()
                out = fn(lib, dbfile, sizes)
                best[name] = min(best.get(name, out.seconds), out.seconds)
                stmts[name] = out.statements
        ours, raw, sa = best["orm"], best["raw"], best.get("sqlalchemy")
        sa_text = "-" if sa is None else f"{sa:.3f}"
        ratio = "-" if not sa else f"{ours / sa:.2f}"
        raw_ratio = "-" if not raw else f"{ours / raw:.2f}"
        print(f"{title(sizes):<48} {ours:>8.3f} {sa_text:>11} {raw:>8.3f} {ratio:>7} {raw_ratio:>8} "
              f"{stmts['orm']!s:>10} {stmts.get('sqlalchemy', '-')!s:>9}", flush=True)
        table.append({"key": key, "best": best, "statements": stmts})
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 3)))
    parser.add_argument("--only", nargs="*", help="workload keys, e.g. load selectin")
    args = parser.parse_args(argv)
    run_all(args.repeat, only=args.only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
