"""Compile tests: SELECT (columns, FROM, joins, subqueries, CTEs, set operations, locking, labels).

Expected strings are what SQLAlchemy 2.0 renders for the same statement (observed with it, written
here as facts); where ours deliberately differs the assertion says why.
"""
from __future__ import annotations

import datetime  # noqa: F401
import decimal  # noqa: F401

from assertsql import assert_sql
from sql_tables import tables
from orm import Column, Integer, LABEL_STYLE_TABLENAME_PLUS_COL, MetaData, String, Table, column, desc, except_, exists, func, intersect, join, literal, nulls_last, select, table, text, true, union, union_all


def test_sel_table() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='mysql', params={})


def test_sel_cols() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, u.c.name)
    assert_sql(stmt, 'SELECT users.id, users.name \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.id, users.name \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.name \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.name \nFROM users', dialect='mysql', params={})


def test_sel_where() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).where(u.c.id == 5, u.c.name != "x")
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \nWHERE users.id = :id_1 AND users.name != :name_1', params={'id_1': 5, 'name_1': 'x'})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \nWHERE users.id = ? AND users.name != ?', dialect='sqlite', params={'id_1': 5, 'name_1': 'x'})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \nWHERE users.id = %(id_1)s AND users.name != %(name_1)s', dialect='postgresql', params={'id_1': 5, 'name_1': 'x'})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \nWHERE users.id = %(id_1)s AND users.name != %(name_1)s', dialect='mysql', params={'id_1': 5, 'name_1': 'x'})


def test_sel_where_chain() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id > 5).where(u.c.age <= 10)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id > :id_1 AND users.age <= :age_1', params={'id_1': 5, 'age_1': 10})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id > ? AND users.age <= ?', dialect='sqlite', params={'id_1': 5, 'age_1': 10})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id > %(id_1)s AND users.age <= %(age_1)s', dialect='postgresql', params={'id_1': 5, 'age_1': 10})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id > %(id_1)s AND users.age <= %(age_1)s', dialect='mysql', params={'id_1': 5, 'age_1': 10})


def test_sel_order() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).order_by(u.c.name.asc(), u.c.id.desc())
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.name ASC, users.id DESC', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.name ASC, users.id DESC', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.name ASC, users.id DESC', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.name ASC, users.id DESC', dialect='mysql', params={})


def test_sel_order_nulls() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).order_by(u.c.name.asc().nulls_first(), u.c.age.desc().nulls_last(), nulls_last(u.c.id))
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.name ASC NULLS FIRST, users.age DESC NULLS LAST, users.id NULLS LAST', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.name ASC NULLS FIRST, users.age DESC NULLS LAST, users.id NULLS LAST', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.name ASC NULLS FIRST, users.age DESC NULLS LAST, users.id NULLS LAST', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.name ASC NULLS FIRST, users.age DESC NULLS LAST, users.id NULLS LAST', dialect='mysql', params={})


def test_sel_group() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name, func.count(u.c.id)).group_by(u.c.name).having(func.count(u.c.id) > 1)
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS count_1 \nFROM users GROUP BY users.name \nHAVING count(users.id) > :count_2', params={'count_2': 1})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS count_1 \nFROM users GROUP BY users.name \nHAVING count(users.id) > ?', dialect='sqlite', params={'count_2': 1})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS count_1 \nFROM users GROUP BY users.name \nHAVING count(users.id) > %(count_2)s', dialect='postgresql', params={'count_2': 1})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS count_1 \nFROM users GROUP BY users.name \nHAVING count(users.id) > %(count_2)s', dialect='mysql', params={'count_2': 1})


def test_sel_limit() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).limit(10)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT :param_1', params={'param_1': 10})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT ? OFFSET ?', dialect='sqlite', params={'param_1': 10, 'param_2': 0})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \n LIMIT %(param_1)s', dialect='postgresql', params={'param_1': 10})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \n LIMIT %(param_1)s', dialect='mysql', params={'param_1': 10})


def test_sel_limit_offset() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).limit(10).offset(20)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT :param_1 OFFSET :param_2', params={'param_1': 10, 'param_2': 20})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT ? OFFSET ?', dialect='sqlite', params={'param_1': 10, 'param_2': 20})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \n LIMIT %(param_1)s OFFSET %(param_2)s', dialect='postgresql', params={'param_1': 10, 'param_2': 20})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \n LIMIT %(param_1)s, %(param_2)s', dialect='mysql', params={'param_1': 20, 'param_2': 10})


def test_sel_offset() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).offset(20)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT -1 OFFSET :param_1', params={'param_1': 20})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT ? OFFSET ?', dialect='sqlite', params={'param_1': -1, 'param_2': 20})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT ALL OFFSET %(param_1)s', dialect='postgresql', params={'param_1': 20})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \n LIMIT %(param_1)s, 18446744073709551615', dialect='mysql', params={'param_1': 20})


def test_sel_distinct() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name).distinct()
    assert_sql(stmt, 'SELECT DISTINCT users.name \nFROM users', params={})
    assert_sql(stmt, 'SELECT DISTINCT users.name \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT DISTINCT users.name \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT DISTINCT users.name \nFROM users', dialect='mysql', params={})


def test_sel_distinct_on() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, u.c.name).distinct(u.c.name).order_by(u.c.name, u.c.id)
    assert_sql(stmt, 'SELECT DISTINCT ON (users.name) users.id, users.name \nFROM users ORDER BY users.name, users.id', dialect='postgresql', params={})


