"""The constructs added for SQLAlchemy's API surface (label, values, cte, nullsfirst, try_cast,
bitwise_not, quoted_name, tablesample, outparam, custom_op, True_/False_, lambda_stmt, savepoint
clauses): each is built twice, once with ``sqlalchemy`` and once with ``orm``, from the same code,
and must compile to the same SQL and parameters on SQLite, PostgreSQL and MySQL; those that run
are then executed on the three databases."""
from __future__ import annotations

from typing import Any, Callable

import pytest

import orm
from orm import exc
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")


def _sa_dialect(name: str) -> Any:
    from sqlalchemy.dialects import mysql, postgresql, sqlite

    # the compile-only dialects of both sides: PostgreSQL without driver casts, MySQL's "format"
    return {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect(), "mysql": mysql.dialect()}[name]


def _orm_dialect(name: str) -> Any:
    from tests.orm.sql.assertsql import get_dialect

    return get_dialect("mysql_format" if name == "mysql" else name)


_TABLES: dict[str, Any] = {}


def _tables(lib: Any) -> Any:
    # one table per library: SQLAlchemy's lambda cache (keyed by code location) keeps the first
    # statement built, so the lambda case must always see the same table object
    if lib.__name__ not in _TABLES:
        _TABLES[lib.__name__] = _new_table(lib)
    return _TABLES[lib.__name__]


def _new_table(lib: Any) -> Any:
    m = lib.MetaData()
    return lib.Table("users", m, lib.Column("id", lib.Integer, primary_key=True),
                     lib.Column("name", lib.String(20)), lib.Column("flags", lib.Integer))


def _vals(lib: Any) -> Any:
    return lib.values(lib.column("id", lib.Integer), lib.column("name", lib.String), name="v").data(
        [(1, "a"), (2, "b")])


# name -> builder(lib) returning a statement; the same code for sqlalchemy and orm
CASES: dict[str, Callable[[Any], Any]] = {
    "label": lambda lib: lib.select(lib.label("n", _tables(lib).c.name)),
    "values_from": lambda lib: lib.select(_vals(lib)),
    "values_join": lambda lib: (lambda t, v: lib.select(t.c.name).join_from(t, v, t.c.id == v.c.id))(
        _tables(lib), _vals(lib)),
    "values_insert_from": lambda lib: (lambda t: t.insert().from_select(["id", "name"], lib.select(_vals(lib))))(
        _tables(lib)),
    "values_literal": lambda lib: lib.select(lib.values(lib.column("id", lib.Integer), lib.column("name", lib.String),
                                                        name="w", literal_binds=True).data([(1, "a'b")])),
    "values_alias": lambda lib: lib.select(lib.values(lib.column("x", lib.Integer)).data([(1,), (2,)]).alias("q")),
    "cte": lambda lib: (lambda t: lib.select(lib.cte(lib.select(t.c.id).where(t.c.id > 5), name="big")))(
        _tables(lib)),
    "nullsfirst": lambda lib: (lambda t: lib.select(t).order_by(lib.nullsfirst(t.c.name),
                                                                lib.nullslast(lib.desc(t.c.id))))(_tables(lib)),
    "bitwise_not": lambda lib: (lambda t: lib.select(lib.bitwise_not(t.c.flags + 1)))(_tables(lib)),
    "quoted_name": lambda lib: lib.select(lib.table(lib.quoted_name("MyTable", True),
                                                    lib.column(lib.quoted_name("Col", True)))),
    "quoted_name_false": lambda lib: lib.select(lib.table(lib.quoted_name("MyTable", False), lib.column("x"))),
    "tablesample": lambda lib: lib.select(
        lib.tablesample(_tables(lib), lib.func.bernoulli(1), name="alias", seed=lib.func.random()).c.id),
    "tablesample_method": lambda lib: lib.select(_tables(lib).tablesample(10)),
    "outparam": lambda lib: lib.select(lib.func.foo(lib.outparam("x", lib.Integer))),
    "custom_op": lambda lib: (lambda t: lib.select(lib.custom_op("<->")(t.c.id, 5)))(_tables(lib)),
    "true_": lambda lib: lib.select(_tables(lib)).where(lib.True_()),
    "false_": lambda lib: (lambda t: lib.select(t).where(lib.and_(t.c.id == 1, lib.False_())))(_tables(lib)),
    # SQLAlchemy would track ``lib`` as a closure variable: tracking is switched off for both sides
    "lambda_stmt": lambda lib: (lambda t: lib.lambda_stmt(lambda: lib.select(t), track_closure_variables=False)
                                + (lambda s: s.where(t.c.id == 5)))(_tables(lib)),
}


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql", "mysql"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_same_sql_as_sqlalchemy(case: str, dialect: str) -> None:
    expected = CASES[case](sa).compile(dialect=_sa_dialect(dialect))
    got = CASES[case](orm).compile(dialect=_orm_dialect(dialect))
    assert str(got) == str(expected)
    assert got.params == expected.params


