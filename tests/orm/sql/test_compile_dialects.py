"""Compile tests: dialect constructs (upserts) and literal_binds rendering per dialect.

Expected strings are what SQLAlchemy 2.0 renders for the same statement (observed with it, written
here as facts); where ours deliberately differs the assertion says why.
"""
from __future__ import annotations

import datetime  # noqa: F401
import decimal  # noqa: F401

from assertsql import assert_sql
from sql_tables import tables
from orm import Boolean, Column, Integer, MetaData, Table, bindparam, insert, literal, select, update
from orm.dialects.mysql import insert as mysql_insert
from orm.dialects.postgresql import insert as pg_insert
from orm.dialects.sqlite import insert as sqlite_insert


def test_pg_upsert() -> None:
    u, a, o, i, nd = tables()
    s = pg_insert(u).values(id=1, name="ed")
    stmt = s.on_conflict_do_update(index_elements=[u.c.id], set_={"name": s.excluded.name, "age": u.c.age + 1})
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT (id) DO UPDATE SET name = excluded.name, age = (users.age + %(age_1)s)', dialect='postgresql', params={'id': 1, 'name': 'ed', 'age_1': 1})


def test_pg_upsert_constraint() -> None:
    u, a, o, i, nd = tables()
    s = pg_insert(u).values(id=1, name="ed")
    stmt = s.on_conflict_do_update(constraint="users_pkey", set_=dict(name="x"))
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT ON CONSTRAINT users_pkey DO UPDATE SET name = %(param_1)s', dialect='postgresql', params={'id': 1, 'name': 'ed', 'param_1': 'x'})


def test_pg_upsert_where() -> None:
    u, a, o, i, nd = tables()
    s = pg_insert(u).values(id=1, name="ed")
    stmt = s.on_conflict_do_update(index_elements=["id"], index_where=u.c.age > 3, set_={"name": s.excluded.name}, where=u.c.name != s.excluded.name)
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT (id) WHERE age > %(age_1)s DO UPDATE SET name = excluded.name WHERE users.name != excluded.name', dialect='postgresql', params={'id': 1, 'name': 'ed', 'age_1': 3})


def test_pg_nothing() -> None:
    u, a, o, i, nd = tables()
    stmt = pg_insert(u).values(id=1, name="ed").on_conflict_do_nothing()
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT DO NOTHING', dialect='postgresql', params={'id': 1, 'name': 'ed'})


def test_pg_nothing_idx() -> None:
    u, a, o, i, nd = tables()
    stmt = pg_insert(u).values(id=1, name="ed").on_conflict_do_nothing(index_elements=["id"])
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT (id) DO NOTHING', dialect='postgresql', params={'id': 1, 'name': 'ed'})


def test_pg_nothing_cons() -> None:
    u, a, o, i, nd = tables()
    stmt = pg_insert(u).values(id=1, name="ed").on_conflict_do_nothing(constraint="uq_name")
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT ON CONSTRAINT uq_name DO NOTHING', dialect='postgresql', params={'id': 1, 'name': 'ed'})


def test_pg_upsert_returning() -> None:
    u, a, o, i, nd = tables()
    s = pg_insert(u).values(id=1, name="ed")
    stmt = s.on_conflict_do_update(index_elements=[u.c.id], set_={"name": s.excluded.name}).returning(u.c.id)
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT (id) DO UPDATE SET name = excluded.name RETURNING users.id', dialect='postgresql', params={'id': 1, 'name': 'ed'})


def test_pg_upsert_multi() -> None:
    u, a, o, i, nd = tables()
    s = pg_insert(u).values([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])
    stmt = s.on_conflict_do_update(index_elements=[u.c.id], set_={"name": s.excluded.name})
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id_m0)s, %(name_m0)s), (%(id_m1)s, %(name_m1)s) ON CONFLICT (id) DO UPDATE SET name = excluded.name', dialect='postgresql', params={'id_m0': 1, 'name_m0': 'a', 'id_m1': 2, 'name_m1': 'b'})


def test_sqlite_upsert() -> None:
    u, a, o, i, nd = tables()
    s = sqlite_insert(u).values(id=1, name="ed")
    stmt = s.on_conflict_do_update(index_elements=[u.c.id], set_={"name": s.excluded.name, "age": 5})
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, age = ?', dialect='sqlite', params={'id': 1, 'name': 'ed', 'param_1': 5})


def test_sqlite_upsert_where() -> None:
    u, a, o, i, nd = tables()
    s = sqlite_insert(u).values(id=1, name="ed")
    stmt = s.on_conflict_do_update(index_elements=[u.c.id], set_={"name": s.excluded.name}, where=s.excluded.age > u.c.age)
    # ours differs from SQLAlchemy: alias columns are ColumnClause proxies, so Python reflects excluded.age > users.age into users.age < excluded.age (same condition)
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE users.age < excluded.age', dialect='sqlite', params={'id': 1, 'name': 'ed'})


