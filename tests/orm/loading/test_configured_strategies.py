"""Loader strategies configured on the relationship (``lazy="joined"``/``"selectin"``/``"subquery"``,
a ``backref()`` with its own ``lazy``, ``join_depth``), and where configured eager loads stop on
self-referential and bidirectional paths: the SQL is what SQLAlchemy 2.0 emits."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from orm import Column, ForeignKey, Integer, Session, String, backref, create_engine, relationship, select
from orm.mapping import DeclarativeBase

from loading_models import StatementLog


@pytest.fixture(scope="module")
def cfg() -> Iterator[Any]:
    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(String(20))
        addresses = relationship("Address", lazy="joined", backref=backref("user", lazy="selectin"))
        posts = relationship("Post", lazy="selectin")
    class Address(Base):
        __tablename__ = "addresses"
        id = Column(Integer, primary_key=True)
        user_id = Column(ForeignKey("users.id"))
    class Post(Base):
        __tablename__ = "posts"
        id = Column(Integer, primary_key=True)
        user_id = Column(ForeignKey("users.id"))
        tags = relationship("Tag", lazy="subquery")
    class Tag(Base):
        __tablename__ = "tags"
        id = Column(Integer, primary_key=True)
        post_id = Column(ForeignKey("posts.id"))
    class Node(Base):
        __tablename__ = "nodes"
        id = Column(Integer, primary_key=True)
        parent_id = Column(ForeignKey("nodes.id"))
        children = relationship("Node", lazy="joined", join_depth=2)
    class Cat(Base):
        __tablename__ = "cats"
        id = Column(Integer, primary_key=True)
        parent_id = Column(ForeignKey("cats.id"))
        kids = relationship("Cat", lazy="joined")
        mom = relationship("Cat", remote_side=[id], lazy=True, viewonly=True)
    e = create_engine("sqlite://")
    Base.metadata.create_all(e)
    with e.begin() as c:
        c.execute(User.__table__.insert(), [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])
        c.execute(Address.__table__.insert(), [{"id": 1, "user_id": 1}, {"id": 2, "user_id": 1}])
        c.execute(Post.__table__.insert(), [{"id": 1, "user_id": 1}])
        c.execute(Tag.__table__.insert(), [{"id": 1, "post_id": 1}])
        c.execute(Node.__table__.insert(), [{"id": 1, "parent_id": None}, {"id": 2, "parent_id": 1}, {"id": 3, "parent_id": 2}, {"id": 4, "parent_id": 3}])
        c.execute(Cat.__table__.insert(), [{"id": 1, "parent_id": None}, {"id": 2, "parent_id": 1}])
    ns = type("Models", (), dict(User=User, Address=Address, Node=Node, Cat=Cat, engine=e, log=StatementLog(e)))
    yield ns
    e.dispose()


CASES: dict[str, Any] = {
    'user': (lambda s, m: [(len(u.addresses), len(u.posts), [len(p.tags) for p in u.posts]) for u in s.scalars(select(m.User).order_by(m.User.id)).unique()], [(2, 1, [1]), (0, 0, [])]),
    'address': (lambda s, m: [a.user.name for a in s.scalars(select(m.Address))], ['a', 'a']),
    'node': (lambda s, m: [len(n.children) for n in s.scalars(select(m.Node).where(m.Node.id == 1)).unique()], [1]),
    'cat': (lambda s, m: [len(n.kids) for n in s.scalars(select(m.Cat).where(m.Cat.id == 1)).unique()], [1]),
    'query user': (lambda s, m: [len(u.addresses) for u in s.query(m.User).all()], [2, 0]),
    'get': (lambda s, m: len(s.get(m.User, 1).addresses), 2),
}

EXPECTED: dict[str, list[str]] = {
    'user': [
        'SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.user_id ' "\n"
        'FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY users.id',
        'SELECT posts.user_id AS posts_user_id, posts.id AS posts_id ' "\n"
        'FROM posts ' "\n"
        'WHERE posts.user_id IN (?, ?)',
        'SELECT tags.id AS tags_id, tags.post_id AS tags_post_id, anon_1.posts_id AS anon_1_posts_id ' "\n"
        'FROM (SELECT posts.id AS posts_id ' "\n"
        'FROM posts ' "\n"
        'WHERE posts.user_id IN (?, ?)) AS anon_1 JOIN tags ON anon_1.posts_id = tags.post_id',
    ],
    'address': [
        'SELECT addresses.id, addresses.user_id ' "\n"
        'FROM addresses',
        'SELECT users.id AS users_id, users.name AS users_name, addresses_1.id AS addresses_1_id, addresses_1.user_id AS addresses_1_user_id ' "\n"
        'FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ' "\n"
        'WHERE users.id IN (?)',
        'SELECT posts.user_id AS posts_user_id, posts.id AS posts_id ' "\n"
        'FROM posts ' "\n"
        'WHERE posts.user_id IN (?)',
        'SELECT tags.id AS tags_id, tags.post_id AS tags_post_id, anon_1.posts_id AS anon_1_posts_id ' "\n"
        'FROM (SELECT posts.id AS posts_id ' "\n"
        'FROM posts ' "\n"
        'WHERE posts.user_id IN (?)) AS anon_1 JOIN tags ON anon_1.posts_id = tags.post_id',
    ],
    'node': [
        'SELECT nodes.id, nodes.parent_id, nodes_1.id AS id_1, nodes_1.parent_id AS parent_id_1, nodes_2.id AS id_2, nodes_2.parent_id AS parent_id_2 ' "\n"
        'FROM nodes LEFT OUTER JOIN nodes AS nodes_2 ON nodes.id = nodes_2.parent_id LEFT OUTER JOIN nodes AS nodes_1 ON nodes_2.id = nodes_1.parent_id ' "\n"
        'WHERE nodes.id = ?',
    ],
    'cat': [
        'SELECT cats.id, cats.parent_id ' "\n"
        'FROM cats ' "\n"
        'WHERE cats.id = ?',
        'SELECT cats.id AS cats_id, cats.parent_id AS cats_parent_id ' "\n"
        'FROM cats ' "\n"
        'WHERE ? = cats.parent_id',
    ],
    'query user': [
        'SELECT users.id AS users_id, users.name AS users_name, addresses_1.id AS addresses_1_id, addresses_1.user_id AS addresses_1_user_id ' "\n"
        'FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id',
        'SELECT posts.user_id AS posts_user_id, posts.id AS posts_id ' "\n"
        'FROM posts ' "\n"
        'WHERE posts.user_id IN (?, ?)',
        'SELECT tags.id AS tags_id, tags.post_id AS tags_post_id, anon_1.posts_id AS anon_1_posts_id ' "\n"
        'FROM (SELECT posts.id AS posts_id ' "\n"
        'FROM posts ' "\n"
        'WHERE posts.user_id IN (?, ?)) AS anon_1 JOIN tags ON anon_1.posts_id = tags.post_id',
    ],
    'get': [
        'SELECT users.id AS users_id, users.name AS users_name, addresses_1.id AS addresses_1_id, addresses_1.user_id AS addresses_1_user_id ' "\n"
        'FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ' "\n"
        'WHERE users.id = ?',
        'SELECT posts.user_id AS posts_user_id, posts.id AS posts_id ' "\n"
        'FROM posts ' "\n"
        'WHERE posts.user_id IN (?)',
        'SELECT tags.id AS tags_id, tags.post_id AS tags_post_id, anon_1.posts_id AS anon_1_posts_id ' "\n"
        'FROM (SELECT posts.id AS posts_id ' "\n"
        'FROM posts ' "\n"
        'WHERE posts.user_id IN (?)) AS anon_1 JOIN tags ON anon_1.posts_id = tags.post_id',
    ],
}


@pytest.mark.parametrize("case", list(CASES))
def test_configured_strategies(cfg: Any, case: str) -> None:
    fn, expected = CASES[case]
    cfg.log.clear()
    with Session(cfg.engine) as s:
        assert fn(s, cfg) == expected
    assert cfg.log.sql == EXPECTED[case]
