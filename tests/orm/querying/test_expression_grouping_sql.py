"""Grouping of concatenations and anonymous labels inside comparisons, as SQLAlchemy 2.0 renders
them (column_property and hybrid expressions rely on it)."""
from __future__ import annotations

from assertsql import assert_sql

from orm import Column, Integer, MetaData, String, Table, select

t = Table("t", MetaData(), Column("a", Integer), Column("b", String))


def test_concat_is_grouped_against_comparisons():
    assert_sql(
        select(t.c.a).where(t.c.b + " " + t.c.b == "x", t.c.b.like(t.c.b + "x"), (t.c.b + "x").like("y")),
        "SELECT t.a \nFROM t \nWHERE (t.b || :b_1 || t.b) = :param_1 AND t.b LIKE (t.b || :b_2) "
        "AND (t.b || :b_3) LIKE :param_2",
    )


def test_like_patterns_stay_bare():
    assert_sql(
        select(t.c.a).where(t.c.b.contains("x"), (t.c.b + "a").startswith("z")),
        "SELECT t.a \nFROM t \nWHERE (t.b LIKE '%' || :b_1 || '%') AND ((t.b || :b_2) LIKE :param_1 || '%')",
    )


def test_anonymous_label_compared():
    e = (t.c.b + " " + t.c.b).label(None)
    assert_sql(
        select(e, t.c.a).where(e == "x").order_by(e),
        "SELECT t.b || :b_1 || t.b AS anon_1, t.a \nFROM t \nWHERE (t.b || :b_1 || t.b) = :param_1 ORDER BY anon_1",
        params={"b_1": " ", "param_1": "x"},
    )