def test_sqlite_nothing() -> None:
    u, a, o, i, nd = tables()
    stmt = sqlite_insert(u).values(id=1).on_conflict_do_nothing()
    assert_sql(stmt, 'INSERT INTO users (id) VALUES (?) ON CONFLICT DO NOTHING', dialect='sqlite', params={'id': 1})


def test_sqlite_nothing_idx() -> None:
    u, a, o, i, nd = tables()
    stmt = sqlite_insert(u).values(id=1).on_conflict_do_nothing(index_elements=[u.c.id])
    assert_sql(stmt, 'INSERT INTO users (id) VALUES (?) ON CONFLICT (id) DO NOTHING', dialect='sqlite', params={'id': 1})


def test_mysql_dup() -> None:
    u, a, o, i, nd = tables()
    s = mysql_insert(u).values(id=1, name="ed")
    stmt = s.on_duplicate_key_update(name=s.inserted.name, age=u.c.age + 1)
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON DUPLICATE KEY UPDATE name = VALUES(name), age = (users.age + %(age_1)s)', dialect='mysql', params={'id': 1, 'name': 'ed', 'age_1': 1})


def test_mysql_dup_dict() -> None:
    u, a, o, i, nd = tables()
    s = mysql_insert(u).values([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])
    stmt = s.on_duplicate_key_update({"name": s.inserted.name, "age": 3})
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id_m0)s, %(name_m0)s), (%(id_m1)s, %(name_m1)s) ON DUPLICATE KEY UPDATE name = VALUES(name), age = %(param_1)s', dialect='mysql', params={'id_m0': 1, 'name_m0': 'a', 'id_m1': 2, 'name_m1': 'b', 'param_1': 3})


def test_mysql_dup_list() -> None:
    u, a, o, i, nd = tables()
    s = mysql_insert(u).values(id=1, name="ed")
    stmt = s.on_duplicate_key_update([("age", 3), ("name", "z")])
    assert_sql(stmt, 'INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON DUPLICATE KEY UPDATE age = %(param_1)s, name = %(param_2)s', dialect='mysql', params={'id': 1, 'name': 'ed', 'param_1': 3, 'param_2': 'z'})


def test_lit_str() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name == "it's", u.c.fullname == "back\\slash", u.c.name == "100%", u.c.name == ":name ?")
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name = 'it''s' AND users.fullname = 'back\\slash' AND users.name = '100%' AND users.name = ':name ?'", params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name = 'it''s' AND users.fullname = 'back\\slash' AND users.name = '100%' AND users.name = ':name ?'", dialect='sqlite', params={}, literal_binds=True)
    # ours differs from SQLAlchemy: a string with a backslash is an E'' string, correct whatever standard_conforming_strings is
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name = 'it''s' AND users.fullname = E'back\\\\slash' AND users.name = '100%%' AND users.name = ':name ?'", dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.name = 'it''s' AND users.fullname = 'back\\\\slash' AND users.name = '100%%' AND users.name = ':name ?'", dialect='mysql', params={}, literal_binds=True)


def test_lit_vals() -> None:
    u, a, o, i, nd = tables()
    stmt = select(literal(5), literal(None), literal(True), literal(False), literal(2.5))
    # ours differs from SQLAlchemy: boolean literals render 1/0 on the generic and MySQL dialects (types' literal processor)
    assert_sql(stmt, 'SELECT 5 AS anon_1, NULL AS anon_2, 1 AS anon_3, 0 AS anon_4, 2.5 AS anon_5', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT 5 AS anon_1, NULL AS anon_2, 1 AS anon_3, 0 AS anon_4, 2.5 AS anon_5', dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT 5 AS anon_1, NULL AS anon_2, true AS anon_3, false AS anon_4, 2.5 AS anon_5', dialect='postgresql', params={}, literal_binds=True)
    # ours differs from SQLAlchemy: boolean literals render 1/0 on the generic and MySQL dialects (types' literal processor)
    assert_sql(stmt, 'SELECT 5 AS anon_1, NULL AS anon_2, 1 AS anon_3, 0 AS anon_4, 2.5 AS anon_5', dialect='mysql', params={}, literal_binds=True)


