"""Compile tests: INSERT, UPDATE, DELETE.

Expected strings are what SQLAlchemy 2.0 renders for the same statement (observed with it, written
here as facts); where ours deliberately differs the assertion says why.
"""
from __future__ import annotations

import datetime  # noqa: F401
import decimal  # noqa: F401

from assertsql import assert_sql
from sql_tables import tables
from orm import Column, Integer, MetaData, String, Table, bindparam, delete, exists, func, insert, select, update


def test_ins() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(u).values(name="ed", age=3)
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (:name, :age)', params={'name': 'ed', 'age': 3})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (?, ?)', dialect='sqlite', params={'name': 'ed', 'age': 3})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (%(name)s, %(age)s) RETURNING users.id', dialect='postgresql', params={'name': 'ed', 'age': 3})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (%(name)s, %(age)s)', dialect='mysql', params={'name': 'ed', 'age': 3})


def test_ins_noval() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(u)
    assert_sql(stmt, 'INSERT INTO users (id, name, fullname, age) VALUES (:id, :name, :fullname, :age)')
    assert_sql(stmt, 'INSERT INTO users (id, name, fullname, age) VALUES (?, ?, ?, ?)', dialect='sqlite')
    assert_sql(stmt, 'INSERT INTO users (id, name, fullname, age) VALUES (%(id)s, %(name)s, %(fullname)s, %(age)s)', dialect='postgresql')
    assert_sql(stmt, 'INSERT INTO users (id, name, fullname, age) VALUES (%(id)s, %(name)s, %(fullname)s, %(age)s)', dialect='mysql')


def test_ins_col_keys() -> None:
    u, a, o, i, nd = tables()
    stmt = u.insert().values({u.c.name: "x", "age": 5})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (:name, :age)', params={'name': 'x', 'age': 5})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (?, ?)', dialect='sqlite', params={'name': 'x', 'age': 5})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (%(name)s, %(age)s) RETURNING users.id', dialect='postgresql', params={'name': 'x', 'age': 5})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (%(name)s, %(age)s)', dialect='mysql', params={'name': 'x', 'age': 5})


def test_ins_multi() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(u).values([{"name": "a", "age": 1}, {"name": "b", "age": 2}])
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (:name_m0, :age_m0), (:name_m1, :age_m1)', params={'name_m0': 'a', 'age_m0': 1, 'name_m1': 'b', 'age_m1': 2})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (?, ?), (?, ?)', dialect='sqlite', params={'name_m0': 'a', 'age_m0': 1, 'name_m1': 'b', 'age_m1': 2})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (%(name_m0)s, %(age_m0)s), (%(name_m1)s, %(age_m1)s)', dialect='postgresql', params={'name_m0': 'a', 'age_m0': 1, 'name_m1': 'b', 'age_m1': 2})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (%(name_m0)s, %(age_m0)s), (%(name_m1)s, %(age_m1)s)', dialect='mysql', params={'name_m0': 'a', 'age_m0': 1, 'name_m1': 'b', 'age_m1': 2})


def test_ins_multi_tuple() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(i).values([(1, "a", 10), (2, "b", 20)])
    assert_sql(stmt, 'INSERT INTO items (id, name, price) VALUES (:id_m0, :name_m0, :price_m0), (:id_m1, :name_m1, :price_m1)', params={'id_m0': 1, 'name_m0': 'a', 'price_m0': 10, 'id_m1': 2, 'name_m1': 'b', 'price_m1': 20})
    assert_sql(stmt, 'INSERT INTO items (id, name, price) VALUES (?, ?, ?), (?, ?, ?)', dialect='sqlite', params={'id_m0': 1, 'name_m0': 'a', 'price_m0': 10, 'id_m1': 2, 'name_m1': 'b', 'price_m1': 20})
    assert_sql(stmt, 'INSERT INTO items (id, name, price) VALUES (%(id_m0)s, %(name_m0)s, %(price_m0)s), (%(id_m1)s, %(name_m1)s, %(price_m1)s)', dialect='postgresql', params={'id_m0': 1, 'name_m0': 'a', 'price_m0': 10, 'id_m1': 2, 'name_m1': 'b', 'price_m1': 20})
    assert_sql(stmt, 'INSERT INTO items (id, name, price) VALUES (%(id_m0)s, %(name_m0)s, %(price_m0)s), (%(id_m1)s, %(name_m1)s, %(price_m1)s)', dialect='mysql', params={'id_m0': 1, 'name_m0': 'a', 'price_m0': 10, 'id_m1': 2, 'name_m1': 'b', 'price_m1': 20})


