"""Core behaviours the seeds' examples rely on that once differed from SQLAlchemy (each found by
running the seeds' Core examples with ``sqlalchemy`` replaced by ``orm``)."""
from __future__ import annotations

import decimal
from collections.abc import Iterator

import pytest

from orm import (
    Column,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    bindparam,
    create_engine,
    func,
    insert,
    select,
    table,
    column,
)
from orm.dialects import mysql, postgresql, sqlite
from orm.engine import Engine
from orm.exc import ArgumentError


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = create_engine(db_url)
    yield eng
    eng.dispose()


# -- Compiled.params (seed 003 "Examining Compiled Queries": print(compiled.params)) ----------------

def test_compiled_params_shows_the_statement_values() -> None:
    users = table("users", column("id"), column("name"))
    compiled = select(users).where(users.c.name == "Alice").compile()
    assert compiled.params == {"name_1": "Alice"}
    # a parameter without a value shows None instead of raising
    assert select(users).where(users.c.id == bindparam("uid")).compile().params == {"uid": None}
    compiled = select(users).where(users.c.id == 5).compile(dialect=postgresql.dialect())
    assert str(compiled) == "SELECT users.id, users.name \nFROM users \nWHERE users.id = %(id_1)s"
    assert compiled.params == {"id_1": 5}


def test_compiled_params_does_not_run_python_defaults() -> None:
    calls = []

    def default() -> int:
        calls.append(1)
        return 7

    t = Table("d", MetaData(), Column("a", Integer, default=default), Column("b", Integer))
    assert insert(t).values(b=3).compile().params == {"a": None, "b": 3}
    assert calls == []


# -- select(1): Python literals in the columns clause (seed 003 "Handling Disconnects") ------------

def test_select_of_python_literals_renders_like_sqlalchemy() -> None:
    assert str(select(1)) == "SELECT 1"
    assert str(select(1, 2.5)) == "SELECT 1, 2.5"
    assert str(select(decimal.Decimal("2.50"))) == "SELECT 2.50"
    assert str(select(True)) == "SELECT true AS anon_1"
    assert str(select(None)) == "SELECT NULL AS anon_1"
    assert str(select(True).compile(dialect=sqlite.dialect())) == "SELECT 1 AS anon_1"
    assert str(select(1, 2).compile(dialect=mysql.dialect())) == "SELECT 1, 2"
    x = column("x")
    assert str(select(x, 1).where(x == 1)) == "SELECT x, 1 \nWHERE x = :x_1"


def test_select_of_literals_runs(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.scalar(select(1)) == 1
        result = conn.execute(select(1, 2))
        assert list(result.keys()) == ["1", "2"] and result.one() == (1, 2)
        assert conn.execute(select(True, None)).one() == (True, None)


def test_select_of_other_values_still_refused() -> None:
    with pytest.raises(ArgumentError, match="Textual column expression 'abc' should be explicitly"):
        select("abc")
    with pytest.raises(ArgumentError, match="Column expression, FROM clause, or other columns clause"):
        select(object())
    with pytest.raises(ArgumentError, match="Did you mean to say select"):
        select([column("a")])


# -- NUMERIC(10, 2) keeps its scale on integer-valued results (seed 000: Column(Numeric(10, 2))) --

def test_numeric_with_scale_reads_whole_numbers_with_their_zeros(engine: Engine) -> None:
    md = MetaData()
    orders = Table("seed_core_orders", md, Column("id", Integer, primary_key=True),
                   Column("total", Numeric(10, 2)), Column("label", String(10)))
    md.drop_all(engine)
    md.create_all(engine)
    try:
        with engine.begin() as conn:
            conn.execute(insert(orders), [{"total": decimal.Decimal("1.00"), "label": "a"},
                                          {"total": decimal.Decimal("10.50"), "label": "b"},
                                          {"total": decimal.Decimal("-3"), "label": "c"}])
        with engine.connect() as conn:
            totals = conn.execute(select(orders.c.total).order_by(orders.c.id)).scalars().all()
            assert [str(t) for t in totals] == ["1.00", "10.50", "-3.00"]
            low, high = conn.execute(select(func.min(orders.c.total), func.max(orders.c.total))).one()
            assert (str(low), str(high)) == ("-3.00", "10.50")
    finally:
        md.drop_all(engine)


# -- exists(select(...)) is EXISTS (that SELECT) (seed 001: users with no addresses) -----------------

def test_exists_of_a_select_renders_that_select() -> None:
    from orm import exists, not_

    addresses = table("addresses", column("id"), column("user_id"))
    users = table("users", column("id"), column("name"))
    subq = select(addresses.c.user_id).where(addresses.c.user_id == users.c.id)
    assert str(select(users.c.name).where(not_(exists(subq)))) == (
        "SELECT users.name \nFROM users \nWHERE NOT (EXISTS (SELECT addresses.user_id \n"
        "FROM addresses \nWHERE addresses.user_id = users.id))"
    )
    assert str(exists(subq.scalar_subquery())) == str(exists(subq)) == str(subq.exists())
    # one column: SELECT of it; no argument: SELECT *
    assert str(exists(addresses.c.id).where(addresses.c.user_id == 1)) == (
        "EXISTS (SELECT addresses.id \nFROM addresses \nWHERE addresses.user_id = :user_id_1)"
    )
    assert str(exists().where(addresses.c.user_id == 1)).startswith("EXISTS (SELECT * \nFROM addresses")


def test_not_exists_of_a_select_finds_users_without_addresses(engine: Engine) -> None:
    from orm import ForeignKey, exists, not_

    md = MetaData()
    users = Table("seed_core_users", md, Column("id", Integer, primary_key=True), Column("name", String(20)))
    addresses = Table("seed_core_addresses", md, Column("id", Integer, primary_key=True),
                      Column("user_id", Integer, ForeignKey("seed_core_users.id")))
    md.drop_all(engine)
    md.create_all(engine)
    try:
        with engine.begin() as conn:
            conn.execute(insert(users), [{"id": 1, "name": "alice"}, {"id": 2, "name": "john"}])
            conn.execute(insert(addresses), [{"id": 1, "user_id": 1}])
        subq = select(addresses.c.user_id).where(addresses.c.user_id == users.c.id)
        with engine.connect() as conn:
            assert conn.execute(select(users.c.name).where(not_(exists(subq)))).scalars().all() == ["john"]
            assert conn.execute(select(users.c.name).where(exists(subq))).scalars().all() == ["alice"]
    finally:
        md.drop_all(engine)
