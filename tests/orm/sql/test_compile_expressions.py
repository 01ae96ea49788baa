"""Compile tests: column expressions, operators, functions, text(), bound parameters.

Expected strings are what SQLAlchemy 2.0 renders for the same statement (observed with it, written
here as facts); where ours deliberately differs the assertion says why.
"""
from __future__ import annotations

import datetime  # noqa: F401
import decimal  # noqa: F401

from assertsql import assert_sql
from sql_tables import tables
from orm import Boolean, Column, Date, DateTime, Float, Integer, MetaData, Numeric, String, Table, Text, and_, any_, bindparam, case, cast, collate, column, distinct, extract, false, func, literal, literal_column, not_, null, or_, select, text, true, tuple_, type_coerce


def test_ex_ops() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id == 1, u.c.id != 2, u.c.id < 3, u.c.id > 4, u.c.id <= 5, u.c.id >= 6)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = :id_1 AND users.id != :id_2 AND users.id < :id_3 AND users.id > :id_4 AND users.id <= :id_5 AND users.id >= :id_6', params={'id_1': 1, 'id_2': 2, 'id_3': 3, 'id_4': 4, 'id_5': 5, 'id_6': 6})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ? AND users.id != ? AND users.id < ? AND users.id > ? AND users.id <= ? AND users.id >= ?', dialect='sqlite', params={'id_1': 1, 'id_2': 2, 'id_3': 3, 'id_4': 4, 'id_5': 5, 'id_6': 6})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s AND users.id != %(id_2)s AND users.id < %(id_3)s AND users.id > %(id_4)s AND users.id <= %(id_5)s AND users.id >= %(id_6)s', dialect='postgresql', params={'id_1': 1, 'id_2': 2, 'id_3': 3, 'id_4': 4, 'id_5': 5, 'id_6': 6})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s AND users.id != %(id_2)s AND users.id < %(id_3)s AND users.id > %(id_4)s AND users.id <= %(id_5)s AND users.id >= %(id_6)s', dialect='mysql', params={'id_1': 1, 'id_2': 2, 'id_3': 3, 'id_4': 4, 'id_5': 5, 'id_6': 6})


def test_ex_arith() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id + 1, u.c.id - 2, u.c.id * 3, u.c.id / 4, u.c.id % 5, -u.c.id, (u.c.id + u.c.age) * 2, u.c.id - (u.c.age - 1))
    assert_sql(stmt, 'SELECT users.id + :id_1 AS anon_1, users.id - :id_2 AS anon_2, users.id * :id_3 AS anon_3, users.id / CAST(:id_4 AS NUMERIC) AS anon_4, users.id % :id_5 AS anon_5, -users.id, (users.id + users.age) * :param_1 AS anon_6, users.id - (users.age - :age_1) AS anon_7 \nFROM users', params={'id_1': 1, 'id_2': 2, 'id_3': 3, 'id_4': 4, 'id_5': 5, 'param_1': 2, 'age_1': 1})
    assert_sql(stmt, 'SELECT users.id + ? AS anon_1, users.id - ? AS anon_2, users.id * ? AS anon_3, users.id / (? + 0.0) AS anon_4, users.id % ? AS anon_5, -users.id, (users.id + users.age) * ? AS anon_6, users.id - (users.age - ?) AS anon_7 \nFROM users', dialect='sqlite', params={'id_1': 1, 'id_2': 2, 'id_3': 3, 'id_4': 4, 'id_5': 5, 'param_1': 2, 'age_1': 1})
    assert_sql(stmt, 'SELECT users.id + %(id_1)s AS anon_1, users.id - %(id_2)s AS anon_2, users.id * %(id_3)s AS anon_3, users.id / CAST(%(id_4)s AS NUMERIC) AS anon_4, users.id %% %(id_5)s AS anon_5, -users.id, (users.id + users.age) * %(param_1)s AS anon_6, users.id - (users.age - %(age_1)s) AS anon_7 \nFROM users', dialect='postgresql', params={'id_1': 1, 'id_2': 2, 'id_3': 3, 'id_4': 4, 'id_5': 5, 'param_1': 2, 'age_1': 1})
    assert_sql(stmt, 'SELECT users.id + %(id_1)s AS anon_1, users.id - %(id_2)s AS anon_2, users.id * %(id_3)s AS anon_3, users.id / %(id_4)s AS anon_4, users.id %% %(id_5)s AS anon_5, -users.id, (users.id + users.age) * %(param_1)s AS anon_6, users.id - (users.age - %(age_1)s) AS anon_7 \nFROM users', dialect='mysql', params={'id_1': 1, 'id_2': 2, 'id_3': 3, 'id_4': 4, 'id_5': 5, 'param_1': 2, 'age_1': 1})


def test_ex_floordiv() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id // 3)
    assert_sql(stmt, 'SELECT users.id / :id_1 AS anon_1 \nFROM users', params={'id_1': 3})
    assert_sql(stmt, 'SELECT users.id / ? AS anon_1 \nFROM users', dialect='sqlite', params={'id_1': 3})
    assert_sql(stmt, 'SELECT users.id / %(id_1)s AS anon_1 \nFROM users', dialect='postgresql', params={'id_1': 3})
    assert_sql(stmt, 'SELECT FLOOR(users.id / %(id_1)s) AS anon_1 \nFROM users', dialect='mysql', params={'id_1': 3})


def test_ex_concat() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name + "x", u.c.name + u.c.fullname, func.concat(u.c.name, "-", u.c.fullname))
    assert_sql(stmt, 'SELECT users.name || :name_1 AS anon_1, users.name || users.fullname AS anon_2, concat(users.name, :concat_2, users.fullname) AS concat_1 \nFROM users', params={'name_1': 'x', 'concat_2': '-'})
    assert_sql(stmt, 'SELECT users.name || ? AS anon_1, users.name || users.fullname AS anon_2, concat(users.name, ?, users.fullname) AS concat_1 \nFROM users', dialect='sqlite', params={'name_1': 'x', 'concat_2': '-'})
    assert_sql(stmt, 'SELECT users.name || %(name_1)s AS anon_1, users.name || users.fullname AS anon_2, concat(users.name, %(concat_2)s, users.fullname) AS concat_1 \nFROM users', dialect='postgresql', params={'name_1': 'x', 'concat_2': '-'})
    assert_sql(stmt, 'SELECT concat(users.name, %(name_1)s) AS anon_1, concat(users.name, users.fullname) AS anon_2, concat(users.name, %(concat_2)s, users.fullname) AS concat_1 \nFROM users', dialect='mysql', params={'name_1': 'x', 'concat_2': '-'})


def test_ex_concat_op() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name.concat("!"), literal("a") + u.c.name)
    assert_sql(stmt, 'SELECT users.name || :name_1 AS anon_1, :param_1 || users.name AS anon_2 \nFROM users', params={'name_1': '!', 'param_1': 'a'})
    assert_sql(stmt, 'SELECT users.name || ? AS anon_1, ? || users.name AS anon_2 \nFROM users', dialect='sqlite', params={'name_1': '!', 'param_1': 'a'})
    assert_sql(stmt, 'SELECT users.name || %(name_1)s AS anon_1, %(param_1)s || users.name AS anon_2 \nFROM users', dialect='postgresql', params={'name_1': '!', 'param_1': 'a'})
    assert_sql(stmt, 'SELECT concat(users.name, %(name_1)s) AS anon_1, concat(%(param_1)s, users.name) AS anon_2 \nFROM users', dialect='mysql', params={'name_1': '!', 'param_1': 'a'})


def test_ex_like() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.like("a%"), u.c.name.not_like("b%"), u.c.name.like("c/%", escape="/"))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name LIKE :name_1 AND users.name NOT LIKE :name_2 AND users.name LIKE :name_3 ESCAPE '/'", params={'name_1': 'a%', 'name_2': 'b%', 'name_3': 'c/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name LIKE ? AND users.name NOT LIKE ? AND users.name LIKE ? ESCAPE '/'", dialect='sqlite', params={'name_1': 'a%', 'name_2': 'b%', 'name_3': 'c/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name LIKE %(name_1)s AND users.name NOT LIKE %(name_2)s AND users.name LIKE %(name_3)s ESCAPE '/'", dialect='postgresql', params={'name_1': 'a%', 'name_2': 'b%', 'name_3': 'c/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name LIKE %(name_1)s AND users.name NOT LIKE %(name_2)s AND users.name LIKE %(name_3)s ESCAPE '/'", dialect='mysql', params={'name_1': 'a%', 'name_2': 'b%', 'name_3': 'c/%'})


def test_ex_ilike() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.ilike("a%"), u.c.name.not_ilike("b%"))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE lower(users.name) LIKE lower(:name_1) AND lower(users.name) NOT LIKE lower(:name_2)', params={'name_1': 'a%', 'name_2': 'b%'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE lower(users.name) LIKE lower(?) AND lower(users.name) NOT LIKE lower(?)', dialect='sqlite', params={'name_1': 'a%', 'name_2': 'b%'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name ILIKE %(name_1)s AND users.name NOT ILIKE %(name_2)s', dialect='postgresql', params={'name_1': 'a%', 'name_2': 'b%'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE lower(users.name) LIKE lower(%(name_1)s) AND lower(users.name) NOT LIKE lower(%(name_2)s)', dialect='mysql', params={'name_1': 'a%', 'name_2': 'b%'})


