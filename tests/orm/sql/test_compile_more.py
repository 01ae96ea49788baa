"""Compile tests: the finer points: dedupe labels, boolean conditions, division, FETCH, CTE order, grouping of SET values.

Expected strings are what SQLAlchemy 2.0 renders for the same statement (observed with it, written
here as facts); where ours deliberately differs the assertion says why.
"""
from __future__ import annotations

import datetime  # noqa: F401
import decimal  # noqa: F401

from assertsql import assert_sql
from sql_tables import flags_table, tables
from orm import Column, Float, Integer, LABEL_STYLE_TABLENAME_PLUS_COL, MetaData, Numeric, String, Table, and_, case, cast, exists, func, insert, literal, not_, or_, select, true, tuple_, type_coerce, union_all, update


def test_x_fetch_offset() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).order_by(u.c.id).offset(2).fetch(3)
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.id\n OFFSET :param_1 ROWS\n FETCH FIRST :param_2 ROWS ONLY', params={'param_1': 2, 'param_2': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.id\n OFFSET (%(param_1)s) ROWS\n FETCH FIRST (%(param_2)s) ROWS ONLY', dialect='postgresql', params={'param_1': 2, 'param_2': 3})


def test_x_fetch_ties() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).order_by(u.c.id).fetch(3, with_ties=True, percent=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.id\n FETCH FIRST :param_1 PERCENT ROWS WITH TIES', params={'param_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.id\n FETCH FIRST (%(param_1)s) PERCENT ROWS WITH TIES', dialect='postgresql', params={'param_1': 3})


def test_x_dedupe_casts() -> None:
    u, a, o, i, nd = tables()
    stmt = select(cast(u.c.id, String), cast(u.c.id, Integer), u.c.id)
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR) AS id, CAST(users.id AS INTEGER) AS id__1, users.id AS id_1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR) AS id, CAST(users.id AS INTEGER) AS id__1, users.id AS id_1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT CAST(users.id AS VARCHAR) AS id, CAST(users.id AS INTEGER) AS id__1, users.id AS id_1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT CAST(users.id AS CHAR) AS id, CAST(users.id AS SIGNED INTEGER) AS id__1, users.id AS id_1 \nFROM users', dialect='mysql', params={})


def test_x_dedupe_mixed() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, a.c.id, u.c.id, a.c.id)
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, users.id AS id__1, addresses.id AS id__2 \nFROM users, addresses', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, users.id AS id__1, addresses.id AS id__2 \nFROM users, addresses', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, users.id AS id__1, addresses.id AS id__2 \nFROM users, addresses', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, addresses.id AS id_1, users.id AS id__1, addresses.id AS id__2 \nFROM users, addresses', dialect='mysql', params={})


def test_x_dedupe_same3() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, u.c.id, u.c.id)
    assert_sql(stmt, 'SELECT users.id, users.id AS id__1, users.id AS id__2 \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.id, users.id AS id__1, users.id AS id__2 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, users.id AS id__1, users.id AS id__2 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, users.id AS id__1, users.id AS id__2 \nFROM users', dialect='mysql', params={})


def test_x_dedupe_func() -> None:
    u, a, o, i, nd = tables()
    f = func.count(u.c.id)
    stmt = select(f, f)
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(users.id) AS count__1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(users.id) AS count__1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(users.id) AS count__1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT count(users.id) AS count_1, count(users.id) AS count__1 \nFROM users', dialect='mysql', params={})


def test_x_dedupe_tablename() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, u.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
    assert_sql(stmt, 'SELECT users.id AS users_id, users.id AS users_id__1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.id AS users_id, users.id AS users_id__1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id AS users_id, users.id AS users_id__1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id AS users_id, users.id AS users_id__1 \nFROM users', dialect='mysql', params={})