def test_sel_join() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name, a.c.email).join(a)
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users INNER JOIN addresses ON users.id = addresses.user_id', dialect='mysql', params={})


def test_sel_join_on() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name, a.c.email).join(a, u.c.id == a.c.user_id)
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users INNER JOIN addresses ON users.id = addresses.user_id', dialect='mysql', params={})


def test_sel_outerjoin() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name, a.c.email).outerjoin(a)
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id', dialect='mysql', params={})


def test_sel_fulljoin() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name, a.c.email).join(a, full=True)
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users FULL OUTER JOIN addresses ON users.id = addresses.user_id', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users FULL OUTER JOIN addresses ON users.id = addresses.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email \nFROM users FULL OUTER JOIN addresses ON users.id = addresses.user_id', dialect='postgresql', params={})


def test_sel_join_from() -> None:
    u, a, o, i, nd = tables()
    stmt = select(a.c.email).join_from(u, a)
    assert_sql(stmt, 'SELECT addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', params={})
    assert_sql(stmt, 'SELECT addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT addresses.email \nFROM users INNER JOIN addresses ON users.id = addresses.user_id', dialect='mysql', params={})


def test_sel_join_two() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name, a.c.email, o.c.amount).join(a).join(o)
    assert_sql(stmt, 'SELECT users.name, addresses.email, orders.amount \nFROM users JOIN addresses ON users.id = addresses.user_id JOIN orders ON users.id = orders.user_id', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email, orders.amount \nFROM users JOIN addresses ON users.id = addresses.user_id JOIN orders ON users.id = orders.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email, orders.amount \nFROM users JOIN addresses ON users.id = addresses.user_id JOIN orders ON users.id = orders.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, addresses.email, orders.amount \nFROM users INNER JOIN addresses ON users.id = addresses.user_id INNER JOIN orders ON users.id = orders.user_id', dialect='mysql', params={})


def test_sel_select_from() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.count()).select_from(u)
    assert_sql(stmt, 'SELECT count(*) AS count_1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT count(*) AS count_1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT count(*) AS count_1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT count(*) AS count_1 \nFROM users', dialect='mysql', params={})