def test_default_string_forms_match() -> None:
    for case in ("label", "values_from", "tablesample", "bitwise_not", "custom_op"):
        assert str(CASES[case](orm)) == str(CASES[case](sa)), case
    t = _tables(orm)
    assert str(orm.select(orm.try_cast(t.c.name, orm.Integer))) == str(
        sa.select(sa.try_cast(_tables(sa).c.name, sa.Integer)))


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql", "mysql"])
def test_try_cast_refused_outside_sql_server(dialect: str) -> None:
    # SQLAlchemy renders TRY_CAST for SQL Server only; every dialect here refuses it
    t = _tables(orm)
    with pytest.raises(exc.UnsupportedCompilationError):
        orm.select(orm.try_cast(t.c.name, orm.Integer)).compile(dialect=_orm_dialect(dialect))


def test_bad_input() -> None:
    with pytest.raises(exc.ArgumentError):
        orm.values(orm.column("a"), orm.column("b")).data([(1,)])  # row narrower than the columns
    with pytest.raises(exc.ArgumentError):
        orm.values("a")  # type: ignore[arg-type]
    with pytest.raises(exc.CompileError):
        str(orm.select(orm.values(orm.column("a", orm.Integer), name="v")))  # no rows
    with pytest.raises(exc.ArgumentError):
        orm.cte(5)
    with pytest.raises(exc.ArgumentError):
        orm.tablesample("users", 10)
    with pytest.raises(exc.ArgumentError):
        orm.lambda_stmt(lambda: 5)


def test_quoted_name_keeps_case_and_repr() -> None:
    q = orm.quoted_name("Foo", True)
    assert q.lower() == "Foo" and q.quote is True
    assert orm.quoted_name("Foo", None).lower() == "foo"
    assert orm.quoted_name(q) is q


def test_label_style_enum_accepted() -> None:
    t = _tables(orm)
    stmt = orm.select(t.c.id).set_label_style(orm.SelectLabelStyle.LABEL_STYLE_TABLENAME_PLUS_COL)
    assert str(stmt) == "SELECT users.id AS users_id \nFROM users"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_constructs_run_on_database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = orm.create_engine(backend_url(backend, tmp_path_factory))
    t = _new_table(orm)
    t.metadata.drop_all(engine)
    t.metadata.create_all(engine)
    try:
        with engine.begin() as conn:
            # ``(VALUES ...) AS v (id, name)`` (SQLAlchemy's form) needs a column-alias list after a
            # derived table: PostgreSQL has it, SQLite and MariaDB do not (the same SQL fails there
            # under SQLAlchemy too)
            if backend == "postgresql":
                conn.execute(t.insert().from_select(["id", "name"], orm.select(_vals(orm))))
                assert conn.execute(orm.select(_vals(orm)).order_by(orm.text("id"))).all() == [(1, "a"), (2, "b")]
            else:
                conn.execute(t.insert(), [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])
            conn.execute(t.update().values(flags=5))
            order = orm.nullsfirst(t.c.name) if backend != "mysql" else t.c.name  # MariaDB: no NULLS FIRST
            assert conn.execute(orm.select(orm.label("n", t.c.name)).order_by(order)).scalars().all() == ["a", "b"]
            assert conn.execute(orm.select(orm.bitwise_not(t.c.flags)).where(t.c.id == 1)).scalar() in (-6, 2**64 - 6)
            big = orm.cte(orm.select(t.c.id).where(t.c.id > 1), name="big")
            assert conn.execute(orm.select(big.c.id)).scalars().all() == [2]
            stmt = orm.lambda_stmt(lambda: orm.select(t.c.name))
            stmt += lambda s: s.where(t.c.id == 2)
            assert conn.execute(stmt).scalar() == "b"
            assert conn.execute(orm.select(t.c.id).where(orm.True_()).order_by(t.c.id)).scalars().all() == [1, 2]
            assert conn.execute(orm.select(t.c.id).where(orm.False_())).all() == []
            if backend == "postgresql":
                sample = orm.tablesample(t, orm.func.bernoulli(100), name="s", seed=orm.literal(1))
                assert sorted(conn.execute(orm.select(sample.c.id)).scalars()) == [1, 2]
            conn.execute(orm.sql.abstract.SavepointClause("sp_x"))
            conn.execute(t.delete().where(t.c.id == 1))
            conn.execute(orm.sql.abstract.RollbackToSavepointClause("sp_x"))
            conn.execute(orm.sql.abstract.ReleaseSavepointClause("sp_x"))
            assert conn.execute(orm.select(orm.func.count()).select_from(t)).scalar() == 2
    finally:
        t.metadata.drop_all(engine)
        engine.dispose()