def test_ins_expr() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(u).values(name=func.lower("ED"), age=select(func.max(u.c.age)).scalar_subquery())
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (lower(:lower_1), (SELECT max(users.age) AS max_1 \nFROM users))', params={'lower_1': 'ED'})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (lower(?), (SELECT max(users.age) AS max_1 \nFROM users))', dialect='sqlite', params={'lower_1': 'ED'})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (lower(%(lower_1)s), (SELECT max(users.age) AS max_1 \nFROM users)) RETURNING users.id', dialect='postgresql', params={'lower_1': 'ED'})
    assert_sql(stmt, 'INSERT INTO users (name, age) VALUES (lower(%(lower_1)s), (SELECT max(users.age) AS max_1 \nFROM users))', dialect='mysql', params={'lower_1': 'ED'})


def test_ins_from_select() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(a).from_select(["user_id", "email"], select(u.c.id, u.c.name + "@x.com").where(u.c.age > 3))
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) SELECT users.id, users.name || :name_1 AS anon_1 \nFROM users \nWHERE users.age > :age_1', params={'name_1': '@x.com', 'age_1': 3})
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) SELECT users.id, users.name || ? AS anon_1 \nFROM users \nWHERE users.age > ?', dialect='sqlite', params={'name_1': '@x.com', 'age_1': 3})
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) SELECT users.id, users.name || %(name_1)s AS anon_1 \nFROM users \nWHERE users.age > %(age_1)s', dialect='postgresql', params={'name_1': '@x.com', 'age_1': 3})
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) SELECT users.id, concat(users.name, %(name_1)s) AS anon_1 \nFROM users \nWHERE users.age > %(age_1)s', dialect='mysql', params={'name_1': '@x.com', 'age_1': 3})


def test_ins_from_select_cols() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(a).from_select([a.c.user_id, a.c.email], select(u.c.id, u.c.name))
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) SELECT users.id, users.name \nFROM users', params={})
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) SELECT users.id, users.name \nFROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) SELECT users.id, users.name \nFROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) SELECT users.id, users.name \nFROM users', dialect='mysql', params={})


def test_ins_returning() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(u).values(name="x").returning(u.c.id, u.c.name)
    assert_sql(stmt, 'INSERT INTO users (name) VALUES (:name) RETURNING users.id, users.name', params={'name': 'x'})
    assert_sql(stmt, 'INSERT INTO users (name) VALUES (?) RETURNING id, name', dialect='sqlite', params={'name': 'x'})
    assert_sql(stmt, 'INSERT INTO users (name) VALUES (%(name)s) RETURNING users.id, users.name', dialect='postgresql', params={'name': 'x'})


def test_ins_returning_expr() -> None:
    u, a, o, i, nd = tables()
    stmt = insert(u).values(name="x").returning(u.c.id, (u.c.age + 1).label("a1"), func.lower(u.c.name))
    assert_sql(stmt, 'INSERT INTO users (name) VALUES (:name) RETURNING users.id, users.age + :age_1 AS a1, lower(users.name) AS lower_1', params={'name': 'x', 'age_1': 1})
    assert_sql(stmt, 'INSERT INTO users (name) VALUES (?) RETURNING id, age + ? AS a1, lower(name) AS lower_1', dialect='sqlite', params={'name': 'x', 'age_1': 1})
    assert_sql(stmt, 'INSERT INTO users (name) VALUES (%(name)s) RETURNING users.id, users.age + %(age_1)s AS a1, lower(users.name) AS lower_1', dialect='postgresql', params={'name': 'x', 'age_1': 1})