def test_sel_select_from_join() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).select_from(u.join(a)).where(a.c.email == "x")
    assert_sql(stmt, 'SELECT users.id \nFROM users JOIN addresses ON users.id = addresses.user_id \nWHERE addresses.email = :email_1', params={'email_1': 'x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users JOIN addresses ON users.id = addresses.user_id \nWHERE addresses.email = ?', dialect='sqlite', params={'email_1': 'x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users JOIN addresses ON users.id = addresses.user_id \nWHERE addresses.email = %(email_1)s', dialect='postgresql', params={'email_1': 'x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users INNER JOIN addresses ON users.id = addresses.user_id \nWHERE addresses.email = %(email_1)s', dialect='mysql', params={'email_1': 'x'})


def test_sel_join_fn() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).select_from(join(u, a).outerjoin(o))
    assert_sql(stmt, 'SELECT users.id \nFROM users JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN orders ON users.id = orders.user_id', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN orders ON users.id = orders.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN orders ON users.id = orders.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users INNER JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN orders ON users.id = orders.user_id', dialect='mysql', params={})


def test_sel_subquery() -> None:
    u, a, o, i, nd = tables()
    sq = select(a.c.user_id, func.count(a.c.id).label("cnt")).group_by(a.c.user_id).subquery()
    stmt = select(u.c.name, sq.c.cnt).join(sq, u.c.id == sq.c.user_id)
    assert_sql(stmt, 'SELECT users.name, anon_1.cnt \nFROM users JOIN (SELECT addresses.user_id AS user_id, count(addresses.id) AS cnt \nFROM addresses GROUP BY addresses.user_id) AS anon_1 ON users.id = anon_1.user_id', params={})
    assert_sql(stmt, 'SELECT users.name, anon_1.cnt \nFROM users JOIN (SELECT addresses.user_id AS user_id, count(addresses.id) AS cnt \nFROM addresses GROUP BY addresses.user_id) AS anon_1 ON users.id = anon_1.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, anon_1.cnt \nFROM users JOIN (SELECT addresses.user_id AS user_id, count(addresses.id) AS cnt \nFROM addresses GROUP BY addresses.user_id) AS anon_1 ON users.id = anon_1.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, anon_1.cnt \nFROM users INNER JOIN (SELECT addresses.user_id AS user_id, count(addresses.id) AS cnt \nFROM addresses GROUP BY addresses.user_id) AS anon_1 ON users.id = anon_1.user_id', dialect='mysql', params={})


def test_sel_subquery_named() -> None:
    u, a, o, i, nd = tables()
    sq = select(u).where(u.c.age > 3).subquery("old")
    stmt = select(sq.c.id, sq.c.name).where(sq.c.name == "ed")
    assert_sql(stmt, 'SELECT "old".id, "old".name \nFROM (SELECT users.id AS id, users.name AS name, users.fullname AS fullname, users.age AS age \nFROM users \nWHERE users.age > :age_1) AS "old" \nWHERE "old".name = :name_1', params={'age_1': 3, 'name_1': 'ed'})
    assert_sql(stmt, 'SELECT old.id, old.name \nFROM (SELECT users.id AS id, users.name AS name, users.fullname AS fullname, users.age AS age \nFROM users \nWHERE users.age > ?) AS old \nWHERE old.name = ?', dialect='sqlite', params={'age_1': 3, 'name_1': 'ed'})
    assert_sql(stmt, 'SELECT "old".id, "old".name \nFROM (SELECT users.id AS id, users.name AS name, users.fullname AS fullname, users.age AS age \nFROM users \nWHERE users.age > %(age_1)s) AS "old" \nWHERE "old".name = %(name_1)s', dialect='postgresql', params={'age_1': 3, 'name_1': 'ed'})
    assert_sql(stmt, 'SELECT old.id, old.name \nFROM (SELECT users.id AS id, users.name AS name, users.fullname AS fullname, users.age AS age \nFROM users \nWHERE users.age > %(age_1)s) AS old \nWHERE old.name = %(name_1)s', dialect='mysql', params={'age_1': 3, 'name_1': 'ed'})


def test_sel_alias() -> None:
    u, a, o, i, nd = tables()
    u1 = u.alias()
    u2 = u.alias("u2")
    stmt = select(u1.c.id, u2.c.id).where(u1.c.id == u2.c.age)
    assert_sql(stmt, 'SELECT users_1.id, u2.id AS id_1 \nFROM users AS users_1, users AS u2 \nWHERE users_1.id = u2.age', params={})
    assert_sql(stmt, 'SELECT users_1.id, u2.id AS id_1 \nFROM users AS users_1, users AS u2 \nWHERE users_1.id = u2.age', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users_1.id, u2.id AS id_1 \nFROM users AS users_1, users AS u2 \nWHERE users_1.id = u2.age', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users_1.id, u2.id AS id_1 \nFROM users AS users_1, users AS u2 \nWHERE users_1.id = u2.age', dialect='mysql', params={})


def test_sel_alias_anon_two() -> None:
    u, a, o, i, nd = tables()
    a1 = a.alias()
    a2 = a.alias()
    stmt = select(u.c.name).join(a1, u.c.id == a1.c.user_id).join(a2, u.c.id == a2.c.user_id).where(a1.c.email == "a", a2.c.email == "b")
    assert_sql(stmt, 'SELECT users.name \nFROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id JOIN addresses AS addresses_2 ON users.id = addresses_2.user_id \nWHERE addresses_1.email = :email_1 AND addresses_2.email = :email_2', params={'email_1': 'a', 'email_2': 'b'})
    assert_sql(stmt, 'SELECT users.name \nFROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id JOIN addresses AS addresses_2 ON users.id = addresses_2.user_id \nWHERE addresses_1.email = ? AND addresses_2.email = ?', dialect='sqlite', params={'email_1': 'a', 'email_2': 'b'})
    assert_sql(stmt, 'SELECT users.name \nFROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id JOIN addresses AS addresses_2 ON users.id = addresses_2.user_id \nWHERE addresses_1.email = %(email_1)s AND addresses_2.email = %(email_2)s', dialect='postgresql', params={'email_1': 'a', 'email_2': 'b'})
    assert_sql(stmt, 'SELECT users.name \nFROM users INNER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id INNER JOIN addresses AS addresses_2 ON users.id = addresses_2.user_id \nWHERE addresses_1.email = %(email_1)s AND addresses_2.email = %(email_2)s', dialect='mysql', params={'email_1': 'a', 'email_2': 'b'})


def test_sel_cte() -> None:
    u, a, o, i, nd = tables()
    c = select(o.c.user_id, func.sum(o.c.amount).label("total")).group_by(o.c.user_id).cte("totals")
    stmt = select(u.c.name, c.c.total).join(c, u.c.id == c.c.user_id).where(c.c.total > 100)
    assert_sql(stmt, 'WITH totals AS \n(SELECT orders.user_id AS user_id, sum(orders.amount) AS total \nFROM orders GROUP BY orders.user_id)\n SELECT users.name, totals.total \nFROM users JOIN totals ON users.id = totals.user_id \nWHERE totals.total > :total_1', params={'total_1': 100})
    assert_sql(stmt, 'WITH totals AS \n(SELECT orders.user_id AS user_id, sum(orders.amount) AS total \nFROM orders GROUP BY orders.user_id)\n SELECT users.name, totals.total \nFROM users JOIN totals ON users.id = totals.user_id \nWHERE totals.total > ?', dialect='sqlite', params={'total_1': 100})
    assert_sql(stmt, 'WITH totals AS \n(SELECT orders.user_id AS user_id, sum(orders.amount) AS total \nFROM orders GROUP BY orders.user_id)\n SELECT users.name, totals.total \nFROM users JOIN totals ON users.id = totals.user_id \nWHERE totals.total > %(total_1)s', dialect='postgresql', params={'total_1': 100})
    assert_sql(stmt, 'WITH totals AS \n(SELECT orders.user_id AS user_id, sum(orders.amount) AS total \nFROM orders GROUP BY orders.user_id)\n SELECT users.name, totals.total \nFROM users INNER JOIN totals ON users.id = totals.user_id \nWHERE totals.total > %(total_1)s', dialect='mysql', params={'total_1': 100})


def test_sel_cte_anon() -> None:
    u, a, o, i, nd = tables()
    c = select(u.c.id).where(u.c.age > 3).cte()
    stmt = select(c.c.id)
    assert_sql(stmt, 'WITH anon_1 AS \n(SELECT users.id AS id \nFROM users \nWHERE users.age > :age_1)\n SELECT anon_1.id \nFROM anon_1', params={'age_1': 3})
    assert_sql(stmt, 'WITH anon_1 AS \n(SELECT users.id AS id \nFROM users \nWHERE users.age > ?)\n SELECT anon_1.id \nFROM anon_1', dialect='sqlite', params={'age_1': 3})
    assert_sql(stmt, 'WITH anon_1 AS \n(SELECT users.id AS id \nFROM users \nWHERE users.age > %(age_1)s)\n SELECT anon_1.id \nFROM anon_1', dialect='postgresql', params={'age_1': 3})
    assert_sql(stmt, 'WITH anon_1 AS \n(SELECT users.id AS id \nFROM users \nWHERE users.age > %(age_1)s)\n SELECT anon_1.id \nFROM anon_1', dialect='mysql', params={'age_1': 3})


def test_sel_cte_recursive() -> None:
    u, a, o, i, nd = tables()
    c = select(nd.c.id, nd.c.parent_id).where(nd.c.id == 1).cte("tree", recursive=True)
    ca = c.alias("t")
    c = c.union_all(select(nd.c.id, nd.c.parent_id).join(ca, nd.c.parent_id == ca.c.id))
    stmt = select(c.c.id)
    assert_sql(stmt, 'WITH RECURSIVE tree(id, parent_id) AS \n(SELECT nodes.id AS id, nodes.parent_id AS parent_id \nFROM nodes \nWHERE nodes.id = :id_1 UNION ALL SELECT nodes.id AS id, nodes.parent_id AS parent_id \nFROM nodes JOIN tree AS t ON nodes.parent_id = t.id)\n SELECT tree.id \nFROM tree', params={'id_1': 1})
    assert_sql(stmt, 'WITH RECURSIVE tree(id, parent_id) AS \n(SELECT nodes.id AS id, nodes.parent_id AS parent_id \nFROM nodes \nWHERE nodes.id = ? UNION ALL SELECT nodes.id AS id, nodes.parent_id AS parent_id \nFROM nodes JOIN tree AS t ON nodes.parent_id = t.id)\n SELECT tree.id \nFROM tree', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'WITH RECURSIVE tree(id, parent_id) AS \n(SELECT nodes.id AS id, nodes.parent_id AS parent_id \nFROM nodes \nWHERE nodes.id = %(id_1)s UNION ALL SELECT nodes.id AS id, nodes.parent_id AS parent_id \nFROM nodes JOIN tree AS t ON nodes.parent_id = t.id)\n SELECT tree.id \nFROM tree', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'WITH RECURSIVE tree(id, parent_id) AS \n(SELECT nodes.id AS id, nodes.parent_id AS parent_id \nFROM nodes \nWHERE nodes.id = %(id_1)s UNION ALL SELECT nodes.id AS id, nodes.parent_id AS parent_id \nFROM nodes INNER JOIN tree AS t ON nodes.parent_id = t.id)\n SELECT tree.id \nFROM tree', dialect='mysql', params={'id_1': 1})


def test_sel_union() -> None:
    u, a, o, i, nd = tables()
    stmt = union(select(u.c.id).where(u.c.id < 3), select(a.c.id).where(a.c.id > 5))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id < :id_1 UNION SELECT addresses.id \nFROM addresses \nWHERE addresses.id > :id_2', params={'id_1': 3, 'id_2': 5})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id < ? UNION SELECT addresses.id \nFROM addresses \nWHERE addresses.id > ?', dialect='sqlite', params={'id_1': 3, 'id_2': 5})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id < %(id_1)s UNION SELECT addresses.id \nFROM addresses \nWHERE addresses.id > %(id_2)s', dialect='postgresql', params={'id_1': 3, 'id_2': 5})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id < %(id_1)s UNION SELECT addresses.id \nFROM addresses \nWHERE addresses.id > %(id_2)s', dialect='mysql', params={'id_1': 3, 'id_2': 5})


def test_sel_union_all() -> None:
    u, a, o, i, nd = tables()
    stmt = union_all(select(u.c.id), select(a.c.id)).order_by("id").limit(3)
    assert_sql(stmt, 'SELECT users.id \nFROM users UNION ALL SELECT addresses.id \nFROM addresses ORDER BY id\n LIMIT :param_1', params={'param_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users UNION ALL SELECT addresses.id \nFROM addresses ORDER BY id\n LIMIT ? OFFSET ?', dialect='sqlite', params={'param_1': 3, 'param_2': 0})
    assert_sql(stmt, 'SELECT users.id \nFROM users UNION ALL SELECT addresses.id \nFROM addresses ORDER BY id \n LIMIT %(param_1)s', dialect='postgresql', params={'param_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users UNION ALL SELECT addresses.id \nFROM addresses ORDER BY id \n LIMIT %(param_1)s', dialect='mysql', params={'param_1': 3})


def test_sel_intersect() -> None:
    u, a, o, i, nd = tables()
    stmt = intersect(select(u.c.id), select(a.c.user_id))
    assert_sql(stmt, 'SELECT users.id \nFROM users INTERSECT SELECT addresses.user_id \nFROM addresses', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users INTERSECT SELECT addresses.user_id \nFROM addresses', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users INTERSECT SELECT addresses.user_id \nFROM addresses', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users INTERSECT SELECT addresses.user_id \nFROM addresses', dialect='mysql', params={})


def test_sel_except() -> None:
    u, a, o, i, nd = tables()
    stmt = except_(select(u.c.id), select(a.c.user_id))
    assert_sql(stmt, 'SELECT users.id \nFROM users EXCEPT SELECT addresses.user_id \nFROM addresses', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users EXCEPT SELECT addresses.user_id \nFROM addresses', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users EXCEPT SELECT addresses.user_id \nFROM addresses', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users EXCEPT SELECT addresses.user_id \nFROM addresses', dialect='mysql', params={})


def test_sel_union_method() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).union(select(a.c.id), select(o.c.id))
    assert_sql(stmt, 'SELECT users.id \nFROM users UNION SELECT addresses.id \nFROM addresses UNION SELECT orders.id \nFROM orders', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users UNION SELECT addresses.id \nFROM addresses UNION SELECT orders.id \nFROM orders', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users UNION SELECT addresses.id \nFROM addresses UNION SELECT orders.id \nFROM orders', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users UNION SELECT addresses.id \nFROM addresses UNION SELECT orders.id \nFROM orders', dialect='mysql', params={})


def test_sel_union_sub() -> None:
    u, a, o, i, nd = tables()
    s = union(select(u.c.id), select(a.c.id)).subquery()
    stmt = select(s.c.id)
    assert_sql(stmt, 'SELECT anon_1.id \nFROM (SELECT users.id AS id \nFROM users UNION SELECT addresses.id AS id \nFROM addresses) AS anon_1', params={})
    assert_sql(stmt, 'SELECT anon_1.id \nFROM (SELECT users.id AS id \nFROM users UNION SELECT addresses.id AS id \nFROM addresses) AS anon_1', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT anon_1.id \nFROM (SELECT users.id AS id \nFROM users UNION SELECT addresses.id AS id \nFROM addresses) AS anon_1', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT anon_1.id \nFROM (SELECT users.id AS id \nFROM users UNION SELECT addresses.id AS id \nFROM addresses) AS anon_1', dialect='mysql', params={})


def test_sel_exists() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(exists().where(a.c.user_id == u.c.id))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='mysql', params={})


def test_sel_exists2() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(select(a.c.id).where(a.c.user_id == u.c.id).exists())
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE EXISTS (SELECT addresses.id \nFROM addresses \nWHERE addresses.user_id = users.id)', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE EXISTS (SELECT addresses.id \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE EXISTS (SELECT addresses.id \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE EXISTS (SELECT addresses.id \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='mysql', params={})


def test_sel_not_exists() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(~exists().where(a.c.user_id == u.c.id))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id))', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id))', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id))', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id))', dialect='mysql', params={})