def test_ex_ilike_escape() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.ilike("a/%", escape="/"))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE lower(users.name) LIKE lower(:name_1) ESCAPE '/'", params={'name_1': 'a/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE lower(users.name) LIKE lower(?) ESCAPE '/'", dialect='sqlite', params={'name_1': 'a/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name ILIKE %(name_1)s ESCAPE '/'", dialect='postgresql', params={'name_1': 'a/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE lower(users.name) LIKE lower(%(name_1)s) ESCAPE '/'", dialect='mysql', params={'name_1': 'a/%'})


def test_ex_in() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_([1, 2, 3]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1])', params={'id_1': [1, 2, 3]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1])', dialect='sqlite', params={'id_1': [1, 2, 3]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1])', dialect='postgresql', params={'id_1': [1, 2, 3]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1])', dialect='mysql', params={'id_1': [1, 2, 3]})


def test_ex_notin() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.not_in([1, 2]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (__[POSTCOMPILE_id_1]))', params={'id_1': [1, 2]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (__[POSTCOMPILE_id_1]))', dialect='sqlite', params={'id_1': [1, 2]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (__[POSTCOMPILE_id_1]))', dialect='postgresql', params={'id_1': [1, 2]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (__[POSTCOMPILE_id_1]))', dialect='mysql', params={'id_1': [1, 2]})


def test_ex_in_empty() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_([]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1])', params={'id_1': []})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1])', dialect='sqlite', params={'id_1': []})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1])', dialect='postgresql', params={'id_1': []})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1])', dialect='mysql', params={'id_1': []})


def test_ex_notin_empty() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.not_in([]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (__[POSTCOMPILE_id_1]))', params={'id_1': []})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (__[POSTCOMPILE_id_1]))', dialect='sqlite', params={'id_1': []})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (__[POSTCOMPILE_id_1]))', dialect='postgresql', params={'id_1': []})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (__[POSTCOMPILE_id_1]))', dialect='mysql', params={'id_1': []})


def test_ex_in_bind() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_(bindparam("ids", expanding=True)))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_ids])')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_ids])', dialect='sqlite')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_ids])', dialect='postgresql')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_ids])', dialect='mysql')


def test_ex_in_str() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.in_(["a", "b"]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IN (__[POSTCOMPILE_name_1])', params={'name_1': ['a', 'b']})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IN (__[POSTCOMPILE_name_1])', dialect='sqlite', params={'name_1': ['a', 'b']})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IN (__[POSTCOMPILE_name_1])', dialect='postgresql', params={'name_1': ['a', 'b']})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IN (__[POSTCOMPILE_name_1])', dialect='mysql', params={'name_1': ['a', 'b']})


def test_ex_in_lit() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_([1, 2, 3]), u.c.name.in_(["a'b", "c"]))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.id IN (1, 2, 3) AND users.name IN ('a''b', 'c')", params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.id IN (1, 2, 3) AND users.name IN ('a''b', 'c')", dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.id IN (1, 2, 3) AND users.name IN ('a''b', 'c')", dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.id IN (1, 2, 3) AND users.name IN ('a''b', 'c')", dialect='mysql', params={}, literal_binds=True)


def test_ex_in_empty_lit() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_([]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (NULL) AND (1 != 1)', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)', dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (NULL) AND (1 != 1)', dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (NULL) AND (1 != 1)', dialect='mysql', params={}, literal_binds=True)


def test_ex_is() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.is_(None), u.c.age.is_not(None), u.c.name == None, u.c.age != None)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS NULL AND users.age IS NOT NULL AND users.name IS NULL AND users.age IS NOT NULL', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS NULL AND users.age IS NOT NULL AND users.name IS NULL AND users.age IS NOT NULL', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS NULL AND users.age IS NOT NULL AND users.name IS NULL AND users.age IS NOT NULL', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS NULL AND users.age IS NOT NULL AND users.name IS NULL AND users.age IS NOT NULL', dialect='mysql', params={})


def test_ex_is_true() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.is_(true()), u.c.age.is_not(false()))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS true AND users.age IS NOT false', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS 1 AND users.age IS NOT 0', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS true AND users.age IS NOT false', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS true AND users.age IS NOT false', dialect='mysql', params={})


def test_ex_between() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.age.between(1, 10), not_(u.c.id.between(3, 4)))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.age BETWEEN :age_1 AND :age_2 AND users.id NOT BETWEEN :id_1 AND :id_2', params={'age_1': 1, 'age_2': 10, 'id_1': 3, 'id_2': 4})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.age BETWEEN ? AND ? AND users.id NOT BETWEEN ? AND ?', dialect='sqlite', params={'age_1': 1, 'age_2': 10, 'id_1': 3, 'id_2': 4})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.age BETWEEN %(age_1)s AND %(age_2)s AND users.id NOT BETWEEN %(id_1)s AND %(id_2)s', dialect='postgresql', params={'age_1': 1, 'age_2': 10, 'id_1': 3, 'id_2': 4})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.age BETWEEN %(age_1)s AND %(age_2)s AND users.id NOT BETWEEN %(id_1)s AND %(id_2)s', dialect='mysql', params={'age_1': 1, 'age_2': 10, 'id_1': 3, 'id_2': 4})


def test_ex_between_sym() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.age.between(1, 10, symmetric=True))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.age BETWEEN SYMMETRIC :age_1 AND :age_2', params={'age_1': 1, 'age_2': 10})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.age BETWEEN SYMMETRIC ? AND ?', dialect='sqlite', params={'age_1': 1, 'age_2': 10})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.age BETWEEN SYMMETRIC %(age_1)s AND %(age_2)s', dialect='postgresql', params={'age_1': 1, 'age_2': 10})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.age BETWEEN SYMMETRIC %(age_1)s AND %(age_2)s', dialect='mysql', params={'age_1': 1, 'age_2': 10})


def test_ex_contains() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.contains("ab"), u.c.name.startswith("c"), u.c.name.endswith("d"))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || :name_1 || '%') AND (users.name LIKE :name_2 || '%') AND (users.name LIKE '%' || :name_3)", params={'name_1': 'ab', 'name_2': 'c', 'name_3': 'd'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || ? || '%') AND (users.name LIKE ? || '%') AND (users.name LIKE '%' || ?)", dialect='sqlite', params={'name_1': 'ab', 'name_2': 'c', 'name_3': 'd'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%%' || %(name_1)s || '%%') AND (users.name LIKE %(name_2)s || '%%') AND (users.name LIKE '%%' || %(name_3)s)", dialect='postgresql', params={'name_1': 'ab', 'name_2': 'c', 'name_3': 'd'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE concat('%%', %(name_1)s, '%%')) AND (users.name LIKE concat(%(name_2)s, '%%')) AND (users.name LIKE concat('%%', %(name_3)s))", dialect='mysql', params={'name_1': 'ab', 'name_2': 'c', 'name_3': 'd'})


def test_ex_contains_auto() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.contains("a%b_c", autoescape=True), u.c.name.startswith("x/y", autoescape=True), u.c.name.endswith("q%", autoescape=True))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || :name_1 || '%' ESCAPE '/') AND (users.name LIKE :name_2 || '%' ESCAPE '/') AND (users.name LIKE '%' || :name_3 ESCAPE '/')", params={'name_1': 'a/%b/_c', 'name_2': 'x//y', 'name_3': 'q/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || ? || '%' ESCAPE '/') AND (users.name LIKE ? || '%' ESCAPE '/') AND (users.name LIKE '%' || ? ESCAPE '/')", dialect='sqlite', params={'name_1': 'a/%b/_c', 'name_2': 'x//y', 'name_3': 'q/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%%' || %(name_1)s || '%%' ESCAPE '/') AND (users.name LIKE %(name_2)s || '%%' ESCAPE '/') AND (users.name LIKE '%%' || %(name_3)s ESCAPE '/')", dialect='postgresql', params={'name_1': 'a/%b/_c', 'name_2': 'x//y', 'name_3': 'q/%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE concat('%%', %(name_1)s, '%%') ESCAPE '/') AND (users.name LIKE concat(%(name_2)s, '%%') ESCAPE '/') AND (users.name LIKE concat('%%', %(name_3)s) ESCAPE '/')", dialect='mysql', params={'name_1': 'a/%b/_c', 'name_2': 'x//y', 'name_3': 'q/%'})


