"""``conn.execute(insert(t).returning(..), [{..}, {..}, ..])`` returns the rows of every parameter
set, in parameter order, as SQLAlchemy 2.0's "insertmanyvalues" does: compared side by side on
SQLite, PostgreSQL and MySQL/MariaDB, with generated keys, Python and server defaults, SQL
expressions in VALUES, pages (``insertmanyvalues_page_size``) and an upsert clause."""
from __future__ import annotations

from typing import Any, Callable

import pytest

import orm
from tests.conftest import BACKENDS, backend_url

sa = pytest.importorskip("sqlalchemy")


@pytest.fixture(scope="module", params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return backend_url(request.param, tmp_path_factory)


def _table(lib: Any) -> tuple[Any, Any]:
    md = lib.MetaData()
    t = lib.Table("imv_t", md,
                  lib.Column("id", lib.Integer, primary_key=True),
                  lib.Column("name", lib.String(30), nullable=False),
                  lib.Column("d", lib.Integer, default=lambda ctx: 100 + len(ctx.get_current_parameters()["name"] or "")),
                  lib.Column("s", lib.String(10), server_default="srv"))
    return md, t


def _run(lib: Any, url: str, body: Callable[[Any, Any, Any], Any]) -> Any:
    engine = lib.create_engine(url)
    md, t = _table(lib)
    try:
        md.drop_all(engine)
        md.create_all(engine)
        if not engine.dialect.insert_returning:
            pytest.fail("the database has INSERT .. RETURNING (MariaDB >= 10.5)")
        with engine.begin() as c:
            return body(lib, c, t)
    finally:
        md.drop_all(engine)
        engine.dispose()


def _both(url: str, body: Callable[[Any, Any, Any], Any]) -> Any:
    ours, theirs = _run(orm, url, body), _run(sa, url, body)
    assert ours == theirs
    return ours


def test_rows_of_every_parameter_set_in_order(url: str) -> None:
    def body(lib: Any, c: Any, t: Any) -> Any:
        names = ["a", "bb", "ccc", "dd", "e"]
        r = c.execute(t.insert().returning(t.c.id, t.c.name, t.c.d, t.c.s), [{"name": n} for n in names])
        rows = [tuple(row) for row in r.all()]
        return rows, list(r.keys()), [row.name for row in c.execute(lib.select(t).order_by(t.c.id))]

    rows, keys, stored = _both(url, body)
    assert rows == [(1, "a", 101, "srv"), (2, "bb", 102, "srv"), (3, "ccc", 103, "srv"),
                    (4, "dd", 102, "srv"), (5, "e", 101, "srv")]
    assert keys == ["id", "name", "d", "s"]
    assert stored == ["a", "bb", "ccc", "dd", "e"]


def test_pages_and_given_keys_out_of_order(url: str) -> None:
    """Keys given by the caller, descending: the rows still come back in parameter order, across
    pages of 7 parameter sets.  (SQLAlchemy's rowcount here is the last page's, or -1 on
    psycopg; ours counts every row returned.)"""
    def body(lib: Any, c: Any, t: Any) -> Any:
        params = [{"id": 100 - i, "name": f"n{i}"} for i in range(30)]
        r = c.execute(t.insert().returning(t.c.id, t.c.name), params,
                      execution_options={"insertmanyvalues_page_size": 7})
        return [tuple(row) for row in r]

    assert _both(url, body) == [(100 - i, f"n{i}") for i in range(30)]
    # batched: one statement per page of 7, not one per row
    engine = orm.create_engine(url)
    statements: list[str] = []
    orm.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    md, t = _table(orm)
    try:
        with engine.begin() as c:
            md.create_all(c)
            del statements[:]
            r = c.execute(t.insert().returning(t.c.id), [{"name": f"r{i}"} for i in range(30)],
                          execution_options={"insertmanyvalues_page_size": 7})
            assert r.rowcount == 30 and r.scalars().all() == list(range(1, 31))
            assert len(statements) == 5 and all(s.startswith("INSERT") for s in statements)
    finally:
        md.drop_all(engine)
        engine.dispose()


def test_sql_expression_and_scalars(url: str) -> None:
    def body(lib: Any, c: Any, t: Any) -> Any:
        stmt = t.insert().values(s=lib.func.lower("ABC")).returning(t.c.name, t.c.s)
        rows = [tuple(r) for r in c.execute(stmt, [{"name": "x"}, {"name": "y"}])]
        ids = c.scalars(t.insert().returning(t.c.id), [{"name": "p"}, {"name": "q"}]).all()
        return rows, ids

    rows, ids = _both(url, body)
    assert rows == [("x", "abc"), ("y", "abc")] and ids == [3, 4]


def test_upsert_clause_kept(url: str) -> None:
    """The statement's ON CONFLICT / ON DUPLICATE KEY clause applies to every page."""
    def body(lib: Any, c: Any, t: Any) -> Any:
        dialect = c.dialect.name
        c.execute(t.insert(), [{"id": 1, "name": "old"}])
        if dialect == "mysql":
            from importlib import import_module

            ins = import_module(f"{lib.__name__}.dialects.mysql").insert(t)
            stmt = ins.on_duplicate_key_update(name=ins.inserted.name)
        else:
            ins = import_module_insert(lib, dialect)(t)
            stmt = ins.on_conflict_do_update(index_elements=[t.c.id], set_={"name": ins.excluded.name})
        r = c.execute(stmt.returning(t.c.id, t.c.name), [{"id": 1, "name": "new"}, {"id": 2, "name": "two"}])
        return [tuple(row) for row in r], [tuple(row) for row in c.execute(lib.select(t.c.id, t.c.name).order_by(t.c.id))]

    rows, stored = _both(url, body)
    assert rows == [(1, "new"), (2, "two")] and stored == [(1, "new"), (2, "two")]


def import_module_insert(lib: Any, dialect: str) -> Any:
    from importlib import import_module

    return import_module(f"{lib.__name__}.dialects.{dialect}").insert


def test_bad_parameter_set_loses_nothing(url: str) -> None:
    """A parameter set missing a NOT NULL value: the database's IntegrityError, nothing inserted."""
    engine = orm.create_engine(url)
    md, t = _table(orm)
    try:
        md.drop_all(engine)
        md.create_all(engine)
        with pytest.raises(orm.exc.IntegrityError):
            with engine.begin() as c:
                c.execute(t.insert().returning(t.c.id), [{"name": "a"}, {"name": None}])
        with engine.connect() as c:
            assert c.execute(orm.select(orm.func.count()).select_from(t)).scalar() == 0
    finally:
        md.drop_all(engine)
        engine.dispose()