def test_sel_exists_top() -> None:
    u, a, o, i, nd = tables()
    stmt = select(exists().where(u.c.id == 1))
    assert_sql(stmt, 'SELECT EXISTS (SELECT * \nFROM users \nWHERE users.id = :id_1) AS anon_1', params={'id_1': 1})
    assert_sql(stmt, 'SELECT EXISTS (SELECT * \nFROM users \nWHERE users.id = ?) AS anon_1', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT EXISTS (SELECT * \nFROM users \nWHERE users.id = %(id_1)s) AS anon_1', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT EXISTS (SELECT * \nFROM users \nWHERE users.id = %(id_1)s) AS anon_1', dialect='mysql', params={'id_1': 1})


def test_sel_scalar_sub() -> None:
    u, a, o, i, nd = tables()
    sq = select(func.count(a.c.id)).where(a.c.user_id == u.c.id).scalar_subquery()
    stmt = select(u.c.name, sq.label("n"))
    assert_sql(stmt, 'SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS n \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS n \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS n \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS n \nFROM users', dialect='mysql', params={})


def test_sel_scalar_sub_nolabel() -> None:
    u, a, o, i, nd = tables()
    sq = select(func.count(a.c.id)).where(a.c.user_id == u.c.id).scalar_subquery()
    stmt = select(u.c.name, sq)
    assert_sql(stmt, 'SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users', dialect='mysql', params={})