def test_ex_contains_escape() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.contains("a^%", escape="^"))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || :name_1 || '%' ESCAPE '^')", params={'name_1': 'a^%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || ? || '%' ESCAPE '^')", dialect='sqlite', params={'name_1': 'a^%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%%' || %(name_1)s || '%%' ESCAPE '^')", dialect='postgresql', params={'name_1': 'a^%'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE concat('%%', %(name_1)s, '%%') ESCAPE '^')", dialect='mysql', params={'name_1': 'a^%'})


def test_ex_contains_col() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.contains(u.c.fullname), u.c.name.startswith(u.c.fullname))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || users.fullname || '%') AND (users.name LIKE users.fullname || '%')", params={})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || users.fullname || '%') AND (users.name LIKE users.fullname || '%')", dialect='sqlite', params={})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%%' || users.fullname || '%%') AND (users.name LIKE users.fullname || '%%')", dialect='postgresql', params={})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE concat('%%', users.fullname, '%%')) AND (users.name LIKE concat(users.fullname, '%%'))", dialect='mysql', params={})


def test_ex_collate() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.collate("NOCASE") == "x").order_by(u.c.name.collate("NOCASE"))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.name COLLATE "NOCASE") = :param_1 ORDER BY users.name COLLATE "NOCASE"', params={'param_1': 'x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.name COLLATE "NOCASE") = ? ORDER BY users.name COLLATE "NOCASE"', dialect='sqlite', params={'param_1': 'x'})


def test_ex_collate_pg() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name.collate("C")).order_by(collate(u.c.name, "en_US"))
    assert_sql(stmt, 'SELECT users.name COLLATE "C" AS anon_1 \nFROM users ORDER BY users.name COLLATE "en_US"', params={})
    assert_sql(stmt, 'SELECT users.name COLLATE "C" AS anon_1 \nFROM users ORDER BY users.name COLLATE "en_US"', dialect='postgresql', params={})


def test_ex_collate_my() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name.collate("utf8mb4_bin"))
    assert_sql(stmt, 'SELECT users.name COLLATE utf8mb4_bin AS anon_1 \nFROM users', dialect='mysql', params={})


def test_ex_label() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name.label("n"), (u.c.id + 1).label("plus"), literal(3).label("three"))
    assert_sql(stmt, 'SELECT users.name AS n, users.id + :id_1 AS plus, :param_1 AS three \nFROM users', params={'id_1': 1, 'param_1': 3})
    assert_sql(stmt, 'SELECT users.name AS n, users.id + ? AS plus, ? AS three \nFROM users', dialect='sqlite', params={'id_1': 1, 'param_1': 3})
    assert_sql(stmt, 'SELECT users.name AS n, users.id + %(id_1)s AS plus, %(param_1)s AS three \nFROM users', dialect='postgresql', params={'id_1': 1, 'param_1': 3})
    assert_sql(stmt, 'SELECT users.name AS n, users.id + %(id_1)s AS plus, %(param_1)s AS three \nFROM users', dialect='mysql', params={'id_1': 1, 'param_1': 3})


def test_ex_distinct_col() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name.distinct(), func.count(u.c.name.distinct()), func.count(distinct(u.c.age)))
    assert_sql(stmt, 'SELECT DISTINCT users.name, count(DISTINCT users.name) AS count_1, count(DISTINCT users.age) AS count_2 \nFROM users', params={})
    assert_sql(stmt, 'SELECT DISTINCT users.name, count(DISTINCT users.name) AS count_1, count(DISTINCT users.age) AS count_2 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT DISTINCT users.name, count(DISTINCT users.name) AS count_1, count(DISTINCT users.age) AS count_2 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT DISTINCT users.name, count(DISTINCT users.name) AS count_1, count(DISTINCT users.age) AS count_2 \nFROM users', dialect='mysql', params={})


def test_ex_op() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id.op("&")(3), u.c.name.op("~*")("x"), u.c.id.op("->", precedence=5)(1))
    assert_sql(stmt, 'SELECT users.id & :id_1 AS anon_1, users.name ~* :name_1 AS anon_2, users.id -> :id_2 AS anon_3 \nFROM users', params={'id_1': 3, 'name_1': 'x', 'id_2': 1})
    assert_sql(stmt, 'SELECT users.id & %(id_1)s AS anon_1, users.name ~* %(name_1)s AS anon_2, users.id -> %(id_2)s AS anon_3 \nFROM users', dialect='postgresql', params={'id_1': 3, 'name_1': 'x', 'id_2': 1})


def test_ex_bool_op() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.bool_op("@@")("x"))
    # not parsed: sqlglot's generic dialect has no @@ operator (PostgreSQL's parses)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name @@ :name_1', params={'name_1': 'x'}, parse=False)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name @@ %(name_1)s', dialect='postgresql', params={'name_1': 'x'})


def test_ex_regexp() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.regexp_match("^a"), ~u.c.name.regexp_match("b$"))
    # not parsed: str() shows <regexp> placeholders, as SQLAlchemy's string compiler does
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name <regexp> :name_1 AND users.name <not regexp> :name_2', params={'name_1': '^a', 'name_2': 'b$'}, parse=False)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name REGEXP ? AND users.name NOT REGEXP ?', dialect='sqlite', params={'name_1': '^a', 'name_2': 'b$'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name ~ %(name_1)s AND users.name !~ %(name_2)s', dialect='postgresql', params={'name_1': '^a', 'name_2': 'b$'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name REGEXP %(name_1)s AND users.name NOT REGEXP %(name_2)s', dialect='mysql', params={'name_1': '^a', 'name_2': 'b$'})


def test_ex_regexp_flags() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.regexp_match("^a", flags="i"))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name ~* %(name_1)s', dialect='postgresql', params={'name_1': '^a'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE REGEXP_LIKE(users.name, %(name_1)s, 'i')", dialect='mysql', params={'name_1': '^a'})


def test_ex_and_or() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(or_(u.c.id == 1, and_(u.c.id == 2, u.c.name == "x")), not_(u.c.age > 3))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id = :id_1 OR users.id = :id_2 AND users.name = :name_1) AND users.age <= :age_1', params={'id_1': 1, 'id_2': 2, 'name_1': 'x', 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id = ? OR users.id = ? AND users.name = ?) AND users.age <= ?', dialect='sqlite', params={'id_1': 1, 'id_2': 2, 'name_1': 'x', 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id = %(id_1)s OR users.id = %(id_2)s AND users.name = %(name_1)s) AND users.age <= %(age_1)s', dialect='postgresql', params={'id_1': 1, 'id_2': 2, 'name_1': 'x', 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id = %(id_1)s OR users.id = %(id_2)s AND users.name = %(name_1)s) AND users.age <= %(age_1)s', dialect='mysql', params={'id_1': 1, 'id_2': 2, 'name_1': 'x', 'age_1': 3})


def test_ex_and_or2() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(and_(or_(u.c.id == 1, u.c.id == 2), or_(u.c.age == 3, u.c.age == 4)))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id = :id_1 OR users.id = :id_2) AND (users.age = :age_1 OR users.age = :age_2)', params={'id_1': 1, 'id_2': 2, 'age_1': 3, 'age_2': 4})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id = ? OR users.id = ?) AND (users.age = ? OR users.age = ?)', dialect='sqlite', params={'id_1': 1, 'id_2': 2, 'age_1': 3, 'age_2': 4})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id = %(id_1)s OR users.id = %(id_2)s) AND (users.age = %(age_1)s OR users.age = %(age_2)s)', dialect='postgresql', params={'id_1': 1, 'id_2': 2, 'age_1': 3, 'age_2': 4})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id = %(id_1)s OR users.id = %(id_2)s) AND (users.age = %(age_1)s OR users.age = %(age_2)s)', dialect='mysql', params={'id_1': 1, 'id_2': 2, 'age_1': 3, 'age_2': 4})