def test_x_bool_where_not() -> None:
    u, a, o, i, nd = tables()
    t = flags_table()
    stmt = select(t.c.id).where(not_(t.c.active)).having(t.c.active)
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE NOT flags.active \nHAVING flags.active', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 0 \nHAVING flags.active = 1', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE NOT flags.active \nHAVING flags.active', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 0 \nHAVING flags.active = 1', dialect='mysql', params={})


def test_x_bool_join_on() -> None:
    u, a, o, i, nd = tables()
    t = flags_table()
    stmt = select(t.c.id).join(u, t.c.active).where(case((t.c.active, 1), else_=0) == 1)
    assert_sql(stmt, 'SELECT flags.id \nFROM flags JOIN users ON flags.active \nWHERE CASE WHEN flags.active THEN :param_1 ELSE :param_2 END = :param_3', params={'param_1': 1, 'param_2': 0, 'param_3': 1})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags JOIN users ON flags.active = 1 \nWHERE CASE WHEN flags.active THEN ? ELSE ? END = ?', dialect='sqlite', params={'param_1': 1, 'param_2': 0, 'param_3': 1})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags JOIN users ON flags.active \nWHERE CASE WHEN flags.active THEN %(param_1)s ELSE %(param_2)s END = %(param_3)s', dialect='postgresql', params={'param_1': 1, 'param_2': 0, 'param_3': 1})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags INNER JOIN users ON flags.active = 1 \nWHERE CASE WHEN flags.active THEN %(param_1)s ELSE %(param_2)s END = %(param_3)s', dialect='mysql', params={'param_1': 1, 'param_2': 0, 'param_3': 1})


def test_x_bool_consts() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id == True, u.c.name == False, not_(true()))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE false', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE 0 = 1', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE false', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE false = 1', dialect='mysql', params={})


def test_x_bool_and() -> None:
    u, a, o, i, nd = tables()
    t = flags_table()
    stmt = select(t.c.id).where(t.c.active.is_(None), and_(t.c.active, t.c.active))
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active IS NULL AND flags.active AND flags.active', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active IS NULL AND flags.active = 1 AND flags.active = 1', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active IS NULL AND flags.active AND flags.active', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active IS NULL AND flags.active = 1 AND flags.active = 1', dialect='mysql', params={})


def test_x_bool_literal() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(literal(True))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE :param_1', params={'param_1': True})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE ? = 1', dialect='sqlite', params={'param_1': True})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE %(param_1)s', dialect='postgresql', params={'param_1': True})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE %(param_1)s = 1', dialect='mysql', params={'param_1': True})


def test_x_exists_and_or() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(and_(exists().where(a.c.user_id == u.c.id), u.c.id == 1), or_(exists().where(a.c.user_id == u.c.id), u.c.id == 2))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)) AND users.id = :id_1 AND ((EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)) OR users.id = :id_2)', params={'id_1': 1, 'id_2': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)) AND users.id = ? AND ((EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)) OR users.id = ?)', dialect='sqlite', params={'id_1': 1, 'id_2': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)) AND users.id = %(id_1)s AND ((EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)) OR users.id = %(id_2)s)', dialect='postgresql', params={'id_1': 1, 'id_2': 2})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)) AND users.id = %(id_1)s AND ((EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)) OR users.id = %(id_2)s)', dialect='mysql', params={'id_1': 1, 'id_2': 2})


def test_x_exists_top_not() -> None:
    u, a, o, i, nd = tables()
    stmt = select(not_(exists().where(u.c.id == 1)))
    assert_sql(stmt, 'SELECT NOT (EXISTS (SELECT * \nFROM users \nWHERE users.id = :id_1)) AS anon_1', params={'id_1': 1})
    assert_sql(stmt, 'SELECT NOT (EXISTS (SELECT * \nFROM users \nWHERE users.id = ?)) AS anon_1', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'SELECT NOT (EXISTS (SELECT * \nFROM users \nWHERE users.id = %(id_1)s)) AS anon_1', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'SELECT NOT (EXISTS (SELECT * \nFROM users \nWHERE users.id = %(id_1)s)) AS anon_1', dialect='mysql', params={'id_1': 1})