def test_sel_scalar_sub_where() -> None:
    u, a, o, i, nd = tables()
    sq = select(func.max(o.c.amount)).scalar_subquery()
    stmt = select(o.c.id).where(o.c.amount == sq)
    assert_sql(stmt, 'SELECT orders.id \nFROM orders \nWHERE orders.amount = (SELECT max(orders.amount) AS max_1 \nFROM orders)', params={})
    assert_sql(stmt, 'SELECT orders.id \nFROM orders \nWHERE orders.amount = (SELECT max(orders.amount) AS max_1 \nFROM orders)', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT orders.id \nFROM orders \nWHERE orders.amount = (SELECT max(orders.amount) AS max_1 \nFROM orders)', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT orders.id \nFROM orders \nWHERE orders.amount = (SELECT max(orders.amount) AS max_1 \nFROM orders)', dialect='mysql', params={})


def test_sel_scalar_correlate() -> None:
    u, a, o, i, nd = tables()
    sq = select(a.c.email).where(a.c.user_id == u.c.id).correlate(u).limit(1).scalar_subquery()
    stmt = select(u.c.id, sq)
    assert_sql(stmt, 'SELECT users.id, (SELECT addresses.email \nFROM addresses \nWHERE addresses.user_id = users.id\n LIMIT :param_1) AS anon_1 \nFROM users', params={'param_1': 1})
    assert_sql(stmt, 'SELECT users.id, (SELECT addresses.email \nFROM addresses \nWHERE addresses.user_id = users.id\n LIMIT ? OFFSET ?) AS anon_1 \nFROM users', dialect='sqlite', params={'param_1': 1, 'param_2': 0})
    assert_sql(stmt, 'SELECT users.id, (SELECT addresses.email \nFROM addresses \nWHERE addresses.user_id = users.id \n LIMIT %(param_1)s) AS anon_1 \nFROM users', dialect='postgresql', params={'param_1': 1})
    assert_sql(stmt, 'SELECT users.id, (SELECT addresses.email \nFROM addresses \nWHERE addresses.user_id = users.id \n LIMIT %(param_1)s) AS anon_1 \nFROM users', dialect='mysql', params={'param_1': 1})