def test_upd() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).where(u.c.id == 5).values(name="ed")
    assert_sql(stmt, 'UPDATE users SET name=:name WHERE users.id = :id_1', params={'name': 'ed', 'id_1': 5})
    assert_sql(stmt, 'UPDATE users SET name=? WHERE users.id = ?', dialect='sqlite', params={'name': 'ed', 'id_1': 5})
    assert_sql(stmt, 'UPDATE users SET name=%(name)s WHERE users.id = %(id_1)s', dialect='postgresql', params={'name': 'ed', 'id_1': 5})
    assert_sql(stmt, 'UPDATE users SET name=%(name)s WHERE users.id = %(id_1)s', dialect='mysql', params={'name': 'ed', 'id_1': 5})


def test_upd_expr() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).values(age=u.c.age + 1, name=func.upper(u.c.name)).where(u.c.name.like("a%"))
    assert_sql(stmt, 'UPDATE users SET name=upper(users.name), age=(users.age + :age_1) WHERE users.name LIKE :name_1', params={'age_1': 1, 'name_1': 'a%'})
    assert_sql(stmt, 'UPDATE users SET name=upper(users.name), age=(users.age + ?) WHERE users.name LIKE ?', dialect='sqlite', params={'age_1': 1, 'name_1': 'a%'})
    assert_sql(stmt, 'UPDATE users SET name=upper(users.name), age=(users.age + %(age_1)s) WHERE users.name LIKE %(name_1)s', dialect='postgresql', params={'age_1': 1, 'name_1': 'a%'})
    assert_sql(stmt, 'UPDATE users SET name=upper(users.name), age=(users.age + %(age_1)s) WHERE users.name LIKE %(name_1)s', dialect='mysql', params={'age_1': 1, 'name_1': 'a%'})


def test_upd_noval() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).where(u.c.id == bindparam("uid"))
    assert_sql(stmt, 'UPDATE users SET id=:id, name=:name, fullname=:fullname, age=:age WHERE users.id = :uid')
    assert_sql(stmt, 'UPDATE users SET id=?, name=?, fullname=?, age=? WHERE users.id = ?', dialect='sqlite')
    assert_sql(stmt, 'UPDATE users SET id=%(id)s, name=%(name)s, fullname=%(fullname)s, age=%(age)s WHERE users.id = %(uid)s', dialect='postgresql')
    assert_sql(stmt, 'UPDATE users SET id=%(id)s, name=%(name)s, fullname=%(fullname)s, age=%(age)s WHERE users.id = %(uid)s', dialect='mysql')


def test_upd_returning() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).where(u.c.id == 1).values(age=2).returning(u.c.id, u.c.age)
    assert_sql(stmt, 'UPDATE users SET age=:age WHERE users.id = :id_1 RETURNING users.id, users.age', params={'age': 2, 'id_1': 1})
    assert_sql(stmt, 'UPDATE users SET age=? WHERE users.id = ? RETURNING id, age', dialect='sqlite', params={'age': 2, 'id_1': 1})
    assert_sql(stmt, 'UPDATE users SET age=%(age)s WHERE users.id = %(id_1)s RETURNING users.id, users.age', dialect='postgresql', params={'age': 2, 'id_1': 1})


def test_upd_correlated() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).values(fullname=select(a.c.email).where(a.c.user_id == u.c.id).limit(1).scalar_subquery())
    assert_sql(stmt, 'UPDATE users SET fullname=(SELECT addresses.email \nFROM addresses \nWHERE addresses.user_id = users.id\n LIMIT :param_1)', params={'param_1': 1})
    assert_sql(stmt, 'UPDATE users SET fullname=(SELECT addresses.email \nFROM addresses \nWHERE addresses.user_id = users.id\n LIMIT ? OFFSET ?)', dialect='sqlite', params={'param_1': 1, 'param_2': 0})
    assert_sql(stmt, 'UPDATE users SET fullname=(SELECT addresses.email \nFROM addresses \nWHERE addresses.user_id = users.id \n LIMIT %(param_1)s)', dialect='postgresql', params={'param_1': 1})
    assert_sql(stmt, 'UPDATE users SET fullname=(SELECT addresses.email \nFROM addresses \nWHERE addresses.user_id = users.id \n LIMIT %(param_1)s)', dialect='mysql', params={'param_1': 1})