def test_x_division() -> None:
    u, a, o, i, nd = tables()
    fl = Table("fl", MetaData(), Column("x", Float), Column("n", Numeric))
    stmt = select(u.c.id // 3, fl.c.x // 2, fl.c.x / 2, u.c.id / fl.c.x, fl.c.n / 2, u.c.id / u.c.age, u.c.id / 2.5)
    assert_sql(stmt, 'SELECT users.id / :id_1 AS anon_1, FLOOR(fl.x / :x_1) AS anon_2, fl.x / CAST(:x_2 AS NUMERIC) AS anon_3, users.id / CAST(fl.x AS FLOAT) AS anon_4, fl.n / CAST(:n_1 AS NUMERIC) AS anon_5, users.id / CAST(users.age AS NUMERIC) AS anon_6, users.id / CAST(:id_2 AS FLOAT) AS anon_7 \nFROM users, fl', params={'id_1': 3, 'x_1': 2, 'x_2': 2, 'n_1': 2, 'id_2': 2.5})
    assert_sql(stmt, 'SELECT users.id / ? AS anon_1, FLOOR(fl.x / ?) AS anon_2, fl.x / (? + 0.0) AS anon_3, users.id / (fl.x + 0.0) AS anon_4, fl.n / (? + 0.0) AS anon_5, users.id / (users.age + 0.0) AS anon_6, users.id / (? + 0.0) AS anon_7 \nFROM users, fl', dialect='sqlite', params={'id_1': 3, 'x_1': 2, 'x_2': 2, 'n_1': 2, 'id_2': 2.5})
    assert_sql(stmt, 'SELECT users.id / %(id_1)s AS anon_1, FLOOR(fl.x / %(x_1)s) AS anon_2, fl.x / CAST(%(x_2)s AS NUMERIC) AS anon_3, users.id / CAST(fl.x AS FLOAT) AS anon_4, fl.n / CAST(%(n_1)s AS NUMERIC) AS anon_5, users.id / CAST(users.age AS NUMERIC) AS anon_6, users.id / CAST(%(id_2)s AS FLOAT) AS anon_7 \nFROM users, fl', dialect='postgresql', params={'id_1': 3, 'x_1': 2, 'x_2': 2, 'n_1': 2, 'id_2': 2.5})
    assert_sql(stmt, 'SELECT FLOOR(users.id / %(id_1)s) AS anon_1, FLOOR(fl.x / %(x_1)s) AS anon_2, fl.x / %(x_2)s AS anon_3, users.id / fl.x AS anon_4, fl.n / %(n_1)s AS anon_5, users.id / users.age AS anon_6, users.id / %(id_2)s AS anon_7 \nFROM users, fl', dialect='mysql', params={'id_1': 3, 'x_1': 2, 'x_2': 2, 'n_1': 2, 'id_2': 2.5})


def test_x_regexp_flags_pg() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.regexp_match("^a", flags="i"), u.c.name.regexp_match("b", flags="x"), ~u.c.name.regexp_match("c", flags="i"))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name ~* %(name_1)s AND users.name ~ CONCAT('(?', 'x', ')', %(name_2)s) AND users.name !~* %(name_3)s", dialect='postgresql', params={'name_1': '^a', 'name_2': 'b', 'name_3': 'c'})
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE REGEXP_LIKE(users.name, %(name_1)s, 'i') AND REGEXP_LIKE(users.name, %(name_2)s, 'x') AND NOT REGEXP_LIKE(users.name, %(name_3)s, 'i')", dialect='mysql', params={'name_1': '^a', 'name_2': 'b', 'name_3': 'c'})