def test_sel_scalar_correlate_except() -> None:
    u, a, o, i, nd = tables()
    sq = select(func.count(a.c.id)).where(a.c.user_id == u.c.id).correlate_except(a).scalar_subquery()
    stmt = select(u.c.id).where(sq > 2)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) > :param_1', params={'param_1': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) > ?', dialect='sqlite', params={'param_1': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) > %(param_1)s', dialect='postgresql', params={'param_1': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) > %(param_1)s', dialect='mysql', params={'param_1': 2})


def test_sel_for_update() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).with_for_update()
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', dialect='mysql', params={})


def test_sel_for_update_nowait() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).with_for_update(nowait=True)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE NOWAIT', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE NOWAIT', dialect='mysql', params={})


def test_sel_for_update_read() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).with_for_update(read=True)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR SHARE', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users LOCK IN SHARE MODE', dialect='mysql', params={})


def test_sel_for_update_skip() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).with_for_update(skip_locked=True)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE SKIP LOCKED', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE SKIP LOCKED', dialect='mysql', params={})


def test_sel_for_update_of() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, a.c.id).join(a).with_for_update(of=u)
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1 \nFROM users JOIN addresses ON users.id = addresses.user_id FOR UPDATE', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1 \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1 \nFROM users JOIN addresses ON users.id = addresses.user_id FOR UPDATE OF users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1 \nFROM users INNER JOIN addresses ON users.id = addresses.user_id FOR UPDATE', dialect='mysql', params={})


def test_sel_for_update_key_share() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).with_for_update(key_share=True)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR NO KEY UPDATE', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', dialect='mysql', params={})


def test_sel_for_update_read_key() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).with_for_update(read=True, key_share=True, nowait=True)
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR UPDATE', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users FOR KEY SHARE NOWAIT', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users LOCK IN SHARE MODE NOWAIT', dialect='mysql', params={})


def test_sel_for_update_limit() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u).limit(1).with_for_update()
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT :param_1 FOR UPDATE', params={'param_1': 1})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users\n LIMIT ? OFFSET ?', dialect='sqlite', params={'param_1': 1, 'param_2': 0})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \n LIMIT %(param_1)s FOR UPDATE', dialect='postgresql', params={'param_1': 1})
    assert_sql(stmt, 'SELECT users.id, users.name, users.fullname, users.age \nFROM users \n LIMIT %(param_1)s FOR UPDATE', dialect='mysql', params={'param_1': 1})


def test_sel_labelstyle() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, a.c.id, a.c.email).join(a).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
    assert_sql(stmt, 'SELECT users.id AS users_id, addresses.id AS addresses_id, addresses.email AS addresses_email \nFROM users JOIN addresses ON users.id = addresses.user_id', params={})
    assert_sql(stmt, 'SELECT users.id AS users_id, addresses.id AS addresses_id, addresses.email AS addresses_email \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id AS users_id, addresses.id AS addresses_id, addresses.email AS addresses_email \nFROM users JOIN addresses ON users.id = addresses.user_id', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id AS users_id, addresses.id AS addresses_id, addresses.email AS addresses_email \nFROM users INNER JOIN addresses ON users.id = addresses.user_id', dialect='mysql', params={})


def test_sel_dup_names() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, a.c.id, u.c.name)
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, users.name \nFROM users, addresses', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, users.name \nFROM users, addresses', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, users.name \nFROM users, addresses', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, users.name \nFROM users, addresses', dialect='mysql', params={})


def test_sel_dup_names3() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, a.c.id, o.c.id)
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, orders.id AS id_2 \nFROM users, addresses, orders', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, orders.id AS id_2 \nFROM users, addresses, orders', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, orders.id AS id_2 \nFROM users, addresses, orders', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, orders.id AS id_2 \nFROM users, addresses, orders', dialect='mysql', params={})


def test_sel_anon_labels() -> None:
    u, a, o, i, nd = tables()
    stmt = select(func.count(u.c.id), func.count(a.c.id), u.c.id + 1, func.max(u.c.age))
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(addresses.id) AS count_2, users.id + :id_1 AS anon_1, max(users.age) AS max_1 \nFROM users, addresses', params={'id_1': 1})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(addresses.id) AS count_2, users.id + ? AS anon_1, max(users.age) AS max_1 \nFROM users, addresses', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(addresses.id) AS count_2, users.id + %(id_1)s AS anon_1, max(users.age) AS max_1 \nFROM users, addresses', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(addresses.id) AS count_2, users.id + %(id_1)s AS anon_1, max(users.age) AS max_1 \nFROM users, addresses', dialect='mysql', params={'id_1': 1})