def test_upd_correlated_where() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).where(exists().where(a.c.user_id == u.c.id)).values(age=0)
    assert_sql(stmt, 'UPDATE users SET age=:age WHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)', params={'age': 0})
    assert_sql(stmt, 'UPDATE users SET age=? WHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='sqlite', params={'age': 0})
    assert_sql(stmt, 'UPDATE users SET age=%(age)s WHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='postgresql', params={'age': 0})
    assert_sql(stmt, 'UPDATE users SET age=%(age)s WHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id)', dialect='mysql', params={'age': 0})


def test_upd_ordered() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).ordered_values((u.c.age, 5), (u.c.name, "x"))
    assert_sql(stmt, 'UPDATE users SET age=:age, name=:name', params={'age': 5, 'name': 'x'})
    assert_sql(stmt, 'UPDATE users SET age=?, name=?', dialect='sqlite', params={'age': 5, 'name': 'x'})
    assert_sql(stmt, 'UPDATE users SET age=%(age)s, name=%(name)s', dialect='postgresql', params={'age': 5, 'name': 'x'})
    assert_sql(stmt, 'UPDATE users SET age=%(age)s, name=%(name)s', dialect='mysql', params={'age': 5, 'name': 'x'})


def test_upd_from() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).where(u.c.id == a.c.user_id).where(a.c.email == "x").values(name=a.c.email)
    assert_sql(stmt, 'UPDATE users SET name=addresses.email FROM addresses WHERE users.id = addresses.user_id AND addresses.email = :email_1', params={'email_1': 'x'})
    assert_sql(stmt, 'UPDATE users SET name=addresses.email FROM addresses WHERE users.id = addresses.user_id AND addresses.email = ?', dialect='sqlite', params={'email_1': 'x'})
    assert_sql(stmt, 'UPDATE users SET name=addresses.email FROM addresses WHERE users.id = addresses.user_id AND addresses.email = %(email_1)s', dialect='postgresql', params={'email_1': 'x'})
    assert_sql(stmt, 'UPDATE users, addresses SET users.name=addresses.email WHERE users.id = addresses.user_id AND addresses.email = %(email_1)s', dialect='mysql', params={'email_1': 'x'})


def test_upd_from2() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).where(u.c.id == a.c.user_id, u.c.id == o.c.user_id).values(name="z")
    assert_sql(stmt, 'UPDATE users SET name=:name FROM addresses, orders WHERE users.id = addresses.user_id AND users.id = orders.user_id', params={'name': 'z'})
    assert_sql(stmt, 'UPDATE users SET name=? FROM addresses, orders WHERE users.id = addresses.user_id AND users.id = orders.user_id', dialect='sqlite', params={'name': 'z'})
    assert_sql(stmt, 'UPDATE users SET name=%(name)s FROM addresses, orders WHERE users.id = addresses.user_id AND users.id = orders.user_id', dialect='postgresql', params={'name': 'z'})
    assert_sql(stmt, 'UPDATE users, addresses, orders SET users.name=%(name)s WHERE users.id = addresses.user_id AND users.id = orders.user_id', dialect='mysql', params={'name': 'z'})


def test_del() -> None:
    u, a, o, i, nd = tables()
    stmt = delete(u).where(u.c.id == 5)
    assert_sql(stmt, 'DELETE FROM users WHERE users.id = :id_1', params={'id_1': 5})
    assert_sql(stmt, 'DELETE FROM users WHERE users.id = ?', dialect='sqlite', params={'id_1': 5})
    assert_sql(stmt, 'DELETE FROM users WHERE users.id = %(id_1)s', dialect='postgresql', params={'id_1': 5})
    assert_sql(stmt, 'DELETE FROM users WHERE users.id = %(id_1)s', dialect='mysql', params={'id_1': 5})


def test_del_all() -> None:
    u, a, o, i, nd = tables()
    stmt = delete(u)
    assert_sql(stmt, 'DELETE FROM users', params={})
    assert_sql(stmt, 'DELETE FROM users', dialect='sqlite', params={})
    assert_sql(stmt, 'DELETE FROM users', dialect='postgresql', params={})
    assert_sql(stmt, 'DELETE FROM users', dialect='mysql', params={})