def test_x_collate_ops() -> None:
    u, a, o, i, nd = tables()
    c = u.c.name.collate("x")
    stmt = select(u.c.id).where(c.like("a"), c.in_(["a"]), c.between("a", "b"), c.is_(None)).order_by(c)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.name COLLATE x) LIKE :param_1 AND (users.name COLLATE x) IN (__[POSTCOMPILE_param_2]) AND (users.name COLLATE x) BETWEEN :param_3 AND :param_4 AND (users.name COLLATE x) IS NULL ORDER BY users.name COLLATE x', params={'param_1': 'a', 'param_2': ['a'], 'param_3': 'a', 'param_4': 'b'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.name COLLATE x) LIKE ? AND (users.name COLLATE x) IN (__[POSTCOMPILE_param_2]) AND (users.name COLLATE x) BETWEEN ? AND ? AND (users.name COLLATE x) IS NULL ORDER BY users.name COLLATE x', dialect='sqlite', params={'param_1': 'a', 'param_2': ['a'], 'param_3': 'a', 'param_4': 'b'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.name COLLATE x) LIKE %(param_1)s AND (users.name COLLATE x) IN (__[POSTCOMPILE_param_2]) AND (users.name COLLATE x) BETWEEN %(param_3)s AND %(param_4)s AND (users.name COLLATE x) IS NULL ORDER BY users.name COLLATE x', dialect='postgresql', params={'param_1': 'a', 'param_2': ['a'], 'param_3': 'a', 'param_4': 'b'})
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.name COLLATE x) LIKE %(param_1)s AND (users.name COLLATE x) IN (__[POSTCOMPILE_param_2]) AND (users.name COLLATE x) BETWEEN %(param_3)s AND %(param_4)s AND (users.name COLLATE x) IS NULL ORDER BY users.name COLLATE x', dialect='mysql', params={'param_1': 'a', 'param_2': ['a'], 'param_3': 'a', 'param_4': 'b'})


def test_x_update_set_grouping() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).values(id=-u.c.id, name=u.c.name.collate("q"), age=u.c.age * 2)
    assert_sql(stmt, 'UPDATE users SET id=(-users.id), name=(users.name COLLATE q), age=(users.age * :age_1)', params={'age_1': 2})
    assert_sql(stmt, 'UPDATE users SET id=(-users.id), name=(users.name COLLATE q), age=(users.age * ?)', dialect='sqlite', params={'age_1': 2})
    assert_sql(stmt, 'UPDATE users SET id=(-users.id), name=(users.name COLLATE q), age=(users.age * %(age_1)s)', dialect='postgresql', params={'age_1': 2})
    assert_sql(stmt, 'UPDATE users SET id=(-users.id), name=(users.name COLLATE q), age=(users.age * %(age_1)s)', dialect='mysql', params={'age_1': 2})


def test_x_insert_value_grouping() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(u).values(id=u.c.id + 1)
    assert_sql(stmt, 'INSERT INTO users (id) VALUES ((users.id + :id_1))', params={'id_1': 1})
    assert_sql(stmt, 'INSERT INTO users (id) VALUES ((users.id + ?))', dialect='sqlite', params={'id_1': 1})
    assert_sql(stmt, 'INSERT INTO users (id) VALUES ((users.id + %(id_1)s)) RETURNING users.id', dialect='postgresql', params={'id_1': 1})
    assert_sql(stmt, 'INSERT INTO users (id) VALUES ((users.id + %(id_1)s))', dialect='mysql', params={'id_1': 1})


def test_x_tuple_in_empty() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(tuple_(u.c.id, u.c.name).in_([]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN ((NULL, NULL)) AND (1 != 1)', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN ((NULL, NULL)) AND (1 != 1)', dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN ((NULL, NULL)) AND (1 != 1)', dialect='mysql', params={}, literal_binds=True)


def test_x_not_in_empty_lit() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.not_in([]))
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (NULL) OR (1 = 1))', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1))', dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (NULL) OR (1 = 1))', dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \nWHERE (users.id NOT IN (NULL) OR (1 = 1))', dialect='mysql', params={}, literal_binds=True)


