"""Statement cache keys: equal for the same shape whatever the bound values, different for a
different shape; a cached compiled form takes a new statement's values through
``construct_params(extracted=...)``."""
from __future__ import annotations

from assertsql import compile_sql
from sql_tables import tables

from orm import bindparam, func, literal, select, text, update


def _key(stmt):
    return stmt._generate_cache_key()


def test_same_shape_equal_keys_with_different_values() -> None:
    u, a, o, i, nd = tables()
    k1 = _key(select(u.c.id).where(u.c.name == "ed", u.c.id > 5).limit(3))
    k2 = _key(select(u.c.id).where(u.c.name == "wendy", u.c.id > 9).limit(10))
    assert k1[0] == k2[0]
    assert [b.value for b in k1[1]] == ["ed", 5, 3]
    assert [b.value for b in k2[1]] == ["wendy", 9, 10]


def test_different_shape_different_keys() -> None:
    u, a, o, i, nd = tables()
    base = select(u.c.id).where(u.c.name == "ed")
    others = [
        select(u.c.id).where(u.c.name != "ed"),
        select(u.c.name).where(u.c.name == "ed"),
        select(u.c.id).where(u.c.fullname == "ed"),
        base.order_by(u.c.id),
        base.limit(1),
        base.distinct(),
        select(u.c.id).where(u.c.name == "ed", u.c.id == 1),
        select(a.c.id).where(a.c.email == "ed"),
        select(u.c.id).where(u.c.name.in_(["ed"])),
        base.with_for_update(),
        select(u.c.id).where(u.c.name == bindparam("n")),
    ]
    keys = {_key(s)[0] for s in others}
    assert _key(base)[0] not in keys
    assert len(keys) == len(others)


def test_cached_compiled_form_takes_new_values() -> None:
    u, a, o, i, nd = tables()
    first = select(u.c.id).where(u.c.name == "ed", u.c.id.in_([1, 2])).limit(3)
    compiled = compile_sql(first, "sqlite")
    assert compiled.construct_params() == {"name_1": "ed", "id_1": [1, 2], "param_1": 3, "param_2": 0}
    second = select(u.c.id).where(u.c.name == "jack", u.c.id.in_([7, 8, 9])).limit(5)
    key, extracted = _key(second)
    assert key == _key(first)[0]
    params = compiled.construct_params(extracted=extracted)
    assert params == {"name_1": "jack", "id_1": [7, 8, 9], "param_1": 5, "param_2": 0}
    assert compiled.expanded(params) == (
        "SELECT users.id \nFROM users \nWHERE users.name = ? AND users.id IN (?, ?, ?)\n LIMIT ? OFFSET ?",
        ("jack", 7, 8, 9, 5, 0))


def test_anonymous_names_numbered_per_statement() -> None:
    u, a, o, i, nd = tables()

    def build():
        sq = select(a.c.user_id, func.count(a.c.id).label("n")).group_by(a.c.user_id).subquery()
        a1, a2 = a.alias(), a.alias()
        return (select(u.c.name, sq.c.n, func.max(u.c.age), literal(1))
                .join(sq, u.c.id == sq.c.user_id)
                .join(a1, a1.c.user_id == u.c.id).join(a2, a2.c.user_id == u.c.id)
                .where(a1.c.email == "x"))

    s1, s2 = build(), build()
    assert _key(s1)[0] == _key(s2)[0]
    assert str(s1) == str(s2)
    assert "anon_1" in str(s1) and "addresses_1" in str(s1) and "addresses_2" in str(s1)


def test_bindparam_and_text_keys() -> None:
    u, a, o, i, nd = tables()
    assert _key(select(u.c.id).where(u.c.id == bindparam("x")))[0] != \
        _key(select(u.c.id).where(u.c.id == bindparam("y")))[0]
    t1 = text("SELECT * FROM users WHERE id = :id").bindparams(id=1)
    t2 = text("SELECT * FROM users WHERE id = :id").bindparams(id=2)
    assert _key(t1)[0] == _key(t2)[0]
    assert _key(t1)[0] != _key(text("SELECT * FROM users WHERE id > :id"))[0]


def test_params_override_values_not_shape() -> None:
    u, a, o, i, nd = tables()
    stmt = select(u.c.id).where(u.c.id == bindparam("x", 1), text("age > :a")).params(a=7)
    again = stmt.params(x=5)
    assert _key(stmt)[0] == _key(again)[0]
    compiled = compile_sql(stmt, "sqlite")
    assert compiled.construct_params() == {"x": 1, "a": 7}
    assert compiled.construct_params(extracted=_key(again)[1]) == {"x": 5, "a": 7}
    assert compile_sql(again, "sqlite").construct_params() == {"x": 5, "a": 7}


def test_dml_keys() -> None:
    u, a, o, i, nd = tables()
    k1 = _key(update(u).where(u.c.id == 1).values(name="a"))
    k2 = _key(update(u).where(u.c.id == 2).values(name="b"))
    k3 = _key(update(u).where(u.c.id == 2).values(fullname="b"))
    assert k1[0] == k2[0] != k3[0]