def test_lit_dates() -> None:
    u, a, o, i, nd = tables()
    stmt = select(literal(datetime.date(2024, 1, 2)), literal(datetime.datetime(2024, 1, 2, 3, 4, 5)), literal(datetime.time(3, 4, 5)))
    # ours differs from SQLAlchemy: datetime/time literals keep microseconds (types' literal processors)
    assert_sql(stmt, "SELECT '2024-01-02' AS anon_1, '2024-01-02 03:04:05.000000' AS anon_2, '03:04:05.000000' AS anon_3", params={}, literal_binds=True)
    assert_sql(stmt, "SELECT '2024-01-02' AS anon_1, '2024-01-02 03:04:05.000000' AS anon_2, '03:04:05.000000' AS anon_3", dialect='sqlite', params={}, literal_binds=True)
    # ours differs from SQLAlchemy: datetime/time literals keep microseconds (types' literal processors)
    assert_sql(stmt, "SELECT '2024-01-02' AS anon_1, '2024-01-02 03:04:05.000000' AS anon_2, '03:04:05.000000' AS anon_3", dialect='postgresql', params={}, literal_binds=True)
    # ours differs from SQLAlchemy: datetime/time literals keep microseconds (types' literal processors)
    assert_sql(stmt, "SELECT '2024-01-02' AS anon_1, '2024-01-02 03:04:05.000000' AS anon_2, '03:04:05.000000' AS anon_3", dialect='mysql', params={}, literal_binds=True)


def test_lit_in() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_([1, 2]), u.c.name.not_in(["a", "b"]))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.id IN (1, 2) AND (users.name NOT IN ('a', 'b'))", params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.id IN (1, 2) AND (users.name NOT IN ('a', 'b'))", dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.id IN (1, 2) AND (users.name NOT IN ('a', 'b'))", dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE users.id IN (1, 2) AND (users.name NOT IN ('a', 'b'))", dialect='mysql', params={}, literal_binds=True)


def test_lit_like() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.name.contains("50%_x", autoescape=True))
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || '50/%/_x' || '%' ESCAPE '/')", params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%' || '50/%/_x' || '%' ESCAPE '/')", dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE '%%' || '50/%%/_x' || '%%' ESCAPE '/')", dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, "SELECT users.id \nFROM users \nWHERE (users.name LIKE concat('%%', '50/%%/_x', '%%') ESCAPE '/')", dialect='mysql', params={}, literal_binds=True)


def test_lit_limit() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).limit(3).offset(1)
    assert_sql(stmt, 'SELECT users.id \nFROM users\n LIMIT 3 OFFSET 1', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users\n LIMIT 3 OFFSET 1', dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \n LIMIT 3 OFFSET 1', dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT users.id \nFROM users \n LIMIT 1, 3', dialect='mysql', params={}, literal_binds=True)


def test_lit_ins() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(u).values(name="o'neil", age=None)
    assert_sql(stmt, "INSERT INTO users (name, age) VALUES ('o''neil', NULL)", params={}, literal_binds=True)
    assert_sql(stmt, "INSERT INTO users (name, age) VALUES ('o''neil', NULL)", dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, "INSERT INTO users (name, age) VALUES ('o''neil', NULL) RETURNING users.id", dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, "INSERT INTO users (name, age) VALUES ('o''neil', NULL)", dialect='mysql', params={}, literal_binds=True)


def test_lit_upd() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).values(name="x\ny").where(u.c.id == 1)
    assert_sql(stmt, "UPDATE users SET name='x\ny' WHERE users.id = 1", params={}, literal_binds=True)
    assert_sql(stmt, "UPDATE users SET name='x\ny' WHERE users.id = 1", dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, "UPDATE users SET name='x\ny' WHERE users.id = 1", dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, "UPDATE users SET name='x\ny' WHERE users.id = 1", dialect='mysql', params={}, literal_binds=True)


def test_lit_bool_col() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("flags", md, Column("id", Integer, primary_key=True), Column("active", Boolean))
    stmt = select(t.c.id).where(t.c.active == bindparam("b", True))
    # ours differs from SQLAlchemy: boolean literals render 1/0 on the generic and MySQL dialects (types' literal processor)
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 1', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 1', dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = true', dialect='postgresql', params={}, literal_binds=True)
    # ours differs from SQLAlchemy: boolean literals render 1/0 on the generic and MySQL dialects (types' literal processor)
    assert_sql(stmt, 'SELECT flags.id \nFROM flags \nWHERE flags.active = 1', dialect='mysql', params={}, literal_binds=True)


def test_lit_numeric() -> None:
    u, a, o, i, nd = tables()
    import decimal
    stmt = select(o.c.id).where(o.c.amount > decimal.Decimal("10.50"))
    assert_sql(stmt, 'SELECT orders.id \nFROM orders \nWHERE orders.amount > 10.50', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT orders.id \nFROM orders \nWHERE orders.amount > 10.50', dialect='sqlite', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT orders.id \nFROM orders \nWHERE orders.amount > 10.50', dialect='postgresql', params={}, literal_binds=True)
    assert_sql(stmt, 'SELECT orders.id \nFROM orders \nWHERE orders.amount > 10.50', dialect='mysql', params={}, literal_binds=True)