def test_x_limit_then_fetch() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).order_by(u.c.id).limit(2).fetch(3)
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.id\n FETCH FIRST :param_1 ROWS ONLY', params={'param_1': 3})
    assert_sql(stmt, 'SELECT users.id \nFROM users ORDER BY users.id\n FETCH FIRST (%(param_1)s) ROWS ONLY', dialect='postgresql', params={'param_1': 3})


def test_x_values_dedupe_labels_subq() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id, a.c.id).subquery().select()
    assert_sql(stmt, 'SELECT anon_1.id, anon_1.id_1 \nFROM (SELECT users.id AS id, addresses.id AS id_1 \nFROM users, addresses) AS anon_1', params={})
    assert_sql(stmt, 'SELECT anon_1.id, anon_1.id_1 \nFROM (SELECT users.id AS id, addresses.id AS id_1 \nFROM users, addresses) AS anon_1', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT anon_1.id, anon_1.id_1 \nFROM (SELECT users.id AS id, addresses.id AS id_1 \nFROM users, addresses) AS anon_1', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT anon_1.id, anon_1.id_1 \nFROM (SELECT users.id AS id, addresses.id AS id_1 \nFROM users, addresses) AS anon_1', dialect='mysql', params={})


def test_x_type_coerce_dedupe() -> None:
    u, a, o, i, nd = tables()
    stmt = select(type_coerce(u.c.id, String), type_coerce(u.c.id, Integer))
    assert_sql(stmt, 'SELECT users.id AS id, users.id AS id__1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.id AS id, users.id AS id__1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id AS id, users.id AS id__1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id AS id, users.id AS id__1 \nFROM users', dialect='mysql', params={})


def test_x_update_returning_pg() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).values(name="x").returning(u.c.id, u.c.name.label("nm"))
    assert_sql(stmt, 'UPDATE users SET name=? RETURNING id, name AS nm', dialect='sqlite', params={'name': 'x'})
    assert_sql(stmt, 'UPDATE users SET name=%(name)s RETURNING users.id, users.name AS nm', dialect='postgresql', params={'name': 'x'})


def test_x_cte_two() -> None:
    u, a, o, i, nd = tables()
    c1 = select(u.c.id).where(u.c.age > 1).cte("c1")
    c2 = select(c1.c.id).where(c1.c.id < 10).cte("c2")
    stmt = select(c2.c.id)
    assert_sql(stmt, 'WITH c1 AS \n(SELECT users.id AS id \nFROM users \nWHERE users.age > :age_1), \nc2 AS \n(SELECT c1.id AS id \nFROM c1 \nWHERE c1.id < :id_1)\n SELECT c2.id \nFROM c2', params={'age_1': 1, 'id_1': 10})
    assert_sql(stmt, 'WITH c1 AS \n(SELECT users.id AS id \nFROM users \nWHERE users.age > ?), \nc2 AS \n(SELECT c1.id AS id \nFROM c1 \nWHERE c1.id < ?)\n SELECT c2.id \nFROM c2', dialect='sqlite', params={'age_1': 1, 'id_1': 10})
    assert_sql(stmt, 'WITH c1 AS \n(SELECT users.id AS id \nFROM users \nWHERE users.age > %(age_1)s), \nc2 AS \n(SELECT c1.id AS id \nFROM c1 \nWHERE c1.id < %(id_1)s)\n SELECT c2.id \nFROM c2', dialect='postgresql', params={'age_1': 1, 'id_1': 10})
    assert_sql(stmt, 'WITH c1 AS \n(SELECT users.id AS id \nFROM users \nWHERE users.age > %(age_1)s), \nc2 AS \n(SELECT c1.id AS id \nFROM c1 \nWHERE c1.id < %(id_1)s)\n SELECT c2.id \nFROM c2', dialect='mysql', params={'age_1': 1, 'id_1': 10})


