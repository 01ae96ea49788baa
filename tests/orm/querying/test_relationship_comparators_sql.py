"""Relationship comparators: any(), has(), contains(), == / != against objects and None, of_type(); self-referential, many-to-many and aliased parents.

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
    ('any_crit', lambda m: select(m.User).where(m.User.addresses.any(m.Address.email.like("%x"))),
     'SELECT users.id, users.name \nFROM users \nWHERE EXISTS (SELECT 1 \nFROM addresses \nWHERE users.id = addresses.user_id AND addresses.email LIKE :email_1)',
     {'email_1': '%x'}),
    ('any_plain', lambda m: select(m.User).where(m.User.addresses.any()),
     'SELECT users.id, users.name \nFROM users \nWHERE EXISTS (SELECT 1 \nFROM addresses \nWHERE users.id = addresses.user_id)',
     {}),
    ('any_kwargs', lambda m: select(m.User).where(m.User.addresses.any(email="x")),
     'SELECT users.id, users.name \nFROM users \nWHERE EXISTS (SELECT 1 \nFROM addresses \nWHERE users.id = addresses.user_id AND addresses.email = :email_1)',
     {'email_1': 'x'}),
    ('not_any', lambda m: select(m.User).where(~m.User.addresses.any()),
     'SELECT users.id, users.name \nFROM users \nWHERE NOT (EXISTS (SELECT 1 \nFROM addresses \nWHERE users.id = addresses.user_id))',
     {}),
    ('has_crit', lambda m: select(m.Address).where(m.Address.user.has(m.User.name == "e")),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses \nWHERE EXISTS (SELECT 1 \nFROM users \nWHERE users.id = addresses.user_id AND users.name = :name_1)',
     {'name_1': 'e'}),
    ('has_plain', lambda m: select(m.Address).where(m.Address.user.has()),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses \nWHERE EXISTS (SELECT 1 \nFROM users \nWHERE users.id = addresses.user_id)',
     {}),
    ('any_m2m', lambda m: select(m.User).where(m.User.keywords.any(m.Keyword.word == "k")),
     'SELECT users.id, users.name \nFROM users \nWHERE EXISTS (SELECT 1 \nFROM keywords, user_keywords \nWHERE users.id = user_keywords.user_id AND keywords.id = user_keywords.keyword_id AND keywords.word = :word_1)',
     {'word_1': 'k'}),
    ('any_selfref', lambda m: select(m.Node).where(m.Node.children.any(m.Node.data == "x")),
     'SELECT nodes.id, nodes.parent_id, nodes.data \nFROM nodes \nWHERE EXISTS (SELECT 1 \nFROM nodes AS nodes_1 \nWHERE nodes.id = nodes_1.parent_id AND nodes_1.data = :data_1)',
     {'data_1': 'x'}),
    ('has_selfref', lambda m: select(m.Node).where(m.Node.parent.has(m.Node.data == "x")),
     'SELECT nodes.id, nodes.parent_id, nodes.data \nFROM nodes \nWHERE EXISTS (SELECT 1 \nFROM nodes AS nodes_1 \nWHERE nodes_1.id = nodes.parent_id AND nodes_1.data = :data_1)',
     {'data_1': 'x'}),
    ('any_alias_parent', lambda m: (lambda u: select(u).where(u.addresses.any(m.Address.email == "x")))(aliased(m.User, name="u")),
     'SELECT u.id, u.name \nFROM users AS u \nWHERE EXISTS (SELECT 1 \nFROM addresses \nWHERE u.id = addresses.user_id AND addresses.email = :email_1)',
     {'email_1': 'x'}),
    ('any_of_type_alias', lambda m: (lambda a: select(m.User).where(m.User.addresses.of_type(a).any(a.email == "x")))(aliased(m.Address, name="a")),
     'SELECT users.id, users.name \nFROM users \nWHERE EXISTS (SELECT 1 \nFROM addresses AS a \nWHERE users.id = a.user_id AND a.email = :email_1)',
     {'email_1': 'x'}),
    ('any_in_joined', lambda m: select(m.User).join(m.User.addresses).where(m.User.addresses.any(m.Address.email == "z")),
     'SELECT users.id, users.name \nFROM users JOIN addresses ON users.id = addresses.user_id \nWHERE EXISTS (SELECT 1 \nFROM addresses \nWHERE users.id = addresses.user_id AND addresses.email = :email_1)',
     {'email_1': 'z'}),
    ('eq_obj', lambda m: select(m.Address).where(m.Address.user == m.User(id=5, name="x")),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses \nWHERE :param_1 = addresses.user_id',
     {'param_1': 5}),
    ('ne_obj', lambda m: select(m.Address).where(m.Address.user != m.User(id=5, name="x")),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses \nWHERE addresses.user_id != :user_id_1 OR addresses.user_id IS NULL',
     {'user_id_1': 5}),
    ('eq_none', lambda m: select(m.Address).where(m.Address.user == None),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses \nWHERE addresses.user_id IS NULL',
     {}),
    ('ne_none', lambda m: select(m.Address).where(m.Address.user != None),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses \nWHERE addresses.user_id IS NOT NULL',
     {}),
    ('coll_eq_none', lambda m: select(m.User).where(m.User.addresses == None),
     'SELECT users.id, users.name \nFROM users \nWHERE NOT (EXISTS (SELECT 1 \nFROM addresses \nWHERE users.id = addresses.user_id))',
     {}),
    ('coll_ne_none', lambda m: select(m.User).where(m.User.addresses != None),
     'SELECT users.id, users.name \nFROM users \nWHERE EXISTS (SELECT 1 \nFROM addresses \nWHERE users.id = addresses.user_id)',
     {}),
    ('contains_o2m', lambda m: select(m.User).where(m.User.addresses.contains(m.Address(id=7, email="e", user_id=5))),
     'SELECT users.id, users.name \nFROM users \nWHERE users.id = :param_1',
     {'param_1': 5}),
    ('contains_m2m', lambda m: select(m.User).where(m.User.keywords.contains(m.Keyword(id=3, word="k"))),
     'SELECT users.id, users.name \nFROM users, user_keywords AS user_keywords_1 \nWHERE users.id = user_keywords_1.user_id AND :param_1 = user_keywords_1.keyword_id',
     {'param_1': 3}),
    ('eq_selfref', lambda m: select(m.Node).where(m.Node.parent == m.Node(id=3, data="d")),
     'SELECT nodes.id, nodes.parent_id, nodes.data \nFROM nodes \nWHERE :param_1 = nodes.parent_id',
     {'param_1': 3}),
    ('eq_alias_parent', lambda m: (lambda a: select(a).where(a.user == m.User(id=2, name="n")))(aliased(m.Address, name="ad")),
     'SELECT ad.id, ad.email, ad.user_id \nFROM addresses AS ad \nWHERE :param_1 = ad.user_id',
     {'param_1': 2}),
    ('has_and_more', lambda m: select(m.Address).where(m.Address.user.has(m.User.name == "e"), m.Address.email == "x"),
     'SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses \nWHERE (EXISTS (SELECT 1 \nFROM users \nWHERE users.id = addresses.user_id AND users.name = :name_1)) AND addresses.email = :email_1',
     {'name_1': 'e', 'email_1': 'x'}),
]


@pytest.mark.parametrize("name,build,expected,params", CASES, ids=[c[0] for c in CASES])
def test_compiles_as_sqlalchemy(m, name, build, expected, params):
    assert_sql(build(m), expected, params=params)
