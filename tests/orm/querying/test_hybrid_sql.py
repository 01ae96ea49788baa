"""hybrid_property / hybrid_method, column_property (expressions and correlated subqueries) and synonym in queries, on the class and through aliases.

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
    ('entity_cols', lambda m: select(m.Person),
     'SELECT people.first || :param_1 || people.last AS anon_1, people.id, people.first, people.last, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = people.id) AS anon_2 \nFROM people',
     {'param_1': ' '}),
    ('colprop_select', lambda m: select(m.Person.fullname),
     'SELECT people.first || :param_1 || people.last AS anon_1 \nFROM people',
     {'param_1': ' '}),
    ('colprop_where', lambda m: select(m.Person.id).where(m.Person.fullname == "a b"),
     'SELECT people.id \nFROM people \nWHERE (people.first || :param_1 || people.last) = :param_2',
     {'param_1': ' ', 'param_2': 'a b'}),
    ('synonym_where', lambda m: select(m.Person.id).where(m.Person.nick == "a"),
     'SELECT people.id \nFROM people \nWHERE people.first = :first_1',
     {'first_1': 'a'}),
    ('synonym_select', lambda m: select(m.Person.nick),
     'SELECT people.first \nFROM people',
     {}),
    ('hybrid_where', lambda m: select(m.Person.id).where(m.Person.full == "x"),
     'SELECT people.id \nFROM people \nWHERE (people.first || :first_1 || people.last) = :param_1',
     {'first_1': ' ', 'param_1': 'x'}),
    ('hybrid_select', lambda m: select(m.Person.full),
     'SELECT people.first || :first_1 || people.last AS "full" \nFROM people',
     {'first_1': ' '}),
    ('hybrid_method_where', lambda m: select(m.Person.id).where(m.Person.named("x")),
     'SELECT people.id \nFROM people \nWHERE people.first = :first_1',
     {'first_1': 'x'}),
    ('hybrid_expression_select', lambda m: select(m.Person.length),
     'SELECT length(people.first) AS length_1 \nFROM people',
     {}),
    ('hybrid_order', lambda m: select(m.Person.id).order_by(m.Person.full),
     'SELECT people.id \nFROM people ORDER BY people.first || :first_1 || people.last',
     {'first_1': ' '}),
    ('hybrid_desc', lambda m: select(m.Person.id).order_by(m.Person.full.desc()),
     'SELECT people.id \nFROM people ORDER BY people.first || :first_1 || people.last DESC',
     {'first_1': ' '}),
    ('alias_entity', lambda m: select(aliased(m.Person, name="u")),
     'SELECT u.first || :param_1 || u.last AS anon_1, u.id, u.first, u.last, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = u.id) AS anon_2 \nFROM people AS u',
     {'param_1': ' '}),
    ('alias_attrs', lambda m: (lambda u: select(u.fullname, u.full, u.nick).where(u.named("x")))(aliased(m.Person, name="u")),
     'SELECT u.first || :param_1 || u.last AS anon_1, u.first || :first_1 || u.last AS "full", u.first \nFROM people AS u \nWHERE u.first = :first_2',
     {'param_1': ' ', 'first_1': ' ', 'first_2': 'x'}),
    ('filter_by_synonym', lambda m: select(m.Person.id).filter_by(nick="x"),
     'SELECT people.id \nFROM people \nWHERE people.first = :first_1',
     {'first_1': 'x'}),
    ('filter_by_hybrid', lambda m: select(m.Person.id).filter_by(full="a b"),
     'SELECT people.id \nFROM people \nWHERE (people.first || :first_1 || people.last) = :param_1',
     {'first_1': ' ', 'param_1': 'a b'}),
    ('colprop_subquery', lambda m: select(m.Person.id, m.Person.address_count),
     'SELECT people.id, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = people.id) AS anon_1 \nFROM people',
     {}),
    ('rectangle', lambda m: select(m.Rectangle).where(m.Rectangle.area > 100),
     'SELECT rectangles.id, rectangles.width, rectangles.height \nFROM rectangles \nWHERE rectangles.width * rectangles.height > :param_1',
     {'param_1': 100}),
    ('rectangle_select', lambda m: select(m.Rectangle.area),
     'SELECT rectangles.width * rectangles.height AS area \nFROM rectangles',
     {}),
    ('hybrid_label', lambda m: select(m.Person.full.label("f")),
     'SELECT people.first || :first_1 || people.last AS f \nFROM people',
     {'first_1': ' '}),
    ('hybrid_in_func', lambda m: select(func.upper(m.Person.full)),
     'SELECT upper(people.first || :first_1 || people.last) AS upper_1 \nFROM people',
     {'first_1': ' '}),
]


@pytest.mark.parametrize("name,build,expected,params", CASES, ids=[c[0] for c in CASES])
def test_compiles_as_sqlalchemy(m, name, build, expected, params):
    assert_sql(build(m), expected, params=params)