def test_ex_not() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(~(u.c.id == 1), ~and_(u.c.id == 2, u.c.age == 3), ~u.c.name.like("x"), ~u.c.id.in_([1]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id != :id_1 AND NOT (users.id = :id_2 AND users.age = :age_1) AND users.name NOT LIKE :name_1 AND (users.id NOT IN (__[POSTCOMPILE_id_3]))', params={'id_1': 1, 'id_2': 2, 'age_1': 3, 'name_1': 'x', 'id_3': [1]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id != ? AND NOT (users.id = ? AND users.age = ?) AND users.name NOT LIKE ? AND (users.id NOT IN (__[POSTCOMPILE_id_3]))', dialect='sqlite', params={'id_1': 1, 'id_2': 2, 'age_1': 3, 'name_1': 'x', 'id_3': [1]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id != %(id_1)s AND NOT (users.id = %(id_2)s AND users.age = %(age_1)s) AND users.name NOT LIKE %(name_1)s AND (users.id NOT IN (__[POSTCOMPILE_id_3]))', dialect='postgresql', params={'id_1': 1, 'id_2': 2, 'age_1': 3, 'name_1': 'x', 'id_3': [1]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id != %(id_1)s AND NOT (users.id = %(id_2)s AND users.age = %(age_1)s) AND users.name NOT LIKE %(name_1)s AND (users.id NOT IN (__[POSTCOMPILE_id_3]))', dialect='mysql', params={'id_1': 1, 'id_2': 2, 'age_1': 3, 'name_1': 'x', 'id_3': [1]})


def test_ex_or_single() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(or_(u.c.id == 1), and_(u.c.id == 3))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = :id_1 AND users.id = :id_2', params={'id_1': 1, 'id_2': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ? AND users.id = ?', dialect='sqlite', params={'id_1': 1, 'id_2': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s AND users.id = %(id_2)s', dialect='postgresql', params={'id_1': 1, 'id_2': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s AND users.id = %(id_2)s', dialect='mysql', params={'id_1': 1, 'id_2': 3})


def test_ex_null_true_false() -> None:
    u, a, o, i, nd = tables()
    stmt = select(null(), true(), false())
    assert_sql(stmt, 'SELECT NULL AS anon_1, true AS anon_2, false AS anon_3', params={})
    assert_sql(stmt, 'SELECT NULL AS anon_1, 1 AS anon_2, 0 AS anon_3', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT NULL AS anon_1, true AS anon_2, false AS anon_3', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT NULL AS anon_1, true AS anon_2, false AS anon_3', dialect='mysql', params={})


def test_ex_where_false() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(false())
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE false', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE 0 = 1', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE false', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE false = 1', dialect='mysql', params={})


def test_ex_and_true() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(and_(true(), u.c.id == 1))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = :id_1', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ?', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s', dialect='mysql', params={'id_1': 1})


def test_ex_or_false() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(or_(false(), u.c.id == 1))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = :id_1', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ?', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s', dialect='mysql', params={'id_1': 1})


def test_ex_case() -> None:
    u, a, o, i, nd = tables()
    stmt = select(case((u.c.age < 18, "minor"), (u.c.age < 65, "adult"), else_="senior"))
    assert_sql(stmt, 'SELECT CASE WHEN (users.age < :age_1) THEN :param_1 WHEN (users.age < :age_2) THEN :param_2 ELSE :param_3 END AS anon_1 \nFROM users', params={'age_1': 18, 'param_1': 'minor', 'age_2': 65, 'param_2': 'adult', 'param_3': 'senior'})
    assert_sql(stmt, 'SELECT CASE WHEN (users.age < ?) THEN ? WHEN (users.age < ?) THEN ? ELSE ? END AS anon_1 \nFROM users', dialect='sqlite', params={'age_1': 18, 'param_1': 'minor', 'age_2': 65, 'param_2': 'adult', 'param_3': 'senior'})
    assert_sql(stmt, 'SELECT CASE WHEN (users.age < %(age_1)s) THEN %(param_1)s WHEN (users.age < %(age_2)s) THEN %(param_2)s ELSE %(param_3)s END AS anon_1 \nFROM users', dialect='postgresql', params={'age_1': 18, 'param_1': 'minor', 'age_2': 65, 'param_2': 'adult', 'param_3': 'senior'})
    assert_sql(stmt, 'SELECT CASE WHEN (users.age < %(age_1)s) THEN %(param_1)s WHEN (users.age < %(age_2)s) THEN %(param_2)s ELSE %(param_3)s END AS anon_1 \nFROM users', dialect='mysql', params={'age_1': 18, 'param_1': 'minor', 'age_2': 65, 'param_2': 'adult', 'param_3': 'senior'})


def test_ex_case_value() -> None:
    u, a, o, i, nd = tables()
    stmt = select(case({1: "one", 2: "two"}, value=u.c.id, else_="many").label("word"))
    assert_sql(stmt, 'SELECT CASE users.id WHEN :param_1 THEN :param_2 WHEN :param_3 THEN :param_4 ELSE :param_5 END AS word \nFROM users', params={'param_1': 1, 'param_2': 'one', 'param_3': 2, 'param_4': 'two', 'param_5': 'many'})
    assert_sql(stmt, 'SELECT CASE users.id WHEN ? THEN ? WHEN ? THEN ? ELSE ? END AS word \nFROM users', dialect='sqlite', params={'param_1': 1, 'param_2': 'one', 'param_3': 2, 'param_4': 'two', 'param_5': 'many'})
    assert_sql(stmt, 'SELECT CASE users.id WHEN %(param_1)s THEN %(param_2)s WHEN %(param_3)s THEN %(param_4)s ELSE %(param_5)s END AS word \nFROM users', dialect='postgresql', params={'param_1': 1, 'param_2': 'one', 'param_3': 2, 'param_4': 'two', 'param_5': 'many'})
    assert_sql(stmt, 'SELECT CASE users.id WHEN %(param_1)s THEN %(param_2)s WHEN %(param_3)s THEN %(param_4)s ELSE %(param_5)s END AS word \nFROM users', dialect='mysql', params={'param_1': 1, 'param_2': 'one', 'param_3': 2, 'param_4': 'two', 'param_5': 'many'})


def test_ex_case_noelse() -> None:
    u, a, o, i, nd = tables()
    stmt = select(case((u.c.name == "x", u.c.id), else_=null()))
    assert_sql(stmt, 'SELECT CASE WHEN (users.name = :name_1) THEN users.id ELSE NULL END AS anon_1 \nFROM users', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT CASE WHEN (users.name = ?) THEN users.id ELSE NULL END AS anon_1 \nFROM users', dialect='sqlite', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT CASE WHEN (users.name = %(name_1)s) THEN users.id ELSE NULL END AS anon_1 \nFROM users', dialect='postgresql', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT CASE WHEN (users.name = %(name_1)s) THEN users.id ELSE NULL END AS anon_1 \nFROM users', dialect='mysql', params={'name_1': 'x'})


def test_ex_cast() -> None:
    u, a, o, i, nd = tables()
    stmt = select(cast(u.c.id, String), cast(u.c.name, Integer), cast("5", Integer), cast(u.c.age, Numeric(10, 2)))
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR) AS id, CAST(users.name AS INTEGER) AS name, CAST(:param_1 AS INTEGER) AS anon_1, CAST(users.age AS NUMERIC(10, 2)) AS age \nFROM users', params={'param_1': '5'})
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR) AS id, CAST(users.name AS INTEGER) AS name, CAST(? AS INTEGER) AS anon_1, CAST(users.age AS NUMERIC(10, 2)) AS age \nFROM users', dialect='sqlite', params={'param_1': '5'})
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR) AS id, CAST(users.name AS INTEGER) AS name, CAST(%(param_1)s AS INTEGER) AS anon_1, CAST(users.age AS NUMERIC(10, 2)) AS age \nFROM users', dialect='postgresql', params={'param_1': '5'})
    assert_sql(stmt, 'SELECT CAST(users.id AS CHAR) AS id, CAST(users.name AS SIGNED INTEGER) AS name, CAST(%(param_1)s AS SIGNED INTEGER) AS anon_1, CAST(users.age AS DECIMAL(10, 2)) AS age \nFROM users', dialect='mysql', params={'param_1': '5'})