def test_lit_datecol() -> None:
    u, a, o, i, nd = tables()
    stmt = select(o.c.id).where(o.c.created > datetime.datetime(2020, 5, 6, 7, 8, 9))
    # ours differs from SQLAlchemy: datetime literals keep microseconds (types' literal processors)
    assert_sql(stmt, "SELECT orders.id \nFROM orders \nWHERE orders.created > '2020-05-06 07:08:09.000000'", params={}, literal_binds=True)
    assert_sql(stmt, "SELECT orders.id \nFROM orders \nWHERE orders.created > '2020-05-06 07:08:09.000000'", dialect='sqlite', params={}, literal_binds=True)
    # ours differs from SQLAlchemy: datetime literals keep microseconds (types' literal processors)
    assert_sql(stmt, "SELECT orders.id \nFROM orders \nWHERE orders.created > '2020-05-06 07:08:09.000000'", dialect='postgresql', params={}, literal_binds=True)
    # ours differs from SQLAlchemy: datetime literals keep microseconds (types' literal processors)
    assert_sql(stmt, "SELECT orders.id \nFROM orders \nWHERE orders.created > '2020-05-06 07:08:09.000000'", dialect='mysql', params={}, literal_binds=True)


# -- expanding IN after execution-time expansion: compiled.expanded(values) per paramstyle -----------
from assertsql import compile_sql  # noqa: E402
from orm import tuple_  # noqa: E402


def _expanded(stmt, dialect, **params):
    compiled = compile_sql(stmt, dialect)
    return compiled.expanded(compiled.construct_params(params or None))


def test_expanded_in_per_paramstyle() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_([1, 2, 3]), u.c.name == "x")
    assert str(stmt) == "SELECT users.id \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1]) AND users.name = :name_1"
    assert _expanded(stmt, "default") == (
        "SELECT users.id \nFROM users \nWHERE users.id IN (:id_1_1, :id_1_2, :id_1_3) AND users.name = :name_1",
        {"id_1_1": 1, "id_1_2": 2, "id_1_3": 3, "name_1": "x"})
    # qmark (sqlite): positional, in text order
    assert _expanded(stmt, "sqlite") == (
        "SELECT users.id \nFROM users \nWHERE users.id IN (?, ?, ?) AND users.name = ?", (1, 2, 3, "x"))
    # pyformat (psycopg, pymysql)
    for d in ("postgresql", "mysql"):
        assert _expanded(stmt, d) == (
            "SELECT users.id \nFROM users \nWHERE users.id IN (%(id_1_1)s, %(id_1_2)s, %(id_1_3)s) AND users.name = %(name_1)s",
            {"id_1_1": 1, "id_1_2": 2, "id_1_3": 3, "name_1": "x"})
    # format (the base MySQL dialect)
    assert _expanded(stmt, "mysql_format") == (
        "SELECT users.id \nFROM users \nWHERE users.id IN (%s, %s, %s) AND users.name = %s", (1, 2, 3, "x"))


def test_expanded_tuple_in() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(tuple_(u.c.id, u.c.name).in_([(1, "a"), (2, "b")]), u.c.age == 5)
    # SQLite spells row values as VALUES
    assert _expanded(stmt, "sqlite") == (
        "SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN (VALUES (?, ?), (?, ?)) AND users.age = ?",
        (1, "a", 2, "b", 5))
    sql, params = _expanded(stmt, "postgresql")
    assert sql == ("SELECT users.id \nFROM users \nWHERE (users.id, users.name) IN ((%(param_1_1_1)s, "
                   "%(param_1_1_2)s), (%(param_1_2_1)s, %(param_1_2_2)s)) AND users.age = %(age_1)s")
    assert params == {"param_1_1_1": 1, "param_1_1_2": "a", "param_1_2_1": 2, "param_1_2_2": "b", "age_1": 5}
    assert _expanded(stmt, "mysql_format")[1] == (1, "a", 2, "b", 5)


def test_expanded_empty_and_bindparam() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id.in_(bindparam("ids", expanding=True)), u.c.id.not_in([]))
    assert _expanded(stmt, "sqlite", ids=[]) == (
        "SELECT users.id \nFROM users \nWHERE users.id IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1) "
        "AND (users.id NOT IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1))", ())
    assert _expanded(stmt, "sqlite", ids=[7, 8]) == (
        "SELECT users.id \nFROM users \nWHERE users.id IN (?, ?) "
        "AND (users.id NOT IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1))", (7, 8))
    assert _expanded(stmt, "postgresql", ids=[]) == (
        "SELECT users.id \nFROM users \nWHERE users.id IN (NULL) AND (1 != 1) "
        "AND (users.id NOT IN (NULL) OR (1 = 1))", {})
    assert _expanded(stmt, "mysql", ids=[7]) == (
        "SELECT users.id \nFROM users \nWHERE users.id IN (%(ids_1)s) AND (users.id NOT IN (NULL) OR (1 = 1))",
        {"ids_1": 7})
