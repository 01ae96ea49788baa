"""MySQL/MariaDB names of SQLAlchemy's mysql module: ``match`` (MATCH ... AGAINST), MariaDB's INET4 /
INET6 and DATE; and SQLite's uppercase type re-exports.  Each is built once with ``sqlalchemy`` and
once with ``orm`` from the same code and must compile to the same SQL; then it runs on MariaDB."""
from __future__ import annotations

import importlib
from typing import Any, Callable

import pytest

import orm
from orm import exc
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")


def _mysql(lib: Any) -> Any:
    return importlib.import_module(lib.__name__ + ".dialects.mysql")


def _table(lib: Any) -> Any:
    return lib.Table("posts", lib.MetaData(), lib.Column("id", lib.Integer, primary_key=True),
                     lib.Column("title", lib.String(100)), lib.Column("body", lib.Text))


def _compile(lib: Any, stmt: Any) -> tuple[str, dict[str, Any]]:
    # the format-paramstyle base dialect of each library
    if lib is sa:
        from sqlalchemy.dialects.mysql import base
    else:
        from orm.dialects.mysql import base
    compiled = stmt.compile(dialect=base.MySQLDialect())
    return compiled.string, compiled.construct_params()


MATCH_CASES: dict[str, Callable[[Any], Any]] = {
    "where_default": lambda lib: (lambda t, m: lib.select(t.c.id).where(m.match(t.c.title, against="orm")))(
        _table(lib), _mysql(lib)),
    "boolean_two_cols": lambda lib: (lambda t, m: lib.select(t.c.id).where(
        m.match(t.c.title, t.c.body, against="+orm -sql").in_boolean_mode()))(_table(lib), _mysql(lib)),
    "natural_expansion_label": lambda lib: (lambda t, m: lib.select(
        m.match(t.c.title, against="x").in_natural_language_mode().with_query_expansion().label("score")))(
        _table(lib), _mysql(lib)),
    "expansion_anon": lambda lib: (lambda t, m: lib.select(m.match(t.c.title, against="x").with_query_expansion()))(
        _table(lib), _mysql(lib)),
    "negated": lambda lib: (lambda t, m: lib.select(t.c.id).where(~m.match(t.c.title, against="x")))(
        _table(lib), _mysql(lib)),
    "and_order_by": lambda lib: (lambda t, m: lib.select(t.c.id).where(
        lib.and_(m.match(t.c.title, against="x"), t.c.id > 1)).order_by(
        m.match(t.c.title, against="x").desc()))(_table(lib), _mysql(lib)),
}


@pytest.mark.parametrize("case", sorted(MATCH_CASES))
def test_match_compiles_like_sqlalchemy(case: str) -> None:
    build = MATCH_CASES[case]
    assert _compile(orm, build(orm)) == _compile(sa, build(sa))


def test_match_bad_input() -> None:
    t = _table(orm)
    from orm.dialects.mysql import match

    with pytest.raises(exc.ArgumentError, match="columns are required"):
        match(against="x")
    with pytest.raises(exc.ArgumentError, match="against is required"):
        match(t.c.title)
    stmt = orm.select(match(t.c.title, against="x").in_boolean_mode().with_query_expansion())
    with pytest.raises(exc.CompileError, match="Invalid MySQL match flags"):
        _compile(orm, stmt)


def test_match_search_value_is_bound() -> None:
    from orm.dialects.mysql import match

    t = _table(orm)
    sql, params = _compile(orm, orm.select(t.c.id).where(match(t.c.title, against="'; DROP TABLE x")))
    assert "DROP" not in sql and list(params.values()) == ["'; DROP TABLE x"]


def test_inet_and_date_ddl() -> None:
    from orm.dialects.mysql import DATE, INET4, INET6, base

    t = orm.Table("hosts", orm.MetaData(), orm.Column("a4", INET4), orm.Column("a6", INET6),
                  orm.Column("d", DATE))
    ddl = str(orm.schema.CreateTable(t).compile(dialect=base.MySQLDialect()))
    assert "a4 INET4" in ddl and "a6 INET6" in ddl and "d DATE" in ddl
    assert DATE is orm.types.DATE  # the same class, as SQLAlchemy re-exports it


@pytest.fixture
def mysql_engine() -> Any:
    engine = orm.create_engine(backend_url("mysql"))
    yield engine
    engine.dispose()


def test_match_and_inet_round_trip_on_mariadb(mysql_engine: Any) -> None:
    from orm.dialects.mysql import INET4, INET6, match

    md = orm.MetaData()
    posts = orm.Table(
        "k_posts", md, orm.Column("id", orm.Integer, primary_key=True),
        orm.Column("title", orm.String(100)), orm.Column("body", orm.Text),
        orm.Index("k_posts_ft", "title", "body", mysql_prefix="FULLTEXT"), mysql_engine="InnoDB")
    hosts = orm.Table("k_hosts", md, orm.Column("id", orm.Integer, primary_key=True),
                      orm.Column("a4", INET4), orm.Column("a6", INET6))
    md.drop_all(mysql_engine)
    md.create_all(mysql_engine)
    try:
        with mysql_engine.begin() as conn:
            if not conn.dialect.is_mariadb:
                pytest.skip("INET4/INET6 are MariaDB types")
            conn.execute(posts.insert(), [
                {"title": "orm internals", "body": "mappers and sessions"},
                {"title": "sql tuning", "body": "indexes"},
                {"title": "cooking", "body": "bread"},
            ])
            conn.execute(hosts.insert(), [{"a4": "192.0.2.1", "a6": "2001:db8::1"}])
        with mysql_engine.connect() as conn:
            found = conn.execute(orm.select(posts.c.title).where(
                match(posts.c.title, posts.c.body, against="+orm -cooking").in_boolean_mode())).scalars().all()
            assert found == ["orm internals"]
            none = conn.execute(orm.select(posts.c.id).where(
                match(posts.c.title, posts.c.body, against="+nothing").in_boolean_mode())).all()
            assert none == []
            score = conn.execute(orm.select(match(posts.c.title, posts.c.body, against="sql").label("s"))
                                 .order_by(posts.c.id)).scalars().all()
            assert score[1] > 0 and score[0] == 0
            row = conn.execute(orm.select(hosts.c.a4, hosts.c.a6)).one()
            assert tuple(row) == ("192.0.2.1", "2001:db8::1")
            with pytest.raises(exc.DBAPIError):
                conn.execute(hosts.insert(), {"a4": "not-an-address"})
    finally:
        md.drop_all(mysql_engine)


SQLITE_NAMES = "BLOB BOOLEAN CHAR DECIMAL FLOAT INTEGER NUMERIC REAL SMALLINT TEXT TIMESTAMP VARCHAR".split()


@pytest.mark.parametrize("name", SQLITE_NAMES)
def test_sqlite_uppercase_types_are_the_standard_ones(name: str) -> None:
    from orm.dialects import sqlite

    # SQLAlchemy's sqlite module re-exports the standard types; so does ours
    from sqlalchemy.dialects import sqlite as sa_sqlite

    assert (getattr(sa_sqlite, name) is getattr(sa.types, name)) and getattr(sqlite, name) is getattr(orm.types, name)
    t = orm.Table("t", orm.MetaData(), orm.Column("c", getattr(sqlite, name)))
    st = sa.Table("t", sa.MetaData(), sa.Column("c", getattr(sa_sqlite, name)))
    assert str(orm.schema.CreateTable(t).compile(dialect=sqlite.dialect())) == str(
        sa.schema.CreateTable(st).compile(dialect=sa_sqlite.dialect()))