def test_ex_cast_label() -> None:
    u, a, o, i, nd = tables()
    stmt = select(cast(u.c.id, String(20)).label("sid"))
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR(20)) AS sid \nFROM users', params={})
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR(20)) AS sid \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR(20)) AS sid \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT CAST(users.id AS CHAR(20)) AS sid \nFROM users', dialect='mysql', params={})


def test_ex_cast_types() -> None:
    u, a, o, i, nd = tables()
    stmt = select(cast(u.c.id, Float), cast(u.c.name, DateTime), cast(u.c.name, Date), cast(u.c.id, Boolean), cast(u.c.name, Text))
    assert_sql(stmt, 'SELECT CAST(users.id AS FLOAT) AS id, CAST(users.name AS DATETIME) AS name, CAST(users.name AS DATE) AS name__1, CAST(users.id AS BOOLEAN) AS id__1, CAST(users.name AS TEXT) AS name__2 \nFROM users', params={})
    assert_sql(stmt, 'SELECT CAST(users.id AS FLOAT) AS id, CAST(users.name AS DATETIME) AS name, CAST(users.name AS DATE) AS name__1, CAST(users.id AS BOOLEAN) AS id__1, CAST(users.name AS TEXT) AS name__2 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT CAST(users.id AS FLOAT) AS id, CAST(users.name AS TIMESTAMP WITHOUT TIME ZONE) AS name, CAST(users.name AS DATE) AS name__1, CAST(users.id AS BOOLEAN) AS id__1, CAST(users.name AS TEXT) AS name__2 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id AS id, CAST(users.name AS DATETIME) AS name, CAST(users.name AS DATE) AS name__1, users.id AS id__1, CAST(users.name AS CHAR) AS name__2 \nFROM users', dialect='mysql', params={})


def test_ex_type_coerce() -> None:
    u, a, o, i, nd = tables()
    stmt = select(type_coerce(u.c.name, Integer), type_coerce(u.c.id + 1, String).label("x"))
    assert_sql(stmt, 'SELECT users.name AS name, users.id + :id_1 AS x \nFROM users', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.name AS name, users.id + ? AS x \nFROM users', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.name AS name, users.id + %(id_1)s AS x \nFROM users', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.name AS name, users.id + %(id_1)s AS x \nFROM users', dialect='mysql', params={'id_1': 1})


def test_ex_funcs() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.count(u.c.id), func.count(), func.sum(u.c.age), func.avg(u.c.age), func.min(u.c.age), func.max(u.c.age))
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(*) AS count_2, sum(users.age) AS sum_1, avg(users.age) AS avg_1, min(users.age) AS min_1, max(users.age) AS max_1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(*) AS count_2, sum(users.age) AS sum_1, avg(users.age) AS avg_1, min(users.age) AS min_1, max(users.age) AS max_1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(*) AS count_2, sum(users.age) AS sum_1, avg(users.age) AS avg_1, min(users.age) AS min_1, max(users.age) AS max_1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(*) AS count_2, sum(users.age) AS sum_1, avg(users.age) AS avg_1, min(users.age) AS min_1, max(users.age) AS max_1 \nFROM users', dialect='mysql', params={})


def test_ex_funcs2() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.coalesce(u.c.name, "x"), func.lower(u.c.name), func.upper(u.c.name), func.length(u.c.name), func.now())
    assert_sql(stmt, 'SELECT coalesce(users.name, :coalesce_2) AS coalesce_1, lower(users.name) AS lower_1, upper(users.name) AS upper_1, length(users.name) AS length_1, now() AS now_1 \nFROM users', params={'coalesce_2': 'x'})
    assert_sql(stmt, 'SELECT coalesce(users.name, ?) AS coalesce_1, lower(users.name) AS lower_1, upper(users.name) AS upper_1, length(users.name) AS length_1, CURRENT_TIMESTAMP AS now_1 \nFROM users', dialect='sqlite', params={'coalesce_2': 'x'})
    assert_sql(stmt, 'SELECT coalesce(users.name, %(coalesce_2)s) AS coalesce_1, lower(users.name) AS lower_1, upper(users.name) AS upper_1, length(users.name) AS length_1, now() AS now_1 \nFROM users', dialect='postgresql', params={'coalesce_2': 'x'})
    assert_sql(stmt, 'SELECT coalesce(users.name, %(coalesce_2)s) AS coalesce_1, lower(users.name) AS lower_1, upper(users.name) AS upper_1, length(users.name) AS length_1, now() AS now_1 \nFROM users', dialect='mysql', params={'coalesce_2': 'x'})


def test_ex_func_generic() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.my_func(u.c.id, 5), func.myschema.myfunc(u.c.id), func.a.b.c(1))
    assert_sql(stmt, 'SELECT my_func(users.id, :my_func_2) AS my_func_1, myschema.myfunc(users.id) AS myfunc_1, a.b.c(:c_2) AS c_1 \nFROM users', params={'my_func_2': 5, 'c_2': 1})
    assert_sql(stmt, 'SELECT my_func(users.id, ?) AS my_func_1, myschema.myfunc(users.id) AS myfunc_1, a.b.c(?) AS c_1 \nFROM users', dialect='sqlite', params={'my_func_2': 5, 'c_2': 1})
    assert_sql(stmt, 'SELECT my_func(users.id, %(my_func_2)s) AS my_func_1, myschema.myfunc(users.id) AS myfunc_1, a.b.c(%(c_2)s) AS c_1 \nFROM users', dialect='postgresql', params={'my_func_2': 5, 'c_2': 1})
    assert_sql(stmt, 'SELECT my_func(users.id, %(my_func_2)s) AS my_func_1, myschema.myfunc(users.id) AS myfunc_1, a.b.c(%(c_2)s) AS c_1 \nFROM users', dialect='mysql', params={'my_func_2': 5, 'c_2': 1})


def test_ex_func_noargs() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.random(), func.current_timestamp(), func.current_date(), func.localtimestamp())
    assert_sql(stmt, 'SELECT random() AS random_1, CURRENT_TIMESTAMP AS current_timestamp_1, CURRENT_DATE AS current_date_1, LOCALTIMESTAMP AS localtimestamp_1', params={})
    assert_sql(stmt, "SELECT random() AS random_1, CURRENT_TIMESTAMP AS current_timestamp_1, CURRENT_DATE AS current_date_1, DATETIME(CURRENT_TIMESTAMP, 'localtime') AS localtimestamp_1", dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT random() AS random_1, CURRENT_TIMESTAMP AS current_timestamp_1, CURRENT_DATE AS current_date_1, LOCALTIMESTAMP AS localtimestamp_1', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT rand() AS random_1, CURRENT_TIMESTAMP AS current_timestamp_1, CURRENT_DATE AS current_date_1, LOCALTIMESTAMP AS localtimestamp_1', dialect='mysql', params={})


def test_ex_func_count_star() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.count("*")).select_from(u)
    assert_sql(stmt, 'SELECT count(:count_2) AS count_1 \nFROM users', params={'count_2': '*'})
    assert_sql(stmt, 'SELECT count(?) AS count_1 \nFROM users', dialect='sqlite', params={'count_2': '*'})
    assert_sql(stmt, 'SELECT count(%(count_2)s) AS count_1 \nFROM users', dialect='postgresql', params={'count_2': '*'})
    assert_sql(stmt, 'SELECT count(%(count_2)s) AS count_1 \nFROM users', dialect='mysql', params={'count_2': '*'})


def test_ex_func_count_lit() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.count(literal_column("*"))).select_from(u)
    assert_sql(stmt, 'SELECT count(*) AS count_1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT count(*) AS count_1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT count(*) AS count_1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT count(*) AS count_1 \nFROM users', dialect='mysql', params={})


def test_ex_func_where() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(func.lower(u.c.name) == "ed", func.length(u.c.name) > 3)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE lower(users.name) = :lower_1 AND length(users.name) > :length_1', params={'lower_1': 'ed', 'length_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE lower(users.name) = ? AND length(users.name) > ?', dialect='sqlite', params={'lower_1': 'ed', 'length_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE lower(users.name) = %(lower_1)s AND length(users.name) > %(length_1)s', dialect='postgresql', params={'lower_1': 'ed', 'length_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE lower(users.name) = %(lower_1)s AND length(users.name) > %(length_1)s', dialect='mysql', params={'lower_1': 'ed', 'length_1': 3})


