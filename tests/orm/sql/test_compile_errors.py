"""Bad input gives clear errors, at construction or compilation."""
from __future__ import annotations

import pytest
from assertsql import compile_sql
from sql_tables import tables

from orm import bindparam, exc, insert, join, literal, select, union


def test_string_column_needs_text() -> None:
    u, *_ = tables()
    with pytest.raises(exc.ArgumentError, match=r"Textual column expression 'name' should be explicitly declared with text\('name'\)"):
        select("name")


def test_raw_string_where_needs_text() -> None:
    u, *_ = tables()
    with pytest.raises(exc.ArgumentError, match=r"Textual SQL expression 'id = 5' should be explicitly declared as text\('id = 5'\)"):
        select(u).where("id = 5")


def test_join_without_foreign_key_names_both_tables() -> None:
    u, a, o, i, nd = tables()
    with pytest.raises(exc.NoForeignKeysError, match="Can't find any foreign key relationships between 'users' and 'items'"):
        join(u, i)
    with pytest.raises(exc.NoForeignKeysError, match="'users' and 'items'"):
        select(u.c.id).join_from(u, i)
    # with no left side to join from, as SQLAlchemy says
    with pytest.raises(exc.InvalidRequestError, match="Don't know how to join to 'items'"):
        select(u).join(i)


def test_limit_must_be_an_integer() -> None:
    u, *_ = tables()
    with pytest.raises(exc.ArgumentError, match="limit must be an integer or SQL expression, got 'x'"):
        select(u).limit("x")
    with pytest.raises(exc.ArgumentError, match="offset"):
        select(u).offset(object())


def test_missing_bind_value_names_the_bind() -> None:
    u, *_ = tables()
    compiled = compile_sql(select(u.c.id).where(u.c.id == bindparam("uid")), "sqlite")
    with pytest.raises(exc.StatementError, match="A value is required for bind parameter 'uid'"):
        compiled.construct_params()
    assert compiled.construct_params({"uid": 3}) == {"uid": 3}


def test_unknown_column_in_values() -> None:
    u, *_ = tables()
    with pytest.raises(exc.CompileError, match="Unconsumed column names: nope"):
        str(insert(u).values(nope=1))


def test_full_outer_join_on_mysql() -> None:
    u, a, *_ = tables()
    stmt = select(u.c.id).join(a, full=True)
    with pytest.raises(exc.CompileError, match="FULL OUTER JOIN"):
        compile_sql(stmt, "mysql")


def test_returning_on_mysql() -> None:
    u, *_ = tables()
    with pytest.raises(exc.CompileError, match="RETURNING is not supported"):
        compile_sql(insert(u).values(name="x").returning(u.c.id), "mysql")


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_distinct_on_outside_postgresql(dialect: str) -> None:
    u, *_ = tables()
    with pytest.raises(exc.CompileError, match=f"DISTINCT ON is supported only by the PostgreSQL dialect, not {dialect}"):
        compile_sql(select(u).distinct(u.c.name), dialect)


def test_union_column_count_mismatch() -> None:
    u, a, *_ = tables()
    with pytest.raises(exc.ArgumentError, match="select #1 has 1 columns, select #2 has 2"):
        union(select(u.c.id), select(a.c.id, a.c.email))


def test_unsupported_literal_type_with_literal_binds() -> None:
    with pytest.raises(exc.CompileError, match="No literal value renderer is available for literal value"):
        compile_sql(select(literal(object())), "sqlite", literal_binds=True)


def test_literal_binds_without_a_value() -> None:
    u, *_ = tables()
    with pytest.raises(exc.CompileError, match="Bind parameter 'x' without a renderable value"):
        compile_sql(select(u.c.id).where(u.c.id == bindparam("x")), "postgresql", literal_binds=True)


def test_fetch_on_mysql() -> None:
    u, *_ = tables()
    with pytest.raises(exc.CompileError, match="FETCH FIRST"):
        compile_sql(select(u.c.id).fetch(3), "mysql")
