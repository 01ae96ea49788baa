"""with_parent(), WriteOnlyMapped / DynamicMapped annotations and clear_mappers(): the same SQL and
rows as SQLAlchemy on the three databases."""
import importlib
import subprocess
import sys
import textwrap

import pytest


def build(pkg, prefix):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")

    class Base(so.DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = prefix + "user"
        id: so.Mapped[int] = so.mapped_column(primary_key=True)
        addresses: so.Mapped[list["Address"]] = so.relationship(back_populates="user", order_by=lambda: Address.id)
        keywords: so.Mapped[list["Keyword"]] = so.relationship(secondary=lambda: user_keyword)
        posts: so.WriteOnlyMapped["Address"] = so.relationship(viewonly=True, order_by=lambda: Address.id)
        notes: so.DynamicMapped["Address"] = so.relationship(viewonly=True, order_by=lambda: Address.id)

    class Address(Base):
        __tablename__ = prefix + "address"
        id: so.Mapped[int] = so.mapped_column(primary_key=True)
        user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey(prefix + "user.id"))
        user: so.Mapped[User] = so.relationship(back_populates="addresses")

    class Keyword(Base):
        __tablename__ = prefix + "keyword"
        id: so.Mapped[int] = so.mapped_column(primary_key=True)

    user_keyword = sa.Table(prefix + "uk", Base.metadata,
                            sa.Column("user_id", sa.ForeignKey(prefix + "user.id"), primary_key=True),
                            sa.Column("keyword_id", sa.ForeignKey(prefix + "keyword.id"), primary_key=True))
    return sa, so, Base, User, Address, Keyword


def _statements(sa, so, User, Address, Keyword):
    u, a = User(id=5), Address(id=3, user_id=5)
    a2 = so.aliased(Address, name="a2")
    return {
        "o2m": sa.select(Address).where(so.with_parent(u, User.addresses)),
        "m2o": sa.select(User).where(so.with_parent(a, Address.user)),
        "m2m": sa.select(Keyword).where(so.with_parent(u, User.keywords)),
        "alias": sa.select(a2).where(so.with_parent(u, User.addresses, from_entity=a2)),
        "two": sa.select(Address.id).where(so.with_parent(u, User.addresses), so.with_parent(User(id=7), User.addresses)),
    }


def test_sql_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, User, Address, Keyword = build(pkg, "rh_")
        stmts = _statements(sa, so, User, Address, Keyword)
        out.append({k: (str(s.compile()), s.compile().params) for k, s in stmts.items()})
        out[-1]["lazy"] = (User.posts.property.lazy, User.notes.property.lazy, User.posts.property.uselist)
    assert out[1] == out[0]
    assert out[1]["lazy"] == ("write_only", "dynamic", True)


def _run(pkg, engine, prefix, metadatas):
    sa, so, Base, User, Address, Keyword = build(pkg, prefix)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    metadatas.append((Base.metadata, engine))
    with so.Session(engine) as s:
        u1, u2 = User(id=1), User(id=2)
        s.add_all([u1, u2, Address(id=1, user=u1), Address(id=2, user=u1), Address(id=3, user=u2)])
        u1.keywords.append(Keyword(id=9))
        s.commit()
        a3 = s.get(Address, 3)
        return {
            "o2m": s.scalars(sa.select(Address.id).where(so.with_parent(u1, User.addresses))).all(),
            "m2o": s.scalars(sa.select(User.id).where(so.with_parent(a3, Address.user))).all(),
            "m2m": s.scalars(sa.select(Keyword.id).where(so.with_parent(u1, User.keywords))).all(),
            "write_only": [x.id for x in s.scalars(u1.posts.select())],
            "dynamic": [x.id for x in u1.notes.filter(Address.id > 1)],
        }


def test_same_as_sqlalchemy(both):
    sa_got = _run("sqlalchemy", both.sa_engine, "rhsa_", both.metadatas)
    orm_got = _run("orm", both.orm_engine, "rhorm_", both.metadatas)
    assert orm_got == sa_got
    assert orm_got["o2m"] == [1, 2] and orm_got["m2m"] == [9] and orm_got["write_only"] == [1, 2]


def test_with_parent_bad_input():
    import orm
    from orm.orm import with_parent

    sa, so, Base, User, Address, Keyword = build("orm", "rhbad_")
    with pytest.raises(orm.exc.ArgumentError, match="relationship attribute"):
        with_parent(User(id=1), Address.id)
    with pytest.raises(orm.exc.InvalidRequestError, match="is not a User"):
        with_parent(Address(id=1), User.addresses)


CLEAR = """
import {pkg} as sa
from {pkg}.orm import DeclarativeBase, Mapped, mapped_column, clear_mappers
class Base(DeclarativeBase):
    pass
class T(Base):
    __tablename__ = "t"
    id: Mapped[int] = mapped_column(primary_key=True)
before = sa.inspect(T, raiseerr=False) is not None
clear_mappers()
print(before, sa.inspect(T, raiseerr=False) is None, hasattr(T, "__mapper__"))
"""


def test_clear_mappers_same_as_sqlalchemy():
    # in a child process: clear_mappers() forgets every mapping of the process
    out = [subprocess.run([sys.executable, "-c", textwrap.dedent(CLEAR.format(pkg=pkg))], capture_output=True,
                          text=True, check=True).stdout for pkg in ("sqlalchemy", "orm")]
    assert out[1] == out[0] == "True True False\n"