def test_sel_order_label() -> None:
    u, a, o, i, nd = tables()
    c = func.count(u.c.id).label("cnt")
    stmt = select(u.c.name, c).group_by(u.c.name).order_by(c.desc())
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS cnt \nFROM users GROUP BY users.name ORDER BY cnt DESC', params={})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS cnt \nFROM users GROUP BY users.name ORDER BY cnt DESC', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS cnt \nFROM users GROUP BY users.name ORDER BY cnt DESC', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS cnt \nFROM users GROUP BY users.name ORDER BY cnt DESC', dialect='mysql', params={})


def test_sel_order_str() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.name, func.count(u.c.id).label("cnt")).group_by(u.c.name).order_by(desc("cnt"))
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS cnt \nFROM users GROUP BY users.name ORDER BY cnt DESC', params={})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS cnt \nFROM users GROUP BY users.name ORDER BY cnt DESC', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS cnt \nFROM users GROUP BY users.name ORDER BY cnt DESC', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.name, count(users.id) AS cnt \nFROM users GROUP BY users.name ORDER BY cnt DESC', dialect='mysql', params={})


def test_sel_bind_repeat() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id == 1, u.c.id == 2, u.c.name == "x", u.c.id == 3)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = :id_1 AND users.id = :id_2 AND users.name = :name_1 AND users.id = :id_3', params={'id_1': 1, 'id_2': 2, 'name_1': 'x', 'id_3': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = ? AND users.id = ? AND users.name = ? AND users.id = ?', dialect='sqlite', params={'id_1': 1, 'id_2': 2, 'name_1': 'x', 'id_3': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s AND users.id = %(id_2)s AND users.name = %(name_1)s AND users.id = %(id_3)s', dialect='postgresql', params={'id_1': 1, 'id_2': 2, 'name_1': 'x', 'id_3': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id = %(id_1)s AND users.id = %(id_2)s AND users.name = %(name_1)s AND users.id = %(id_3)s', dialect='mysql', params={'id_1': 1, 'id_2': 2, 'name_1': 'x', 'id_3': 3})


def test_sel_limit_bind_pg() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).limit(5).offset(2)
    assert_sql(stmt, 'SELECT users.id \nFROM users\n LIMIT :param_1 OFFSET :param_2', params={'param_1': 5, 'param_2': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users\n LIMIT ? OFFSET ?', dialect='sqlite', params={'param_1': 5, 'param_2': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users \n LIMIT %(param_1)s OFFSET %(param_2)s', dialect='postgresql', params={'param_1': 5, 'param_2': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users \n LIMIT %(param_1)s, %(param_2)s', dialect='mysql', params={'param_1': 2, 'param_2': 5})


def test_sel_subq_in_where_in() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_(select(a.c.user_id)))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (SELECT addresses.user_id \nFROM addresses)', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (SELECT addresses.user_id \nFROM addresses)', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (SELECT addresses.user_id \nFROM addresses)', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE users.id IN (SELECT addresses.user_id \nFROM addresses)', dialect='mysql', params={})


def test_sel_subq_notin() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.not_in(select(a.c.user_id).where(a.c.email.like("%x"))))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (SELECT addresses.user_id \nFROM addresses \nWHERE addresses.email LIKE :email_1))', params={'email_1': '%x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (SELECT addresses.user_id \nFROM addresses \nWHERE addresses.email LIKE ?))', dialect='sqlite', params={'email_1': '%x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (SELECT addresses.user_id \nFROM addresses \nWHERE addresses.email LIKE %(email_1)s))', dialect='postgresql', params={'email_1': '%x'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (SELECT addresses.user_id \nFROM addresses \nWHERE addresses.email LIKE %(email_1)s))', dialect='mysql', params={'email_1': '%x'})


def test_sel_lateral() -> None:
    u, a, o, i, nd = tables()
    lat = select(a.c.email).where(a.c.user_id == u.c.id).limit(2).lateral("la")
    stmt = select(u.c.name, lat.c.email).select_from(u).join(lat, true())
    assert_sql(stmt, 'SELECT users.name, la.email \nFROM users JOIN LATERAL (SELECT addresses.email AS email \nFROM addresses \nWHERE addresses.user_id = users.id \n LIMIT %(param_1)s) AS la ON true', dialect='postgresql', params={'param_1': 2})


def test_sel_nested_subq() -> None:
    u, a, o, i, nd = tables()
    s1 = select(u.c.id, u.c.name).subquery()
    s2 = select(s1.c.id).where(s1.c.name == "x").subquery()
    stmt = select(s2.c.id)
    assert_sql(stmt, 'SELECT anon_1.id \nFROM (SELECT anon_2.id AS id \nFROM (SELECT users.id AS id, users.name AS name \nFROM users) AS anon_2 \nWHERE anon_2.name = :name_1) AS anon_1', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT anon_1.id \nFROM (SELECT anon_2.id AS id \nFROM (SELECT users.id AS id, users.name AS name \nFROM users) AS anon_2 \nWHERE anon_2.name = ?) AS anon_1', dialect='sqlite', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT anon_1.id \nFROM (SELECT anon_2.id AS id \nFROM (SELECT users.id AS id, users.name AS name \nFROM users) AS anon_2 \nWHERE anon_2.name = %(name_1)s) AS anon_1', dialect='postgresql', params={'name_1': 'x'})
    assert_sql(stmt, 'SELECT anon_1.id \nFROM (SELECT anon_2.id AS id \nFROM (SELECT users.id AS id, users.name AS name \nFROM users) AS anon_2 \nWHERE anon_2.name = %(name_1)s) AS anon_1', dialect='mysql', params={'name_1': 'x'})


