"""Bind parameters of an INSERT/UPDATE that meet the statement's column keys.

Each scenario runs on the three databases with ormlens and with SQLAlchemy 2.0 side by side; the
rows left behind must be equal, and equal to the values worked out by hand (so a bug shared by both
would still fail).

- A literal inside an upsert's SET expression (``excluded.n + 100``) gets an anonymous bind whose
  rendered name (``n_1``) and key (``n``) are not the user's: a row's ``n`` must not replace it.
- ``values(name=bindparam("nm"))``: the key ``nm`` is consumed by that parameter (no "Unconsumed
  column names"), per row in an executemany, and the parameter takes the column's type.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, Callable

import pytest

import orm
from orm import exc
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")


def _upsert(lib: ModuleType, backend: str, table: Any, plus: int) -> Any:
    """An upsert of ``table`` keyed on ``id`` whose SET adds ``plus`` to the proposed ``n``."""
    if lib is orm:
        from orm.dialects import mysql, postgresql, sqlite
    else:
        from sqlalchemy.dialects import mysql, postgresql, sqlite  # type: ignore[no-redef]
    if backend == "mysql":
        stmt = mysql.insert(table)
        return stmt.on_duplicate_key_update(n=stmt.inserted.n + plus)
    mod = postgresql if backend == "postgresql" else sqlite
    stmt = mod.insert(table)
    return stmt.on_conflict_do_update(index_elements=[table.c.id], set_={"n": stmt.excluded.n + plus})


def _run(lib: ModuleType, url: str, scenario: Callable[[ModuleType, Any, Any], None],
         extra: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    md = lib.MetaData()
    t = lib.Table("bind_coll", md, lib.Column("id", lib.Integer, primary_key=True, autoincrement=False),
                  lib.Column("name", lib.String(20)), lib.Column("n", lib.Integer), *extra)
    engine = lib.create_engine(url)
    try:
        md.drop_all(engine)
        md.create_all(engine)
        with engine.begin() as conn:
            scenario(lib, conn, t)
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(lib.select(t.c.id, t.c.name, t.c.n).order_by(t.c.id))]
    finally:
        md.drop_all(engine)
        engine.dispose()


def _both(db_url: str, scenario: Callable[[ModuleType, Any, Any], None]) -> list[tuple[Any, ...]]:
    ours = _run(orm, db_url, scenario)
    theirs = _run(sa, db_url, scenario)
    assert ours == theirs
    return ours


def test_upsert_literal_not_replaced_by_row_values(backend: str, db_url: str) -> None:
    def scenario(lib: ModuleType, conn: Any, t: Any) -> None:
        conn.execute(t.insert(), [{"id": 1, "name": "a", "n": 1}])
        rows = [{"id": 1, "name": "a", "n": 7}, {"id": 2, "name": "b", "n": 14}]
        # executemany: row 1 conflicts (n = 7 + 100), row 2 is new (n = 14 as given). PyMySQL's
        # executemany cannot take a parameter after ON DUPLICATE KEY UPDATE (it formats that part
        # without the values; SQLAlchemy fails the same way): one row per execute there.
        if backend == "mysql":
            for row in rows:
                conn.execute(_upsert(lib, backend, t, 100), row)
        else:
            conn.execute(_upsert(lib, backend, t, 100), rows)
        # a single row too
        conn.execute(_upsert(lib, backend, t, 1000), {"id": 2, "name": "b", "n": 5})

    assert _both(db_url, scenario) == [(1, "a", 107), (2, "b", 1005)]


def test_update_literal_not_replaced_by_where_key(backend: str, db_url: str) -> None:
    def scenario(lib: ModuleType, conn: Any, t: Any) -> None:
        conn.execute(t.insert(), [{"id": 1, "name": "a", "n": 1}, {"id": 2, "name": "b", "n": 2}])
        stmt = t.update().values(n=t.c.n + 100).where(t.c.id == lib.bindparam("n_id"))
        conn.execute(stmt, [{"n_id": 1, "n": 50}, {"n_id": 2, "n": 60}])

    assert _both(db_url, scenario) == [(1, "a", 101), (2, "b", 102)]


def test_unique_bind_answers_to_rendered_name_only() -> None:
    t = orm.table("t", orm.column("id"), orm.column("n"))
    ours = orm.select(t).where(t.c.id == orm.bindparam("x", 5, unique=True), t.c.n == 3).compile()
    ts = sa.table("t", sa.column("id"), sa.column("n"))
    theirs = sa.select(ts).where(ts.c.id == sa.bindparam("x", 5, unique=True), ts.c.n == 3).compile()
    for params in ({"x": 9, "n": 4}, {"x_1": 9, "n_1": 4}):
        assert ours.construct_params(params) == theirs.construct_params(params)
    assert ours.construct_params({"x": 9, "n": 4}) == {"x_1": 5, "n_1": 3}


def test_bindparam_value_consumes_its_key(backend: str, db_url: str) -> None:
    def scenario(lib: ModuleType, conn: Any, t: Any) -> None:
        conn.execute(lib.insert(t).values(name=lib.bindparam("nm")), {"id": 1, "nm": "a"})
        conn.execute(lib.insert(t).values(name=lib.bindparam("nm")), [{"id": 2, "nm": "b"}, {"id": 3, "nm": "c"}])
        conn.execute(lib.update(t).values(name=lib.bindparam("nm")).where(t.c.id == lib.bindparam("i")),
                     [{"nm": "x", "i": 1}, {"nm": "y", "i": 2}])
        conn.execute(lib.update(t).values(n=lib.bindparam("nn") + 1).where(t.c.id == 3), {"nn": 5})

    assert _both(db_url, scenario) == [(1, "x", None), (2, "y", None), (3, "c", 6)]


def test_bindparam_value_in_upsert(backend: str, db_url: str) -> None:
    def scenario(lib: ModuleType, conn: Any, t: Any) -> None:
        if lib is orm:
            from orm.dialects import mysql, postgresql, sqlite
        else:
            from sqlalchemy.dialects import mysql, postgresql, sqlite  # type: ignore[no-redef]
        mod = {"mysql": mysql, "postgresql": postgresql, "sqlite": sqlite}[backend]
        stmt = mod.insert(t).values(name=lib.bindparam("nm"))
        conn.execute(stmt, [{"id": 1, "nm": "a", "n": 1}, {"id": 2, "nm": "b", "n": 2}])

    assert _both(db_url, scenario) == [(1, "a", 1), (2, "b", 2)]


def test_bindparam_value_takes_column_type_and_caches(tmp_path_factory: pytest.TempPathFactory) -> None:
    md = orm.MetaData()
    t = orm.Table("tj", md, orm.Column("id", orm.Integer, primary_key=True), orm.Column("doc", orm.JSON))
    engine = orm.create_engine(backend_url("sqlite", tmp_path_factory))
    md.create_all(engine)
    with engine.begin() as conn:
        # the JSON column's bind processor serializes the dict given to bindparam("d")
        conn.execute(t.insert().values(doc=orm.bindparam("d")), [{"id": 1, "d": {"a": 1}}, {"id": 2, "d": [2]}])
        # the same shape twice from the compiled cache: each statement's own default value is used
        for i, v in ((3, {"b": 3}), (4, {"c": 4})):
            conn.execute(t.insert().values(doc=orm.bindparam("d", v)), {"id": i})
        rows = conn.execute(orm.select(t.c.doc).order_by(t.c.id)).scalars().all()
    assert rows == [{"a": 1}, [2], {"b": 3}, {"c": 4}]


def test_execution_keys_naming_nothing_are_ignored_as_sqlalchemy() -> None:
    stmt = orm.insert(orm.table("t", orm.column("id"), orm.column("n"))).values(n=orm.bindparam("nm"))
    sa_stmt = sa.insert(sa.table("t", sa.column("id"), sa.column("n"))).values(n=sa.bindparam("nm"))
    keys = ["id", "nm", "bogus"]
    assert str(stmt.compile(column_keys=keys)) == str(sa_stmt.compile(column_keys=keys)) \
        == "INSERT INTO t (id, n) VALUES (:id, :nm)"


def test_extra_execution_keys_are_not_inserted() -> None:
    engine = orm.create_engine("sqlite://")
    md = orm.MetaData()
    t = orm.Table("t", md, orm.Column("id", orm.Integer, primary_key=True), orm.Column("x", orm.Integer))
    md.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [{"id": 1, "bogus": 2}, {"id": 2, "bogus": 3}])
        conn.execute(t.update().where(t.c.id == 1), {"x": 5, "zz": 1})
        assert conn.execute(orm.select(t.c.id, t.c.x).order_by(t.c.id)).all() == [(1, 5), (2, None)]
    with pytest.raises(exc.CompileError, match="Unconsumed column names: bogus"):
        str(orm.insert(t).values(bogus=1))   # a key given to .values() must name a column