def test_ex_func_quoted() -> None:
    u, a, o, i, nd = tables()
    stmt = select(getattr(func, "MyFunc")(u.c.id), getattr(func, "Count")(u.c.id))
    assert_sql(stmt, 'SELECT MyFunc(users.id) AS "MyFunc_1", count(users.id) AS count_1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT MyFunc(users.id) AS "MyFunc_1", count(users.id) AS count_1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT MyFunc(users.id) AS "MyFunc_1", count(users.id) AS count_1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT MyFunc(users.id) AS `MyFunc_1`, count(users.id) AS count_1 \nFROM users', dialect='mysql', params={})


def test_ex_func_char_length() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.char_length(u.c.name), func.concat("a", "b"))
    assert_sql(stmt, 'SELECT char_length(users.name) AS char_length_1, concat(:concat_2, :concat_3) AS concat_1 \nFROM users', params={'concat_2': 'a', 'concat_3': 'b'})
    assert_sql(stmt, 'SELECT length(users.name) AS char_length_1, concat(?, ?) AS concat_1 \nFROM users', dialect='sqlite', params={'concat_2': 'a', 'concat_3': 'b'})
    assert_sql(stmt, 'SELECT char_length(users.name) AS char_length_1, concat(%(concat_2)s, %(concat_3)s) AS concat_1 \nFROM users', dialect='postgresql', params={'concat_2': 'a', 'concat_3': 'b'})
    assert_sql(stmt, 'SELECT char_length(users.name) AS char_length_1, concat(%(concat_2)s, %(concat_3)s) AS concat_1 \nFROM users', dialect='mysql', params={'concat_2': 'a', 'concat_3': 'b'})


def test_ex_window() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.row_number().over(partition_by=u.c.name, order_by=u.c.id), func.rank().over(order_by=u.c.age.desc()), func.sum(u.c.age).over())
    assert_sql(stmt, 'SELECT row_number() OVER (PARTITION BY users.name ORDER BY users.id) AS anon_1, rank() OVER (ORDER BY users.age DESC) AS anon_2, sum(users.age) OVER () AS anon_3 \nFROM users', params={})
    assert_sql(stmt, 'SELECT row_number() OVER (PARTITION BY users.name ORDER BY users.id) AS anon_1, rank() OVER (ORDER BY users.age DESC) AS anon_2, sum(users.age) OVER () AS anon_3 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT row_number() OVER (PARTITION BY users.name ORDER BY users.id) AS anon_1, rank() OVER (ORDER BY users.age DESC) AS anon_2, sum(users.age) OVER () AS anon_3 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT row_number() OVER (PARTITION BY users.name ORDER BY users.id) AS anon_1, rank() OVER (ORDER BY users.age DESC) AS anon_2, sum(users.age) OVER () AS anon_3 \nFROM users', dialect='mysql', params={})


def test_ex_window_rows() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.sum(u.c.age).over(order_by=u.c.id, rows=(None, 0)), func.sum(u.c.age).over(order_by=u.c.id, rows=(-2, 2)), func.avg(u.c.age).over(order_by=u.c.id, range_=(0, None)), func.avg(u.c.age).over(order_by=u.c.id, range_=(-1, 3)))
    assert_sql(stmt, 'SELECT sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS anon_1, sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN :param_1 PRECEDING AND :param_2 FOLLOWING) AS anon_2, avg(users.age) OVER (ORDER BY users.id RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS anon_3, avg(users.age) OVER (ORDER BY users.id RANGE BETWEEN :param_3 PRECEDING AND :param_4 FOLLOWING) AS anon_4 \nFROM users', params={'param_1': 2, 'param_2': 2, 'param_3': 1, 'param_4': 3})
    assert_sql(stmt, 'SELECT sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS anon_1, sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN ? PRECEDING AND ? FOLLOWING) AS anon_2, avg(users.age) OVER (ORDER BY users.id RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS anon_3, avg(users.age) OVER (ORDER BY users.id RANGE BETWEEN ? PRECEDING AND ? FOLLOWING) AS anon_4 \nFROM users', dialect='sqlite', params={'param_1': 2, 'param_2': 2, 'param_3': 1, 'param_4': 3})
    assert_sql(stmt, 'SELECT sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS anon_1, sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN %(param_1)s PRECEDING AND %(param_2)s FOLLOWING) AS anon_2, avg(users.age) OVER (ORDER BY users.id RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS anon_3, avg(users.age) OVER (ORDER BY users.id RANGE BETWEEN %(param_3)s PRECEDING AND %(param_4)s FOLLOWING) AS anon_4 \nFROM users', dialect='postgresql', params={'param_1': 2, 'param_2': 2, 'param_3': 1, 'param_4': 3})
    assert_sql(stmt, 'SELECT sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS anon_1, sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN %(param_1)s PRECEDING AND %(param_2)s FOLLOWING) AS anon_2, avg(users.age) OVER (ORDER BY users.id RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS anon_3, avg(users.age) OVER (ORDER BY users.id RANGE BETWEEN %(param_3)s PRECEDING AND %(param_4)s FOLLOWING) AS anon_4 \nFROM users', dialect='mysql', params={'param_1': 2, 'param_2': 2, 'param_3': 1, 'param_4': 3})


def test_ex_window_part_multi() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.row_number().over(partition_by=[u.c.name, u.c.age], order_by=[u.c.id, u.c.age.desc()]).label("rn"))
    assert_sql(stmt, 'SELECT row_number() OVER (PARTITION BY users.name, users.age ORDER BY users.id, users.age DESC) AS rn \nFROM users', params={})
    assert_sql(stmt, 'SELECT row_number() OVER (PARTITION BY users.name, users.age ORDER BY users.id, users.age DESC) AS rn \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT row_number() OVER (PARTITION BY users.name, users.age ORDER BY users.id, users.age DESC) AS rn \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT row_number() OVER (PARTITION BY users.name, users.age ORDER BY users.id, users.age DESC) AS rn \nFROM users', dialect='mysql', params={})


def test_ex_filter() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.count(u.c.id).filter(u.c.age > 5))
    assert_sql(stmt, 'SELECT count(users.id) FILTER (WHERE users.age > :age_1) AS anon_1 \nFROM users', params={'age_1': 5})
    assert_sql(stmt, 'SELECT count(users.id) FILTER (WHERE users.age > ?) AS anon_1 \nFROM users', dialect='sqlite', params={'age_1': 5})
    assert_sql(stmt, 'SELECT count(users.id) FILTER (WHERE users.age > %(age_1)s) AS anon_1 \nFROM users', dialect='postgresql', params={'age_1': 5})


def test_ex_within_group() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.percentile_cont(0.5).within_group(u.c.age))
    assert_sql(stmt, 'SELECT percentile_cont(:percentile_cont_1) WITHIN GROUP (ORDER BY users.age) AS anon_1 \nFROM users', params={'percentile_cont_1': 0.5})
    assert_sql(stmt, 'SELECT percentile_cont(%(percentile_cont_1)s) WITHIN GROUP (ORDER BY users.age) AS anon_1 \nFROM users', dialect='postgresql', params={'percentile_cont_1': 0.5})


def test_ex_tuple() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(tuple_(u.c.id, u.c.name) == (1, "x"))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) = (:param_1, :param_2)', params={'param_1': 1, 'param_2': 'x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) = (?, ?)', dialect='sqlite', params={'param_1': 1, 'param_2': 'x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) = (%(param_1)s, %(param_2)s)', dialect='postgresql', params={'param_1': 1, 'param_2': 'x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) = (%(param_1)s, %(param_2)s)', dialect='mysql', params={'param_1': 1, 'param_2': 'x'})


def test_ex_tuple_in() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(tuple_(u.c.id, u.c.name).in_([(1, "a"), (2, "b")]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (__[POSTCOMPILE_param_1])', params={'param_1': [(1, 'a'), (2, 'b')]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (__[POSTCOMPILE_param_1])', dialect='sqlite', params={'param_1': [(1, 'a'), (2, 'b')]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (__[POSTCOMPILE_param_1])', dialect='postgresql', params={'param_1': [(1, 'a'), (2, 'b')]})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (__[POSTCOMPILE_param_1])', dialect='mysql', params={'param_1': [(1, 'a'), (2, 'b')]})


def test_ex_tuple_in_lit() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(tuple_(u.c.id, u.c.name).in_([(1, "a"), (2, "b")]))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN ((1, 'a'), (2, 'b'))", params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (VALUES (1, 'a'), (2, 'b'))", dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN ((1, 'a'), (2, 'b'))", dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN ((1, 'a'), (2, 'b'))", dialect='mysql', params={}, literal_binds=True)


def test_ex_tuple_in_sub() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(tuple_(u.c.id, u.c.name).in_(select(a.c.user_id, a.c.email)))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (SELECT addresses.user_id, addresses.email \nFROM addresses)', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (SELECT addresses.user_id, addresses.email \nFROM addresses)', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (SELECT addresses.user_id, addresses.email \nFROM addresses)', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (SELECT addresses.user_id, addresses.email \nFROM addresses)', dialect='mysql', params={})


