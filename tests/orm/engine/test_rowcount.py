"""``CursorResult.rowcount`` keeps the count the driver reported for INSERT/UPDATE/DELETE, with
and without RETURNING and for executemany, after the rows are fetched and the cursor closed
(psycopg reads -1 from a closed cursor). Compared with SQLAlchemy 2.0 side by side on SQLite,
PostgreSQL and MySQL/MariaDB."""
from __future__ import annotations

from typing import Any

import pytest

import orm
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")


def _table(lib: Any) -> tuple[Any, Any]:
    md = lib.MetaData()
    t = lib.Table("rowcount_t", md,
                  lib.Column("id", lib.Integer, primary_key=True, autoincrement=False),
                  lib.Column("x", lib.Integer))
    return md, t


def _counts(lib: Any, url: str) -> dict[str, Any]:
    """Each statement's rowcount (and, for RETURNING, rows fetched and rowcount at each step)."""
    engine = lib.create_engine(url)
    md, t = _table(lib)
    out: dict[str, Any] = {}
    try:
        md.drop_all(engine)
        md.create_all(engine)
        d = engine.dialect
        with engine.begin() as c:
            out["insert_many"] = c.execute(t.insert(), [{"id": i, "x": i % 3} for i in range(1, 7)]).rowcount
            out["insert_one"] = c.execute(t.insert().values(id=10, x=5)).rowcount
            out["update"] = c.execute(t.update().where(t.c.x == 1).values(x=11)).rowcount
            out["update_none"] = c.execute(t.update().where(t.c.x == 99).values(x=1)).rowcount
            many = t.update().where(t.c.id == lib.bindparam("b_id")).values(x=lib.bindparam("b_x"))
            out["update_many"] = c.execute(many, [{"b_id": 1, "b_x": 7}, {"b_id": 2, "b_x": 7},
                                                  {"b_id": 99, "b_x": 7}]).rowcount
            if d.update_returning:
                r = c.execute(t.update().where(t.c.x == 2).values(x=12).returning(t.c.id))
                before = r.rowcount
                rows = r.all()
                out["update_returning"] = (before, len(rows), r.rowcount)
                r = c.execute(t.update().where(t.c.x == 12).values(x=13).returning(t.c.id))
                first = r.first()
                out["update_returning_first"] = (first is not None, r.rowcount)
                r = c.execute(t.update().where(t.c.x == 13).values(x=14).returning(t.c.id))
                r.close()
                out["update_returning_closed"] = r.rowcount
            if d.delete_returning:
                r = c.execute(t.delete().where(t.c.x == 14).returning(t.c.id))
                rows = r.all()
                out["delete_returning"] = (len(rows), r.rowcount)
            if d.insert_returning:
                r = c.execute(t.insert().values(id=20, x=0).returning(t.c.id))
                rows = r.all()
                out["insert_returning"] = (len(rows), r.rowcount)
                r = c.execute(t.insert().values(id=22, x=0).returning(t.c.id))
                # read before any fetch (SQLite counts RETURNING rows as they are stepped: 0)
                out["insert_returning_unfetched"] = r.rowcount
                r.all()
                r = c.execute(t.insert().values(id=21, x=0).returning(t.c.id))
                r.first()
                out["insert_returning_first"] = r.rowcount
            out["delete"] = c.execute(t.delete().where(t.c.x == 7)).rowcount
            out["text_update"] = c.execute(lib.text("UPDATE rowcount_t SET x = 3 WHERE id > 5")).rowcount
            r = c.execute(lib.select(t), execution_options={"preserve_rowcount": True})
            out["select_preserved"] = (len(r.all()), r.rowcount)
            out["insert_many_preserved"] = c.execute(
                t.insert(), [{"id": 60, "x": 1}, {"id": 61, "x": 1}],
                execution_options={"preserve_rowcount": True}).rowcount
    finally:
        engine.dispose()
    return out


# Where SQLAlchemy reads -1 because psycopg's cursor is gone by then (closed after the rows were
# fetched) or never asked (INSERT without preserve_rowcount), ours keeps the driver's count.
_TRUE_COUNTS = {
    "insert_many": 6,
    "insert_one": 1,
    "insert_returning": (1, 1),
    "insert_returning_first": 1,
}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_rowcounts_as_sqlalchemy(backend: str) -> None:
    url = backend_url(backend)
    theirs = _counts(sa, url)
    ours = _counts(orm, url)
    assert ours.keys() == theirs.keys()
    for key, value in theirs.items():
        if key in _TRUE_COUNTS and (value == -1 or (isinstance(value, tuple) and -1 in value)):
            assert ours[key] == _TRUE_COUNTS[key], key
        else:
            assert ours[key] == value, (key, ours[key], value)


@pytest.mark.parametrize("backend", ["postgresql", "mysql"])
def test_dml_counts_survive_fetch_and_close(backend: str) -> None:
    """The counts themselves (not only equality with SQLAlchemy): rows matched, after every way of
    reading and closing the result."""
    ours = _counts(orm, backend_url(backend))
    assert ours["update"] == 2 and ours["update_none"] == 0 and ours["update_many"] == 2
    assert ours["delete"] == 2 and ours["select_preserved"][1] == ours["select_preserved"][0]
    if backend == "postgresql":
        assert ours["update_returning"] == (1, 1, 1)
        assert ours["update_returning_first"] == (True, 1)
        assert ours["update_returning_closed"] == 1
        assert ours["delete_returning"] == (1, 1)
        assert ours["insert_returning"] == (1, 1) and ours["insert_returning_first"] == 1


def test_rowcount_kept_after_partial_fetch_on_postgresql() -> None:
    """UPDATE .. RETURNING of many rows: rowcount stays the rows matched while the rows are
    fetched one at a time, by iteration, and after the result is exhausted."""
    engine = orm.create_engine(backend_url("postgresql"))
    md, t = _table(orm)
    try:
        md.drop_all(engine)
        md.create_all(engine)
        with engine.begin() as c:
            c.execute(t.insert(), [{"id": i, "x": 0} for i in range(50)])
            r = c.execute(t.update().values(x=1).returning(t.c.id))
            seen = [r.fetchone(), next(iter(r))]
            assert r.rowcount == 50
            seen.extend(r)
            assert len(seen) == 50 and r.rowcount == 50
            assert r.fetchone() is None and r.rowcount == 50
            r = c.execute(t.delete().where(t.c.id < 10).returning(t.c.id))
            assert len(r.fetchmany(3)) == 3
            r.close()
            assert r.rowcount == 10
    finally:
        md.drop_all(engine)
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_executemany_insert_returning_rows(backend: str) -> None:
    engine = orm.create_engine(backend_url(backend))
    md, t = _table(orm)
    try:
        md.drop_all(engine)
        md.create_all(engine)
        if not engine.dialect.insert_returning:
            pytest.fail("the database has INSERT .. RETURNING (MariaDB >= 10.5)")
        with engine.begin() as c:
            r = c.execute(t.insert().returning(t.c.id), [{"id": 1, "x": 0}, {"id": 2, "x": 0}])
            assert [row.id for row in r.all()] == [1, 2]
            assert r.rowcount == 2
    finally:
        md.drop_all(engine)
        engine.dispose()
