"""aliased(): named and anonymous aliases, aliases of subqueries (adapt_on_names), aliases of aliases, and the column de-duplication of entities in select().

Every expected string was observed from SQLAlchemy 2.0 compiling the same statement on the same
models (tests/orm/querying/query_models.py)."""
from __future__ import annotations

import pytest
from assertsql import assert_sql

from orm import aliased, exists, func, select, with_polymorphic  # noqa: F401

import query_models


@pytest.fixture(scope="module")
def m():
    return query_models.build()


CASES = [
    ('alias_named', lambda m: (lambda a: select(a).where(a.email == "x"))(aliased(m.Address, name="a2")),
     'SELECT a2.id, a2.email, a2.user_id \nFROM addresses AS a2 \nWHERE a2.email = :email_1',
     {'email_1': 'x'}),
    ('alias_anon', lambda m: select(aliased(m.User)),
     'SELECT users_1.id, users_1.name \nFROM users AS users_1',
     {}),
    ('alias_two', lambda m: (lambda u1, u2: select(u1.name, u2.name).where(u1.id < u2.id))(aliased(m.User), aliased(m.User)),
     'SELECT users_1.name, users_2.name AS name_1 \nFROM users AS users_1, users AS users_2 \nWHERE users_1.id < users_2.id',
     {}),
    ('alias_with_entity', lambda m: (lambda ua: select(m.User, ua))(aliased(m.User)),
     'SELECT users.id, users.name, users_1.id AS id_1, users_1.name AS name_1 \nFROM users, users AS users_1',
     {}),
    ('alias_subquery', lambda m: (lambda sq: select(aliased(m.User, sq)))(select(m.User).where(m.User.name.like("e%")).subquery()),
     'SELECT anon_1.id, anon_1.name \nFROM (SELECT users.id AS id, users.name AS name \nFROM users \nWHERE users.name LIKE :name_1) AS anon_1',
     {'name_1': 'e%'}),
    ('alias_subquery_where', lambda m: (lambda ua: select(ua).where(ua.name == "x"))(aliased(m.User, select(m.User).where(m.User.id > 3).subquery("big"))),
     'SELECT big.id, big.name \nFROM (SELECT users.id AS id, users.name AS name \nFROM users \nWHERE users.id > :id_1) AS big \nWHERE big.name = :name_1',
     {'id_1': 3, 'name_1': 'x'}),
    ('alias_adapt_on_names', lambda m: (lambda ua: select(ua))(aliased(m.User, select(m.User.id, m.User.name).where(m.User.id > 3).subquery(), adapt_on_names=True)),
     'SELECT anon_1.id, anon_1.name \nFROM (SELECT users.id AS id, users.name AS name \nFROM users \nWHERE users.id > :id_1) AS anon_1',
     {'id_1': 3}),
    ('alias_select_from', lambda m: (lambda ua: select(func.count()).select_from(ua))(aliased(m.User, name="u")),
     'SELECT count(*) AS count_1 \nFROM users AS u',
     {}),
    ('alias_order', lambda m: (lambda ua: select(ua.name).order_by(ua.name.desc()))(aliased(m.User, name="u")),
     'SELECT u.name \nFROM users AS u ORDER BY u.name DESC',
     {}),
    ('alias_of_alias', lambda m: (lambda ua: select(aliased(ua, name="u2")))(aliased(m.User, name="u1")),
     'SELECT u2.id, u2.name \nFROM users AS u2',
     {}),
    ('dedupe_attr_entity', lambda m: select(m.User.id, m.User),
     'SELECT users.id, users.name \nFROM users',
     {}),
    ('dedupe_entity_attr', lambda m: select(m.User, m.User.id),
     'SELECT users.id, users.name, users.id AS id__1 \nFROM users',
     {}),
    ('dedupe_twice', lambda m: select(m.User, m.User),
     'SELECT users.id, users.name \nFROM users',
     {}),
    ('table_alias', lambda m: select(aliased(m.User.__table__, name="ut")),
     'SELECT ut.id, ut.name \nFROM users AS ut',
     {}),
    ('exists_alias', lambda m: (lambda ua: select(m.User).where(exists().where(ua.id == m.User.id)))(aliased(m.User, name="x")),
     'SELECT users.id, users.name \nFROM users \nWHERE EXISTS (SELECT * \nFROM users AS x \nWHERE x.id = users.id)',
     {}),
]


@pytest.mark.parametrize("name,build,expected,params", CASES, ids=[c[0] for c in CASES])
def test_compiles_as_sqlalchemy(m, name, build, expected, params):
    assert_sql(build(m), expected, params=params)