def test_ex_literal() -> None:
    u, a, o, i, nd = tables()
    stmt = select(literal(5), literal("x"), literal(None), literal_column("'abc'"), literal_column("1 + 1").label("two"))
    assert_sql(stmt, "SELECT :param_1 AS anon_1, :param_2 AS anon_2, :param_3 AS anon_3, 'abc', 1 + 1 AS two", params={'param_1': 5, 'param_2': 'x', 'param_3': None})
    assert_sql(stmt, "SELECT ? AS anon_1, ? AS anon_2, ? AS anon_3, 'abc', 1 + 1 AS two", dialect='sqlite', params={'param_1': 5, 'param_2': 'x', 'param_3': None})
    assert_sql(stmt, "SELECT %(param_1)s AS anon_1, %(param_2)s AS anon_2, %(param_3)s AS anon_3, 'abc', 1 + 1 AS two", dialect='postgresql', params={'param_1': 5, 'param_2': 'x', 'param_3': None})
    assert_sql(stmt, "SELECT %(param_1)s AS anon_1, %(param_2)s AS anon_2, %(param_3)s AS anon_3, 'abc', 1 + 1 AS two", dialect='mysql', params={'param_1': 5, 'param_2': 'x', 'param_3': None})


def test_ex_literal_col_where() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id > literal_column("10"))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id > 10', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id > 10', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id > 10', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id > 10', dialect='mysql', params={})


def test_ex_bindparam() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name == bindparam("uname"), u.c.id == bindparam("uid", 5))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name = :uname AND users.id = :uid')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name = ? AND users.id = ?', dialect='sqlite')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name = %(uname)s AND users.id = %(uid)s', dialect='postgresql')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name = %(uname)s AND users.id = %(uid)s', dialect='mysql')


def test_ex_bindparam_typed() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name == bindparam("uname", type_=String))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name = :uname')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name = ?', dialect='sqlite')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name = %(uname)s', dialect='postgresql')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name = %(uname)s', dialect='mysql')


def test_ex_bind_repeat_same() -> None:
    u, a, o, i, nd = tables()
    b = bindparam("x", 1)
    stmt = select(u.c.id).where(u.c.id == b, u.c.age == b)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = :x AND users.age = :x', params={'x': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ? AND users.age = ?', dialect='sqlite', params={'x': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(x)s AND users.age = %(x)s', dialect='postgresql', params={'x': 1})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(x)s AND users.age = %(x)s', dialect='mysql', params={'x': 1})


def test_ex_text() -> None:
    u, a, o, i, nd = tables()
    stmt = text("SELECT * FROM users WHERE id = :id AND name = :name").bindparams(id=5, name="ed")
    assert_sql(stmt, 'SELECT * FROM users WHERE id = :id AND name = :name', params={'id': 5, 'name': 'ed'})
    assert_sql(stmt, 'SELECT * FROM users WHERE id = ? AND name = ?', dialect='sqlite', params={'id': 5, 'name': 'ed'})
    assert_sql(stmt, 'SELECT * FROM users WHERE id = %(id)s AND name = %(name)s', dialect='postgresql', params={'id': 5, 'name': 'ed'})
    assert_sql(stmt, 'SELECT * FROM users WHERE id = %(id)s AND name = %(name)s', dialect='mysql', params={'id': 5, 'name': 'ed'})


def test_ex_text_cols() -> None:
    u, a, o, i, nd = tables()
    stmt = text("SELECT id, name FROM users WHERE id > :x").bindparams(x=1).columns(column("id", Integer), column("name", String))
    assert_sql(stmt, 'SELECT id, name FROM users WHERE id > :x', params={'x': 1})
    assert_sql(stmt, 'SELECT id, name FROM users WHERE id > ?', dialect='sqlite', params={'x': 1})
    assert_sql(stmt, 'SELECT id, name FROM users WHERE id > %(x)s', dialect='postgresql', params={'x': 1})
    assert_sql(stmt, 'SELECT id, name FROM users WHERE id > %(x)s', dialect='mysql', params={'x': 1})


def test_ex_text_subq() -> None:
    u, a, o, i, nd = tables()
    t = text("SELECT id, name FROM users").columns(column("id"), column("name")).subquery("t")
    stmt = select(t.c.id).where(t.c.name == "x")
    assert_sql(stmt, 'SELECT t.id \nFROM (SELECT id, name FROM users) AS t \nWHERE t.name = :name_1', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT t.id \nFROM (SELECT id, name FROM users) AS t \nWHERE t.name = ?', dialect='sqlite', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT t.id \nFROM (SELECT id, name FROM users) AS t \nWHERE t.name = %(name_1)s', dialect='postgresql', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT t.id \nFROM (SELECT id, name FROM users) AS t \nWHERE t.name = %(name_1)s', dialect='mysql', params={'name_1': 'x'})


def test_ex_text_colon() -> None:
    u, a, o, i, nd = tables()
    stmt = text("SELECT '10:30' AS t, x::int FROM y WHERE a = :a").bindparams(a=1)
    assert_sql(stmt, "SELECT '10:30' AS t, x::int FROM y WHERE a = :a", params={'a': 1})
    assert_sql(stmt, "SELECT '10:30' AS t, x::int FROM y WHERE a = ?", dialect='sqlite', params={'a': 1})
    assert_sql(stmt, "SELECT '10:30' AS t, x::int FROM y WHERE a = %(a)s", dialect='postgresql', params={'a': 1})


def test_ex_text_escaped() -> None:
    u, a, o, i, nd = tables()
    stmt = text(r"SELECT '\:notbind' FROM y WHERE a = :a AND b LIKE 'x%'").bindparams(a=1)
    assert_sql(stmt, "SELECT ':notbind' FROM y WHERE a = :a AND b LIKE 'x%'", params={'a': 1})
    assert_sql(stmt, "SELECT ':notbind' FROM y WHERE a = ? AND b LIKE 'x%'", dialect='sqlite', params={'a': 1})
    assert_sql(stmt, "SELECT ':notbind' FROM y WHERE a = %(a)s AND b LIKE 'x%%'", dialect='postgresql', params={'a': 1})
    assert_sql(stmt, "SELECT ':notbind' FROM y WHERE a = %(a)s AND b LIKE 'x%%'", dialect='mysql', params={'a': 1})


def test_ex_text_in_where() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(text("name = :n")).order_by(text("id DESC"))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE name = :n ORDER BY id DESC')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE name = ? ORDER BY id DESC', dialect='sqlite')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE name = %(n)s ORDER BY id DESC', dialect='postgresql')
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE name = %(n)s ORDER BY id DESC', dialect='mysql')


def test_ex_text_bindparam_obj() -> None:
    u, a, o, i, nd = tables()
    stmt = text("SELECT * FROM t WHERE d > :d").bindparams(bindparam("d", type_=Integer, value=3))
    assert_sql(stmt, 'SELECT * FROM t WHERE d > :d', params={'d': 3})
    assert_sql(stmt, 'SELECT * FROM t WHERE d > ?', dialect='sqlite', params={'d': 3})
    assert_sql(stmt, 'SELECT * FROM t WHERE d > %(d)s', dialect='postgresql', params={'d': 3})
    assert_sql(stmt, 'SELECT * FROM t WHERE d > %(d)s', dialect='mysql', params={'d': 3})


def test_ex_mod_pct() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id % 2, literal_column("'50%'"), u.c.name.like("%a%"))
    assert_sql(stmt, "SELECT users.id % :id_1 AS anon_1, '50%', users.name LIKE :name_1 AS anon_2 \nFROM users", params={'id_1': 2, 'name_1': '%a%'})
    assert_sql(stmt, "SELECT users.id % ? AS anon_1, '50%', users.name LIKE ? AS anon_2 \nFROM users", dialect='sqlite', params={'id_1': 2, 'name_1': '%a%'})
    assert_sql(stmt, "SELECT users.id %% %(id_1)s AS anon_1, '50%%', users.name LIKE %(name_1)s AS anon_2 \nFROM users", dialect='postgresql', params={'id_1': 2, 'name_1': '%a%'})
    assert_sql(stmt, "SELECT users.id %% %(id_1)s AS anon_1, '50%%', users.name LIKE %(name_1)s AS anon_2 \nFROM users", dialect='mysql', params={'id_1': 2, 'name_1': '%a%'})


