"""Joins in 2.0 select(): relationship attributes, entities (ON from foreign keys), aliased and self-referential targets, many-to-many through the secondary table, join_from, outer and full joins, filter_by after joins.

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
    ('rel', lambda m: select(m.User).join(m.User.addresses),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('entity_rel', lambda m: select(m.User).join(m.Address, m.User.addresses),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('fk_inference', lambda m: select(m.User).join(m.Address),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('fk_inference_reverse', lambda m: select(m.Address).join(m.User),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses JOIN users ON users.id = addresses.user_id',
     {}),
    ('outer_rel', lambda m: select(m.User).outerjoin(m.User.addresses),
     'SELECT users.id, users.name \nFROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('outer_entity', lambda m: select(m.User).outerjoin(m.Address),
     'SELECT users.id, users.name \nFROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('join_from', lambda m: select(m.User.name).join_from(m.User, m.Address),
     'SELECT users.name \nFROM users JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('join_from_rel', lambda m: select(m.User.name, m.Address.email).join_from(m.User, m.Address, m.User.addresses),
     'SELECT users.name, addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('full', lambda m: select(m.User).join(m.User.addresses, full=True),
     'SELECT users.id, users.name \nFROM users FULL OUTER JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('isouter', lambda m: select(m.User).join(m.User.addresses, isouter=True),
     'SELECT users.id, users.name \nFROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('explicit_on', lambda m: select(m.User).join(m.Address, m.User.id == m.Address.user_id),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id',
     {}),
    ('m2o', lambda m: select(m.Address).join(m.Address.user),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses JOIN users ON users.id = addresses.user_id',
     {}),
    ('m2o_cols', lambda m: select(m.User.name, m.Address.email).join(m.Address.user),
     'SELECT users.name, addresses.email \nFROM addresses JOIN users ON users.id = addresses.user_id',
     {}),
    ('m2m', lambda m: select(m.User).join(m.User.keywords).where(m.Keyword.word == "x"),
     'SELECT users.id, users.name \nFROM users JOIN user_keywords AS user_keywords_1 ON users.id = user_keywords_1.user_id JOIN keywords ON keywords.id = user_keywords_1.keyword_id \nWHERE keywords.word = :word_1',
     {'word_1': 'x'}),
    ('m2m_outer', lambda m: select(m.User).outerjoin(m.User.keywords),
     'SELECT users.id, users.name \nFROM users LEFT OUTER JOIN (user_keywords AS user_keywords_1 JOIN keywords ON keywords.id = user_keywords_1.keyword_id) ON users.id = user_keywords_1.user_id',
     {}),
    ('m2m_chain', lambda m: select(m.User).join_from(m.User, m.Address).join(m.Keyword, m.User.keywords),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id JOIN user_keywords AS user_keywords_1 ON users.id = user_keywords_1.user_id JOIN keywords ON keywords.id = user_keywords_1.keyword_id',
     {}),
    ('chain', lambda m: select(m.User).join(m.User.addresses).join(m.Address.user.of_type(aliased(m.User, name="u2"))),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id JOIN users AS u2 ON u2.id = addresses.user_id',
     {}),
    ('two_aliases', lambda m: (lambda a1, a2: select(m.User.name, a1.email, a2.email).join(m.User.addresses.of_type(a1)).join(m.User.addresses.of_type(a2)).where(a1.email != a2.email))(aliased(m.Address, name="a1"), aliased(m.Address, name="a2")),
     'SELECT users.name, a1.email, a2.email AS email_1 \nFROM users JOIN addresses AS a1 ON users.id = a1.user_id JOIN addresses AS a2 ON users.id = a2.user_id \nWHERE a1.email != a2.email',
     {}),
    ('alias_of_type', lambda m: (lambda a: select(m.User, a).join(m.User.addresses.of_type(a)))(aliased(m.Address)),
     'SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id \nFROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id',
     {}),
    ('alias_target_rel', lambda m: (lambda a: select(m.User, a).join(a, m.User.addresses))(aliased(m.Address)),
     'SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id \nFROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id',
     {}),
    ('alias_target_fk', lambda m: (lambda a: select(m.User, a).join(a))(aliased(m.Address)),
     'SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id \nFROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id',
     {}),
    ('alias_left', lambda m: (lambda u: select(u).join(u.addresses))(aliased(m.User, name="u1")),
     'SELECT u1.id, u1.name \nFROM users AS u1 JOIN addresses ON u1.id = addresses.user_id',
     {}),
    ('alias_left_fk', lambda m: (lambda u: select(u).join(m.Address))(aliased(m.User, name="u1")),
     'SELECT u1.id, u1.name \nFROM users AS u1 JOIN addresses ON u1.id = addresses.user_id',
     {}),
    ('selfref_parent', lambda m: (lambda n: select(m.Node).join(m.Node.parent.of_type(n)).where(n.data == "p"))(aliased(m.Node)),
     'SELECT nodes.id, nodes.parent_id, nodes.data \nFROM nodes JOIN nodes AS nodes_1 ON nodes_1.id = nodes.parent_id \nWHERE nodes_1.data = :data_1',
     {'data_1': 'p'}),
    ('selfref_children', lambda m: (lambda n: select(m.Node).join(n, m.Node.children))(aliased(m.Node)),
     'SELECT nodes.id, nodes.parent_id, nodes.data \nFROM nodes JOIN nodes AS nodes_1 ON nodes.id = nodes_1.parent_id',
     {}),
    ('selfref_from_alias', lambda m: (lambda n: select(n.data, m.Node.data).join(n.children))(aliased(m.Node, name="p")),
     'SELECT p.data, nodes.data AS data_1 \nFROM nodes AS p JOIN nodes ON p.id = nodes.parent_id',
     {}),
    ('filter_by_joined', lambda m: select(m.User).join(m.User.addresses).filter_by(email="e"),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id \nWHERE addresses.email = :email_1',
     {'email_1': 'e'}),
    ('filter_by_first', lambda m: select(m.User).filter_by(name="ed"),
     'SELECT users.id, users.name \nFROM users \nWHERE users.name = :name_1',
     {'name_1': 'ed'}),
    ('filter_by_alias', lambda m: (lambda a: select(m.User).join(a, m.User.addresses).filter_by(email="x"))(aliased(m.Address, name="ad")),
     'SELECT users.id, users.name \nFROM users JOIN addresses AS ad ON users.id = ad.user_id \nWHERE ad.email = :email_1',
     {'email_1': 'x'}),
    ('where_then_join', lambda m: select(m.User).where(m.User.name == "x").join(m.User.addresses).where(m.Address.email == "y"),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id \nWHERE users.name = :name_1 AND addresses.email = :email_1',
     {'name_1': 'x', 'email_1': 'y'}),
    ('count_join', lambda m: select(func.count(m.Address.id)).join(m.Address.user).where(m.User.name == "ed"),
     'SELECT count(addresses.id) AS count_1 \nFROM addresses JOIN users ON users.id = addresses.user_id \nWHERE users.name = :name_1',
     {'name_1': 'ed'}),
]


@pytest.mark.parametrize("name,build,expected,params", CASES, ids=[c[0] for c in CASES])
def test_compiles_as_sqlalchemy(m, name, build, expected, params):
    assert_sql(build(m), expected, params=params)
