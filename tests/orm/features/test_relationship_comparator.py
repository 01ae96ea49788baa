"""relationship(..., comparator_factory=...) with a RelationshipProperty.Comparator subclass:
redefined ==, added methods built on any()/has(), operators left to the default, aliased entities,
of_type(); the same SQL as SQLAlchemy and the same rows on the three databases."""

import functools
import importlib
import os

import pytest


@functools.lru_cache(maxsize=None)
def build(pkg: str):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    sfx = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class Base(so.DeclarativeBase):
        pass

    class AddressComparator(so.RelationshipProperty.Comparator):
        def __eq__(self, other):
            if isinstance(other, str):  # user.addresses == "x@y": any address with that email
                return self.any(self.mapper.class_.email == other)
            return super().__eq__(other)

        def with_email(self, pattern):
            return self.any(self.mapper.class_.email.like(pattern))

    class UserComparator(so.Relationship.Comparator):
        def named(self, name):
            return self.has(self.entity.class_.name == name)

        def __ne__(self, other):
            if isinstance(other, str):
                return ~self.named(other)
            return super().__ne__(other)

    class User(Base):
        __tablename__ = "rc_users_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))
        addresses = so.relationship("Address", back_populates="user", comparator_factory=AddressComparator,
                                    order_by="Address.id")

    class Address(Base):
        __tablename__ = "rc_addresses_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        email = so.mapped_column(sa.String(40))
        user_id = so.mapped_column(sa.ForeignKey(User.id))
        user = so.relationship(User, back_populates="addresses", comparator_factory=UserComparator)

    so.configure_mappers()
    return sa, so, Base, User, Address


def _statements(sa, so, User, Address, u1):
    ua = so.aliased(User, name="ua")
    aa = so.aliased(Address, name="aa")
    return {
        "eq_redefined": sa.select(User.id).where(User.addresses == "b@x.org"),
        "reflected": sa.select(User.id).where("b@x.org" == User.addresses),
        "method": sa.select(User.id).where(User.addresses.with_email("%@y.org")),
        "any_default": sa.select(User.id).where(User.addresses.any(Address.id > 1)),
        "contains_default": sa.select(User.id).where(User.addresses.contains(Address(id=3))),
        "m2o_method": sa.select(Address.id).where(Address.user.named("ed")),
        "m2o_ne": sa.select(Address.id).where(Address.user != "ed"),
        "m2o_eq_object": sa.select(Address.id).where(Address.user == u1),
        "m2o_eq_none": sa.select(Address.id).where(Address.user == None),  # noqa: E711
        "m2o_has_default": sa.select(Address.id).where(Address.user.has(User.id == 2)),
        "aliased_method": sa.select(ua.id).where(ua.addresses.with_email("%@x.org")),
        "aliased_m2o": sa.select(aa.id).where(aa.user.named("ed")),
        "join": sa.select(User.id).join(User.addresses).where(Address.id > 1),
        "not": sa.select(User.id).where(~User.addresses.with_email("%@x.org")),
    }


def test_sql_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, User, Address = build(pkg)
        u1 = User(id=1, name="ed")
        pg = importlib.import_module(pkg + ".dialects.postgresql").dialect()
        out.append({n: (str(s), str(s.compile(dialect=pg))) for n, s in _statements(sa, so, User, Address, u1).items()})
    assert out[1] == out[0]
    assert "EXISTS" in out[1]["method"][0] and "LIKE" in out[1]["method"][0]


def test_comparator_api_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, User, Address = build(pkg)
        cmp = User.addresses.comparator
        ua = so.aliased(User)
        out.append((type(cmp).__name__, cmp.prop is sa.inspect(User).attrs.addresses, cmp.mapper is sa.inspect(Address),
                    cmp.entity is sa.inspect(Address), issubclass(so.RelationshipProperty.Comparator, so.PropComparator),
                    type(ua.addresses.comparator).__name__, type(Address.user.comparator).__name__,
                    str(cmp.__clause_element__())))
    assert out[1] == out[0]


def _rows(pkg, both):
    sa, so, Base, User, Address = build(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with so.Session(engine) as s:
            u1, u2, u3 = User(id=1, name="ed"), User(id=2, name="wendy"), User(id=3, name="jack")
            s.add_all([u1, u2, u3, Address(id=1, email="a@x.org", user=u1), Address(id=2, email="b@x.org", user=u1),
                       Address(id=3, email="c@y.org", user=u2), Address(id=4, email="d@z.org")])
            s.commit()
            got = {}
            for name, stmt in _statements(sa, so, User, Address, u1).items():
                if name == "contains_default":
                    continue  # a transient Address: compared by its key only
                got[name] = sorted(s.scalars(stmt).all())
            got["filter_by_query"] = sorted(u.id for u in s.query(User).filter(User.addresses == "c@y.org"))
            return got
    finally:
        Base.metadata.drop_all(engine)


def test_rows_match_sqlalchemy(both):
    ours = _rows("orm", both)
    assert ours == _rows("sqlalchemy", both)
    assert ours["eq_redefined"] == [1] and ours["method"] == [2] and ours["m2o_method"] == [1, 2]
    assert ours["m2o_ne"] == [3, 4]