def test_sel_fetch() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).order_by(u.c.id).fetch(3)
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.id\n FETCH FIRST :param_1 ROWS ONLY', params={'param_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.id\n FETCH FIRST (%(param_1)s) ROWS ONLY', dialect='postgresql', params={'param_1': 3})


def test_sel_where_true() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(true())
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE true', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE 1 = 1', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE true', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE true = 1', dialect='mysql', params={})


def test_sel_no_from() -> None:
    u, a, o, i, nd = tables()
    stmt = select(literal(1), literal("a"))
    assert_sql(stmt, 'SELECT :param_1 AS anon_1, :param_2 AS anon_2', params={'param_1': 1, 'param_2': 'a'})
    assert_sql(stmt, 'SELECT ? AS anon_1, ? AS anon_2', dialect='sqlite', params={'param_1': 1, 'param_2': 'a'})
    assert_sql(stmt, 'SELECT %(param_1)s AS anon_1, %(param_2)s AS anon_2', dialect='postgresql', params={'param_1': 1, 'param_2': 'a'})
    assert_sql(stmt, 'SELECT %(param_1)s AS anon_1, %(param_2)s AS anon_2', dialect='mysql', params={'param_1': 1, 'param_2': 'a'})


def test_sel_text_col() -> None:
    u, a, o, i, nd = tables()
    stmt = select(text("id"), text("name")).select_from(u).where(text("id > :x")).params(x=3)
    assert_sql(stmt, 'SELECT id, name \nFROM users \nWHERE id > :x', params={'x': 3})
    assert_sql(stmt, 'SELECT id, name \nFROM users \nWHERE id > ?', dialect='sqlite', params={'x': 3})
    assert_sql(stmt, 'SELECT id, name \nFROM users \nWHERE id > %(x)s', dialect='postgresql', params={'x': 3})
    assert_sql(stmt, 'SELECT id, name \nFROM users \nWHERE id > %(x)s', dialect='mysql', params={'x': 3})


def test_sel_col_fn() -> None:
    u, a, o, i, nd = tables()
    stmt = select(column("a"), column("b")).select_from(table("t"))
    assert_sql(stmt, 'SELECT a, b \nFROM t', params={})
    assert_sql(stmt, 'SELECT a, b \nFROM t', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT a, b \nFROM t', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT a, b \nFROM t', dialect='mysql', params={})


def test_sel_table_fn() -> None:
    u, a, o, i, nd = tables()
    t = table("t", column("a"), column("b"), schema="s")
    stmt = select(t).where(t.c.a == 1)
    assert_sql(stmt, 'SELECT s.t.a, s.t.b \nFROM s.t \nWHERE s.t.a = :a_1', params={'a_1': 1})
    assert_sql(stmt, 'SELECT s.t.a, s.t.b \nFROM s.t \nWHERE s.t.a = ?', dialect='sqlite', params={'a_1': 1})
    assert_sql(stmt, 'SELECT s.t.a, s.t.b \nFROM s.t \nWHERE s.t.a = %(a_1)s', dialect='postgresql', params={'a_1': 1})
    assert_sql(stmt, 'SELECT s.t.a, s.t.b \nFROM s.t \nWHERE s.t.a = %(a_1)s', dialect='mysql', params={'a_1': 1})


def test_sel_schema() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("acct", md, Column("id", Integer, primary_key=True), schema="fin")
    stmt = select(t).where(t.c.id == 3)
    assert_sql(stmt, 'SELECT fin.acct.id \nFROM fin.acct \nWHERE fin.acct.id = :id_1', params={'id_1': 3})
    assert_sql(stmt, 'SELECT fin.acct.id \nFROM fin.acct \nWHERE fin.acct.id = ?', dialect='sqlite', params={'id_1': 3})
    assert_sql(stmt, 'SELECT fin.acct.id \nFROM fin.acct \nWHERE fin.acct.id = %(id_1)s', dialect='postgresql', params={'id_1': 3})
    assert_sql(stmt, 'SELECT fin.acct.id \nFROM fin.acct \nWHERE fin.acct.id = %(id_1)s', dialect='mysql', params={'id_1': 3})


def test_sel_quoted() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("user", md, Column("order", Integer, primary_key=True), Column("Name", String), Column("select", String))
    stmt = select(t).where(t.c.order == 3).order_by(t.c.Name)
    assert_sql(stmt, 'SELECT "user"."order", "user"."Name", "user"."select" \nFROM "user" \nWHERE "user"."order" = :order_1 ORDER BY "user"."Name"', params={'order_1': 3})
    assert_sql(stmt, 'SELECT user."order", user."Name", user."select" \nFROM user \nWHERE user."order" = ? ORDER BY user."Name"', dialect='sqlite', params={'order_1': 3})
    assert_sql(stmt, 'SELECT "user"."order", "user"."Name", "user"."select" \nFROM "user" \nWHERE "user"."order" = %(order_1)s ORDER BY "user"."Name"', dialect='postgresql', params={'order_1': 3})
    assert_sql(stmt, 'SELECT user.`order`, user.`Name`, user.`select` \nFROM user \nWHERE user.`order` = %(order_1)s ORDER BY user.`Name`', dialect='mysql', params={'order_1': 3})