def test_ex_getitem_neg() -> None:
    u, a, o, i, nd = tables()
    stmt = select(-(u.c.id + 1), ~u.c.name.is_(None))
    assert_sql(stmt, 'SELECT -(users.id + :id_1) AS anon_1, users.name IS NOT NULL AS anon_2 \nFROM users', params={'id_1': 1})
    assert_sql(stmt, 'SELECT -(users.id + ?) AS anon_1, users.name IS NOT NULL AS anon_2 \nFROM users', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT -(users.id + %(id_1)s) AS anon_1, users.name IS NOT NULL AS anon_2 \nFROM users', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT -(users.id + %(id_1)s) AS anon_1, users.name IS NOT NULL AS anon_2 \nFROM users', dialect='mysql', params={'id_1': 1})


def test_ex_scalar_cmp() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(5 == u.c.id, 3 < u.c.age)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = :id_1 AND users.age > :age_1', params={'id_1': 5, 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ? AND users.age > ?', dialect='sqlite', params={'id_1': 5, 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s AND users.age > %(age_1)s', dialect='postgresql', params={'id_1': 5, 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s AND users.age > %(age_1)s', dialect='mysql', params={'id_1': 5, 'age_1': 3})


def test_ex_col_col() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id == a.c.user_id)
    assert_sql(stmt, 'SELECT users.id \nFROM users, addresses \nWHERE users.id = addresses.user_id', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users, addresses \nWHERE users.id = addresses.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users, addresses \nWHERE users.id = addresses.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users, addresses \nWHERE users.id = addresses.user_id', dialect='mysql', params={})


def test_ex_anon_dedup() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, u.c.id, u.c.name, u.c.name.label("name"))
    assert_sql(stmt, 'SELECT users.id, users.id AS id__1, users.name, users.name AS name \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.id, users.id AS id__1, users.name, users.name AS name \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.id AS id__1, users.name, users.name AS name \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.id AS id__1, users.name, users.name AS name \nFROM users', dialect='mysql', params={})


def test_ex_count_twice() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.count(u.c.id), func.count(u.c.id))
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(users.id) AS count_2 \nFROM users', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(users.id) AS count_2 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(users.id) AS count_2 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(users.id) AS count_2 \nFROM users', dialect='mysql', params={})


def test_ex_dup_expr_label() -> None:
    u, a, o, i, nd = tables()
    e = u.c.id + 1
    stmt = select(e, e)
    assert_sql(stmt, 'SELECT users.id + :id_1 AS anon_1, users.id + :id_1 AS anon__1 \nFROM users', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id + ? AS anon_1, users.id + ? AS anon__1 \nFROM users', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id + %(id_1)s AS anon_1, users.id + %(id_1)s AS anon__1 \nFROM users', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT users.id + %(id_1)s AS anon_1, users.id + %(id_1)s AS anon__1 \nFROM users', dialect='mysql', params={'id_1': 1})


def test_ex_any_all() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id == any_(select(a.c.user_id).scalar_subquery()))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ANY (SELECT addresses.user_id \nFROM addresses)', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ANY (SELECT addresses.user_id \nFROM addresses)', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ANY (SELECT addresses.user_id \nFROM addresses)', dialect='mysql', params={})


def test_ex_extract() -> None:
    u, a, o, i, nd = tables()
    stmt = select(extract("year", o.c.created), extract("month", o.c.created))
    assert_sql(stmt, 'SELECT EXTRACT(year FROM orders.created) AS anon_1, EXTRACT(month FROM orders.created) AS anon_2 \nFROM orders', params={})
    assert_sql(stmt, "SELECT CAST(STRFTIME('%Y', orders.created) AS INTEGER) AS anon_1, CAST(STRFTIME('%m', orders.created) AS INTEGER) AS anon_2 \nFROM orders", dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT EXTRACT(year FROM orders.created) AS anon_1, EXTRACT(month FROM orders.created) AS anon_2 \nFROM orders', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT EXTRACT(year FROM orders.created) AS anon_1, EXTRACT(month FROM orders.created) AS anon_2 \nFROM orders', dialect='mysql', params={})


def test_ex_is_distinct() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.is_distinct_from("x"), u.c.age.is_not_distinct_from(3))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS DISTINCT FROM :name_1 AND users.age IS NOT DISTINCT FROM :age_1', params={'name_1': 'x', 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS NOT ? AND users.age IS ?', dialect='sqlite', params={'name_1': 'x', 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.name IS DISTINCT FROM %(name_1)s AND users.age IS NOT DISTINCT FROM %(age_1)s', dialect='postgresql', params={'name_1': 'x', 'age_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE NOT (users.name <=> %(name_1)s) AND users.age <=> %(age_1)s', dialect='mysql', params={'name_1': 'x', 'age_1': 3})


def test_ex_bool_col() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("flags", md, Column("id", Integer, primary_key=True), Column("active", Boolean))
    stmt = select(t.c.id).where(t.c.active)
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 1', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 1', dialect='mysql', params={})


def test_ex_bool_col_not() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("flags", md, Column("id", Integer, primary_key=True), Column("active", Boolean))
    stmt = select(t.c.id).where(~t.c.active, or_(t.c.active, t.c.id == 1))
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE NOT flags.active AND (flags.active OR flags.id = :id_1)', params={'id_1': 1})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 0 AND (flags.active = 1 OR flags.id = ?)', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE NOT flags.active AND (flags.active OR flags.id = %(id_1)s)', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 0 AND (flags.active = 1 OR flags.id = %(id_1)s)', dialect='mysql', params={'id_1': 1})


def test_ex_bool_eq() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("flags", md, Column("id", Integer, primary_key=True), Column("active", Boolean))
    stmt = select(t.c.id).where(t.c.active == True, t.c.active.is_(True), t.c.active != False)
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = true AND flags.active IS true AND flags.active != false', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 1 AND flags.active IS 1 AND flags.active != 0', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = true AND flags.active IS true AND flags.active != false', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = true AND flags.active IS true AND flags.active != false', dialect='mysql', params={})


def test_ex_bool_select() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("flags", md, Column("id", Integer, primary_key=True), Column("active", Boolean))
    stmt = select(t.c.active, t.c.id == 1, and_(t.c.active, t.c.id > 1).label("x"))
    assert_sql(stmt, 'SELECT flags.active, flags.id = :id_1 AS anon_1, flags.active AND flags.id > :id_2 AS x \nFROM flags', params={'id_1': 1, 'id_2': 1})
    assert_sql(stmt, 'SELECT flags.active, flags.id = ? AS anon_1, flags.active = 1 AND flags.id > ? AS x \nFROM flags', dialect='sqlite', params={'id_1': 1, 'id_2': 1})
    assert_sql(stmt, 'SELECT flags.active, flags.id = %(id_1)s AS anon_1, flags.active AND flags.id > %(id_2)s AS x \nFROM flags', dialect='postgresql', params={'id_1': 1, 'id_2': 1})
    assert_sql(stmt, 'SELECT flags.active, flags.id = %(id_1)s AS anon_1, flags.active = 1 AND flags.id > %(id_2)s AS x \nFROM flags', dialect='mysql', params={'id_1': 1, 'id_2': 1})


def test_ex_having_cmp() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name).group_by(u.c.name).having(func.count() > 1).order_by(func.count().desc())
    assert_sql(stmt, 'SELECT users.name \nFROM users GROUP BY users.name \nHAVING count(*) > :count_1 ORDER BY count(*) DESC', params={'count_1': 1})
    assert_sql(stmt, 'SELECT users.name \nFROM users GROUP BY users.name \nHAVING count(*) > ? ORDER BY count(*) DESC', dialect='sqlite', params={'count_1': 1})
    assert_sql(stmt, 'SELECT users.name \nFROM users GROUP BY users.name \nHAVING count(*) > %(count_1)s ORDER BY count(*) DESC', dialect='postgresql', params={'count_1': 1})
    assert_sql(stmt, 'SELECT users.name \nFROM users GROUP BY users.name \nHAVING count(*) > %(count_1)s ORDER BY count(*) DESC', dialect='mysql', params={'count_1': 1})