def test_x_cte_in_update() -> None:
    u, a, o, i, nd = tables()
    c = select(a.c.user_id).where(a.c.email == "x").cte("bad")
    stmt = update(u).where(u.c.id.in_(select(c.c.user_id))).values(name="gone")
    assert_sql(stmt, 'WITH bad AS \n(SELECT addresses.user_id AS user_id \nFROM addresses \nWHERE addresses.email = :email_1)\n UPDATE users SET name=:name WHERE users.id IN (SELECT bad.user_id \nFROM bad)', params={'name': 'gone', 'email_1': 'x'})
    assert_sql(stmt, 'WITH bad AS \n(SELECT addresses.user_id AS user_id \nFROM addresses \nWHERE addresses.email = ?)\n UPDATE users SET name=? WHERE users.id IN (SELECT bad.user_id \nFROM bad)', dialect='sqlite', params={'name': 'gone', 'email_1': 'x'})
    assert_sql(stmt, 'WITH bad AS \n(SELECT addresses.user_id AS user_id \nFROM addresses \nWHERE addresses.email = %(email_1)s)\n UPDATE users SET name=%(name)s WHERE users.id IN (SELECT bad.user_id \nFROM bad)', dialect='postgresql', params={'name': 'gone', 'email_1': 'x'})
    assert_sql(stmt, 'WITH bad AS \n(SELECT addresses.user_id AS user_id \nFROM addresses \nWHERE addresses.email = %(email_1)s)\n UPDATE users SET name=%(name)s WHERE users.id IN (SELECT bad.user_id \nFROM bad)', dialect='mysql', params={'name': 'gone', 'email_1': 'x'})


def test_x_union_subq_order() -> None:
    u, a, o, i, nd = tables()
    s1 = select(u.c.id).order_by(u.c.id).limit(1)
    s2 = select(a.c.id).limit(2)
    stmt = union_all(s1, s2)
    assert_sql(stmt, '(SELECT users.id \nFROM users ORDER BY users.id\n LIMIT :param_1) UNION ALL (SELECT addresses.id \nFROM addresses\n LIMIT :param_2)', params={'param_1': 1, 'param_2': 2})
    assert_sql(stmt, '(SELECT users.id \nFROM users ORDER BY users.id\n LIMIT ? OFFSET ?) UNION ALL (SELECT addresses.id \nFROM addresses\n LIMIT ? OFFSET ?)', dialect='sqlite', params={'param_1': 1, 'param_2': 0, 'param_3': 2, 'param_4': 0})
    assert_sql(stmt, '(SELECT users.id \nFROM users ORDER BY users.id \n LIMIT %(param_1)s) UNION ALL (SELECT addresses.id \nFROM addresses \n LIMIT %(param_2)s)', dialect='postgresql', params={'param_1': 1, 'param_2': 2})
    assert_sql(stmt, '(SELECT users.id \nFROM users ORDER BY users.id \n LIMIT %(param_1)s) UNION ALL (SELECT addresses.id \nFROM addresses \n LIMIT %(param_2)s)', dialect='mysql', params={'param_1': 1, 'param_2': 2})


def test_x_correlate_none() -> None:
    u, a, o, i, nd = tables()
    sq = select(a.c.id).where(a.c.user_id == u.c.id).correlate(None).scalar_subquery()
    stmt = select(u.c.id, sq)
    assert_sql(stmt, 'SELECT users.id, (SELECT addresses.id \nFROM addresses, users \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users', params={})
    assert_sql(stmt, 'SELECT users.id, (SELECT addresses.id \nFROM addresses, users \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'SELECT users.id, (SELECT addresses.id \nFROM addresses, users \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'SELECT users.id, (SELECT addresses.id \nFROM addresses, users \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users', dialect='mysql', params={})
