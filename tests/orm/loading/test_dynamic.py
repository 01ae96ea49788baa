"""``lazy="dynamic"`` (AppenderQuery) and ``lazy="write_only"`` (WriteOnlyCollection) on the three
databases: one SELECT per use of the query, pending changes written by the flush."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Iterator, Optional

import pytest

from orm import ForeignKey, Session, String, create_engine, exc, select
from orm.mapping import DeclarativeBase, Mapped, mapped_column, relationship
from orm.session.dynamic import AppenderQuery, WriteOnlyCollection

from loading_models import StatementLog


def _models(prefix: str) -> SimpleNamespace:
    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = f"{prefix}users"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(50))
        addresses = relationship("Address", lazy="dynamic", order_by="Address.id", back_populates="user")
        posts: Mapped[list["Post"]] = relationship(order_by="Post.id", lazy="write_only")

    class Address(Base):
        __tablename__ = f"{prefix}addresses"
        id: Mapped[int] = mapped_column(primary_key=True)
        email: Mapped[str] = mapped_column(String(50))
        user_id: Mapped[Optional[int]] = mapped_column(ForeignKey(f"{prefix}users.id"))
        user = relationship("User", back_populates="addresses")

    class Post(Base):
        __tablename__ = f"{prefix}posts"
        id: Mapped[int] = mapped_column(primary_key=True)
        title: Mapped[str] = mapped_column(String(50))
        user_id: Mapped[Optional[int]] = mapped_column(ForeignKey(f"{prefix}users.id"))

    return SimpleNamespace(Base=Base, User=User, Address=Address, Post=Post)


@pytest.fixture
def dyn(db_url: str) -> Iterator[Any]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    m = _models(f"ld_dyn_{worker}_")
    engine = create_engine(db_url)
    m.Base.metadata.drop_all(engine)
    m.Base.metadata.create_all(engine)
    with Session(engine) as s:
        for i in range(1, 4):
            u = m.User(id=i, name=f"user{i}")
            for j in range(3):
                u.addresses.append(m.Address(id=i * 10 + j, email=f"u{i}a{j}@x.com"))
            s.add(u)
        s.commit()
    log = StatementLog(engine)
    yield SimpleNamespace(m=m, engine=engine, log=log)
    m.Base.metadata.drop_all(engine)
    engine.dispose()


def test_dynamic_is_a_query_one_statement_per_use(dyn: Any) -> None:
    m, log = dyn.m, dyn.log
    with Session(dyn.engine) as s:
        users = s.scalars(select(m.User).order_by(m.User.id)).all()
        u = users[0]
        assert isinstance(u.addresses, AppenderQuery)
        log.clear()
        assert [a.email for a in u.addresses] == ["u1a0@x.com", "u1a1@x.com", "u1a2@x.com"]
        assert log.count == 1
        assert u.addresses.filter(m.Address.email.like("%a1%")).count() == 1
        assert log.count == 2
        assert u.addresses.filter_by(email="u1a2@x.com").one().id == 12
        assert u.addresses[1].id == 11
        assert u.addresses.order_by(None).order_by(m.Address.id.desc()).first().id == 12
        assert log.count == 5
        assert "WHERE" in log.sql[0] and "ORDER BY" in log.sql[0]
        # one query per parent and per access: the N+1 pattern the checker looks for
        log.clear()
        assert [len(u.addresses.all()) for u in users] == [3, 3, 3]
        assert log.count == 3


def test_dynamic_append_remove_flush(dyn: Any) -> None:
    m = dyn.m
    with Session(dyn.engine) as s:
        u = s.get(m.User, 1)
        new = m.Address(id=99, email="new@x.com")
        u.addresses.append(new)
        old = u.addresses.filter_by(id=10).one()          # autoflush writes the append first
        u.addresses.remove(old)
        s.commit()
        assert [a.id for a in u.addresses] == [11, 12, 99]
        assert s.get(m.Address, 10).user_id is None


def test_dynamic_on_a_new_object_lists_what_was_appended(dyn: Any) -> None:
    m = dyn.m
    u = m.User(id=7, name="new")
    a = m.Address(id=70, email="a@x.com")
    u.addresses.append(a)
    assert list(u.addresses) == [a] and u.addresses.count() == 1
    with Session(dyn.engine) as s:
        s.add(u)
        s.commit()
        assert [x.id for x in s.get(m.User, 7).addresses] == [70]


def test_dynamic_of_detached_object_raises(dyn: Any) -> None:
    m = dyn.m
    with Session(dyn.engine) as s:
        u = s.get(m.User, 1)
    with pytest.raises(exc.DetachedInstanceError, match="is not bound to a Session"):
        u.addresses.all()


def test_write_only_collection(dyn: Any) -> None:
    m, log = dyn.m, dyn.log
    with Session(dyn.engine) as s:
        u = s.get(m.User, 2)
        coll = u.posts
        assert isinstance(coll, WriteOnlyCollection)
        with pytest.raises(TypeError, match="WriteOnly collections don't support iteration"):
            list(coll)
        coll.add(m.Post(id=1, title="first"))
        coll.add_all([m.Post(id=2, title="second"), m.Post(id=3, title="third")])
        s.flush()
        log.clear()
        assert [p.title for p in s.scalars(coll.select())] == ["first", "second", "third"]
        assert log.count == 1
        s.execute(u.posts.insert(), [{"id": 4, "title": "bulk"}])
        s.execute(u.posts.update().values(title="renamed"))
        assert set(s.scalars(select(m.Post.title)).all()) == {"renamed"}
        p3 = s.get(m.Post, 3)
        u.posts.remove(p3)
        s.flush()
        assert p3.user_id is None
        s.execute(u.posts.delete())
        assert s.scalars(select(m.Post.id).order_by(m.Post.id)).all() == [3]


def test_write_only_statements(dyn: Any) -> None:
    m = dyn.m
    with Session(dyn.engine) as s:
        u = s.get(m.User, 1)
        t = m.Post.__tablename__
        assert str(u.posts.select()) == (
            f"SELECT {t}.id, {t}.title, {t}.user_id \nFROM {t} \nWHERE :param_1 = {t}.user_id ORDER BY {t}.id"
        )
        assert str(u.posts.insert()) == f"INSERT INTO {t} (user_id) VALUES (:param_1)"
        assert str(u.posts.delete()) == f"DELETE FROM {t} WHERE :param_1 = {t}.user_id"