def test_del_returning() -> None:
    u, a, o, i, nd = tables()
    stmt = delete(u).where(u.c.id == 5).returning(u.c.id)
    assert_sql(stmt, 'DELETE FROM users WHERE users.id = :id_1 RETURNING users.id', params={'id_1': 5})
    assert_sql(stmt, 'DELETE FROM users WHERE users.id = ? RETURNING id', dialect='sqlite', params={'id_1': 5})
    assert_sql(stmt, 'DELETE FROM users WHERE users.id = %(id_1)s RETURNING users.id', dialect='postgresql', params={'id_1': 5})


def test_del_correlated() -> None:
    u, a, o, i, nd = tables()
    stmt = delete(u).where(~exists().where(a.c.user_id == u.c.id))
    assert_sql(stmt, 'DELETE FROM users WHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id))', params={})
    assert_sql(stmt, 'DELETE FROM users WHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id))', dialect='sqlite', params={})
    assert_sql(stmt, 'DELETE FROM users WHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id))', dialect='postgresql', params={})
    assert_sql(stmt, 'DELETE FROM users WHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id))', dialect='mysql', params={})


def test_del_subq() -> None:
    u, a, o, i, nd = tables()
    stmt = delete(a).where(a.c.user_id.in_(select(u.c.id).where(u.c.age < 3)))
    assert_sql(stmt, 'DELETE FROM addresses WHERE addresses.user_id IN (SELECT users.id \nFROM users \nWHERE users.age < :age_1)', params={'age_1': 3})
    assert_sql(stmt, 'DELETE FROM addresses WHERE addresses.user_id IN (SELECT users.id \nFROM users \nWHERE users.age < ?)', dialect='sqlite', params={'age_1': 3})
    assert_sql(stmt, 'DELETE FROM addresses WHERE addresses.user_id IN (SELECT users.id \nFROM users \nWHERE users.age < %(age_1)s)', dialect='postgresql', params={'age_1': 3})
    assert_sql(stmt, 'DELETE FROM addresses WHERE addresses.user_id IN (SELECT users.id \nFROM users \nWHERE users.age < %(age_1)s)', dialect='mysql', params={'age_1': 3})


def test_del_multi() -> None:
    u, a, o, i, nd = tables()
    stmt = delete(a).where(a.c.user_id == u.c.id).where(u.c.name == "x")
    assert_sql(stmt, 'DELETE FROM addresses , users WHERE addresses.user_id = users.id AND users.name = :name_1', params={'name_1': 'x'})
    assert_sql(stmt, 'DELETE FROM addresses USING users WHERE addresses.user_id = users.id AND users.name = %(name_1)s', dialect='postgresql', params={'name_1': 'x'})
    assert_sql(stmt, 'DELETE FROM addresses USING addresses, users WHERE addresses.user_id = users.id AND users.name = %(name_1)s', dialect='mysql', params={'name_1': 'x'})


def test_upd_table_method() -> None:
    u, a, o, i, nd = tables()
    stmt = u.update().values(name="q").where(u.c.id == 2)
    assert_sql(stmt, 'UPDATE users SET name=:name WHERE users.id = :id_1', params={'name': 'q', 'id_1': 2})
    assert_sql(stmt, 'UPDATE users SET name=? WHERE users.id = ?', dialect='sqlite', params={'name': 'q', 'id_1': 2})
    assert_sql(stmt, 'UPDATE users SET name=%(name)s WHERE users.id = %(id_1)s', dialect='postgresql', params={'name': 'q', 'id_1': 2})
    assert_sql(stmt, 'UPDATE users SET name=%(name)s WHERE users.id = %(id_1)s', dialect='mysql', params={'name': 'q', 'id_1': 2})


