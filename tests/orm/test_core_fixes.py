"""Regressions found by teammates in the SQL core, each checked against SQLAlchemy 2.0's behaviour."""
from __future__ import annotations

import pytest

from orm import Column, Integer, MetaData, String, Table, bindparam, exc, insert, select, update

_md = MetaData()
t = Table("t", _md, Column("id", Integer), Column("name", String))


# -- bind parameters sharing a name ----------------------------------------------------------------
def test_same_named_plain_binds_share_one_parameter() -> None:
    stmt = select(t).where(t.c.id == bindparam("x", 1), t.c.name == bindparam("x", 2))
    assert str(stmt).endswith("WHERE t.id = :x AND t.name = :x")


def test_expanding_and_plain_bind_of_one_name_conflict() -> None:
    stmt = select(t).where(t.c.id.in_(bindparam("x", expanding=True)), t.c.name == bindparam("x"))
    with pytest.raises(exc.CompileError, match="Can't reuse bound parameter name 'x' in both 'expanding'"):
        stmt.compile()


def test_where_bind_named_like_a_set_value_conflicts() -> None:
    stmt = update(t).where(t.c.id == bindparam("name")).values(name="a")
    with pytest.raises(exc.CompileError, match="Bind parameter 'name' conflicts with unique bind parameter"):
        stmt.compile()


def test_bindparam_named_like_an_insert_column_is_reserved() -> None:
    stmt = insert(t).values(id=bindparam("name"))
    with pytest.raises(exc.CompileError, match="bindparam\\(\\) name 'name' is reserved .*'b_name'"):
        stmt.compile(column_keys=["name"])
