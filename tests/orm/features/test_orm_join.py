"""orm.orm.join() / outerjoin(): relationship, foreign-key, expression and many-to-many ON
clauses, aliased targets, chained joins; the same SQL as SQLAlchemy's and the same rows on the
three databases."""

import importlib
import os

import pytest


def build(pkg: str):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    sfx = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class Base(so.DeclarativeBase):
        pass

    link = sa.Table("oj_user_kw_" + sfx, Base.metadata,
                    sa.Column("user_id", sa.ForeignKey(f"oj_users_{sfx}.id"), primary_key=True),
                    sa.Column("kw_id", sa.ForeignKey(f"oj_keywords_{sfx}.id"), primary_key=True))

    class User(Base):
        __tablename__ = "oj_users_" + sfx
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        name = sa.Column(sa.String(20))
        addresses = so.relationship("Address", back_populates="user")
        keywords = so.relationship("Keyword", secondary=link)

    class Address(Base):
        __tablename__ = "oj_addresses_" + sfx
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        user_id = sa.Column(sa.ForeignKey(User.__tablename__ + ".id"))
        email = sa.Column(sa.String(20))
        user = so.relationship("User", back_populates="addresses")
        orders = so.relationship("Order")

    class Order(Base):
        __tablename__ = "oj_orders_" + sfx
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        address_id = sa.Column(sa.ForeignKey(Address.__tablename__ + ".id"))

    class Keyword(Base):
        __tablename__ = "oj_keywords_" + sfx
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        word = sa.Column(sa.String(20))

    return sa, so, Base, User, Address, Order, Keyword


def _statements(sa, so, User, Address, Order, Keyword, full=True):
    a = so.aliased(Address, name="a2")
    out = {
        "relationship": sa.select(User.name, Address.email).select_from(so.join(User, Address, User.addresses)),
        "foreign_keys": sa.select(User.name, Address.email).select_from(so.join(User, Address)),
        "expression": sa.select(User.name, Address.email).select_from(
            so.join(User, Address, User.id == Address.user_id)),
        "outerjoin": sa.select(User.name, Address.email).select_from(so.outerjoin(User, Address, User.addresses)),
        "isouter": sa.select(User.name, Address.email).select_from(
            so.join(User, Address, User.addresses, isouter=True)),
        "aliased": sa.select(User.name, a.email).select_from(so.join(User, a, User.addresses)),
        "of_type": sa.select(User.name, a.email).select_from(so.join(User, a, User.addresses.of_type(a))),
        "chained": sa.select(User.name, Order.id).select_from(
            so.join(User, Address, User.addresses).join(Order, Address.orders)),
        "chained_outer": sa.select(User.name, Order.id).select_from(
            so.join(User, Address, User.addresses).outerjoin(Order, Address.orders)),
        "many_to_many": sa.select(User.name, Keyword.word).select_from(so.join(User, Keyword, User.keywords)),
        "many_to_many_outer": sa.select(User.name, Keyword.word).select_from(
            so.outerjoin(User, Keyword, User.keywords)),
        "many_to_one": sa.select(Address.email, User.name).select_from(so.join(Address, User, Address.user)),
        "tables": sa.select(User.name, Address.email).select_from(so.join(User.__table__, Address.__table__)),
    }
    if full:
        out["full"] = sa.select(User.name).select_from(so.join(User, Address, User.addresses, full=True))
    return out


def test_sql_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, *models = build(pkg)
        got = {k: str(v) for k, v in _statements(sa, so, *models).items()}
        j = so.join(models[0], models[1], models[0].addresses)
        got["join_str"] = str(j)
        got["join_keys"] = list(j.c.keys())
        got["is_core_join"] = isinstance(j, sa.sql.expression.Join)
        got["flat_join_is_core"] = sa.join is importlib.import_module(pkg + ".sql.expression").join
        out.append(got)
        Base.registry.dispose()
    assert out[1] == out[0]


def _rows(pkg, both):
    sa, so, Base, User, Address, Order, Keyword = build(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with so.Session(engine) as s:
            k1, k2 = Keyword(id=1, word="k1"), Keyword(id=2, word="k2")
            ed = User(id=1, name="ed", keywords=[k1, k2])
            s.add_all([ed, User(id=2, name="al"), Address(id=1, email="x", user=ed, orders=[Order(id=1)]),
                       Address(id=2, email="y", user=ed)])
            s.commit()
            out = {}
            for name, stmt in _statements(sa, so, User, Address, Order, Keyword, full=False).items():
                out[name] = sorted(s.execute(stmt).all(), key=repr)
            out["query"] = s.query(User.name).select_from(so.join(User, Address, User.addresses)).order_by(
                Address.id).all()
            return out
    finally:
        Base.metadata.drop_all(engine)


def test_rows_match_sqlalchemy(both):
    ours = _rows("orm", both)
    assert ours == _rows("sqlalchemy", both)
    assert ours["outerjoin"] == [("al", None), ("ed", "x"), ("ed", "y")]