def test_ins_cte() -> None:
    u, a, o, i, nd = tables()
    c = select(u.c.id, u.c.name).where(u.c.age > 1).cte("src")
    stmt = insert(a).from_select(["user_id", "email"], select(c.c.id, c.c.name))
    assert_sql(stmt, 'WITH src AS \n(SELECT users.id AS id, users.name AS name \nFROM users \nWHERE users.age > :age_1)\n INSERT INTO addresses (user_id, email) SELECT src.id, src.name \nFROM src', params={'age_1': 1})
    assert_sql(stmt, 'WITH src AS \n(SELECT users.id AS id, users.name AS name \nFROM users \nWHERE users.age > ?)\n INSERT INTO addresses (user_id, email) SELECT src.id, src.name \nFROM src', dialect='sqlite', params={'age_1': 1})
    assert_sql(stmt, 'WITH src AS \n(SELECT users.id AS id, users.name AS name \nFROM users \nWHERE users.age > %(age_1)s)\n INSERT INTO addresses (user_id, email) SELECT src.id, src.name \nFROM src', dialect='postgresql', params={'age_1': 1})
    assert_sql(stmt, 'INSERT INTO addresses (user_id, email) WITH src AS \n(SELECT users.id AS id, users.name AS name \nFROM users \nWHERE users.age > %(age_1)s)\n SELECT src.id, src.name \nFROM src', dialect='mysql', params={'age_1': 1})


def test_upd_bindparam() -> None:
    u, a, o, i, nd = tables()
    stmt = update(u).where(u.c.id == bindparam("b_id")).values(name=bindparam("b_name"))
    assert_sql(stmt, 'UPDATE users SET name=:b_name WHERE users.id = :b_id')
    assert_sql(stmt, 'UPDATE users SET name=? WHERE users.id = ?', dialect='sqlite')
    assert_sql(stmt, 'UPDATE users SET name=%(b_name)s WHERE users.id = %(b_id)s', dialect='postgresql')
    assert_sql(stmt, 'UPDATE users SET name=%(b_name)s WHERE users.id = %(b_id)s', dialect='mysql')


def test_ins_defaults() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("t", md, Column("id", Integer, primary_key=True), Column("x", Integer, default=5), Column("y", String, server_default="q"), Column("z", Integer, onupdate=7))
    stmt = t.insert().values(z=1)
    # ours differs from SQLAlchemy: construct_params() includes Python-side column defaults (the Compiled contract); SQLAlchemy fills them in its execution context
    assert_sql(stmt, 'INSERT INTO t (x, z) VALUES (:x, :z)', params={'x': 5, 'z': 1})
    # ours differs from SQLAlchemy: construct_params() includes Python-side column defaults (the Compiled contract); SQLAlchemy fills them in its execution context
    assert_sql(stmt, 'INSERT INTO t (x, z) VALUES (?, ?)', dialect='sqlite', params={'x': 5, 'z': 1})
    # ours differs from SQLAlchemy: construct_params() includes Python-side column defaults (the Compiled contract); SQLAlchemy fills them in its execution context
    assert_sql(stmt, 'INSERT INTO t (x, z) VALUES (%(x)s, %(z)s) RETURNING t.id', dialect='postgresql', params={'x': 5, 'z': 1})
    # ours differs from SQLAlchemy: construct_params() includes Python-side column defaults (the Compiled contract); SQLAlchemy fills them in its execution context
    assert_sql(stmt, 'INSERT INTO t (x, z) VALUES (%(x)s, %(z)s)', dialect='mysql', params={'x': 5, 'z': 1})


def test_upd_defaults() -> None:
    u, a, o, i, nd = tables()
    md = MetaData()
    t = Table("t", md, Column("id", Integer, primary_key=True), Column("x", Integer, default=5), Column("z", Integer, onupdate=7))
    stmt = t.update().values(x=1)
    # ours differs from SQLAlchemy: construct_params() includes Python-side onupdate values (the Compiled contract)
    assert_sql(stmt, 'UPDATE t SET x=:x, z=:z', params={'x': 1, 'z': 7})
    # ours differs from SQLAlchemy: construct_params() includes Python-side onupdate values (the Compiled contract)
    assert_sql(stmt, 'UPDATE t SET x=?, z=?', dialect='sqlite', params={'x': 1, 'z': 7})
    # ours differs from SQLAlchemy: construct_params() includes Python-side onupdate values (the Compiled contract)
    assert_sql(stmt, 'UPDATE t SET x=%(x)s, z=%(z)s', dialect='postgresql', params={'x': 1, 'z': 7})
    # ours differs from SQLAlchemy: construct_params() includes Python-side onupdate values (the Compiled contract)
    assert_sql(stmt, 'UPDATE t SET x=%(x)s, z=%(z)s', dialect='mysql', params={'x': 1, 'z': 7})
