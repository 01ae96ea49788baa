"""The models of the loading tests: users with addresses and posts, posts with comments, users
with keywords (many-to-many), a self-referential tree.

``make_models(prefix)`` maps them in a registry of their own, on tables named ``<prefix>users``
..., so that test modules running at the same time on the shared PostgreSQL/MariaDB servers do
not touch each other's tables.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Iterator, Optional

from orm import Column, ForeignKey, String, Table, Text, create_engine, event, insert
from orm.mapping import DeclarativeBase, Mapped, mapped_column, relationship


def make_models(prefix: str = "") -> SimpleNamespace:
    """Fresh mapped classes on tables ``<prefix>users``, ``<prefix>addresses``, ..."""

    class Base(DeclarativeBase):
        pass

    user_keywords = Table(
        f"{prefix}user_keywords", Base.metadata,
        Column("user_id", ForeignKey(f"{prefix}users.id"), primary_key=True),
        Column("keyword_id", ForeignKey(f"{prefix}keywords.id"), primary_key=True),
    )

    class User(Base):
        __tablename__ = f"{prefix}users"
        id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
        name: Mapped[str] = mapped_column(String(50))
        bio: Mapped[Optional[str]] = mapped_column(Text, deferred=True, deferred_group="profile")
        motto: Mapped[Optional[str]] = mapped_column(String(50), deferred=True, deferred_group="profile")
        addresses: Mapped[list["Address"]] = relationship(back_populates="user", order_by="Address.id")
        posts: Mapped[list["Post"]] = relationship(back_populates="author", order_by="Post.id")
        keywords: Mapped[list["Keyword"]] = relationship(secondary=user_keywords, order_by="Keyword.id")

    class Address(Base):
        __tablename__ = f"{prefix}addresses"
        id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
        email: Mapped[str] = mapped_column(String(100))
        user_id: Mapped[int] = mapped_column(ForeignKey(f"{prefix}users.id"))
        user: Mapped["User"] = relationship(back_populates="addresses")

    class Post(Base):
        __tablename__ = f"{prefix}posts"
        id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
        title: Mapped[str] = mapped_column(String(50))
        author_id: Mapped[int] = mapped_column(ForeignKey(f"{prefix}users.id"))
        author: Mapped["User"] = relationship(back_populates="posts")
        comments: Mapped[list["Comment"]] = relationship(order_by="Comment.id")

    class Comment(Base):
        __tablename__ = f"{prefix}comments"
        id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
        post_id: Mapped[int] = mapped_column(ForeignKey(f"{prefix}posts.id"))
        text: Mapped[str] = mapped_column(String(50))

    class Keyword(Base):
        __tablename__ = f"{prefix}keywords"
        id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
        word: Mapped[str] = mapped_column(String(50))

    class Node(Base):
        __tablename__ = f"{prefix}nodes"
        id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
        parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey(f"{prefix}nodes.id"))
        name: Mapped[str] = mapped_column(String(50))
        children: Mapped[list["Node"]] = relationship(back_populates="parent", order_by="Node.id")
        parent: Mapped[Optional["Node"]] = relationship(back_populates="children", remote_side=[id])

    return SimpleNamespace(Base=Base, User=User, Address=Address, Post=Post, Comment=Comment,
                           Keyword=Keyword, Node=Node, user_keywords=user_keywords)


def fill(conn: Any, m: SimpleNamespace, n_users: int = 3) -> None:
    """``n_users`` users, each with 2 addresses, 2 posts of 1 comment each, 2 keywords; and a
    tree of a root with two children and one grandchild.  Written with Core INSERTs."""
    users, addresses, posts, comments = [], [], [], []
    for i in range(1, n_users + 1):
        users.append({"id": i, "name": f"user{i}", "bio": f"bio{i}", "motto": f"motto{i}"})
        for j in range(2):
            addresses.append({"id": i * 10 + j, "email": f"u{i}a{j}@example.com", "user_id": i})
            posts.append({"id": i * 10 + j, "title": f"post{i}.{j}", "author_id": i})
            comments.append({"id": i * 10 + j, "post_id": i * 10 + j, "text": f"c{i}.{j}"})
    conn.execute(insert(m.User.__table__), users)
    conn.execute(insert(m.Address.__table__), addresses)
    conn.execute(insert(m.Post.__table__), posts)
    conn.execute(insert(m.Comment.__table__), comments)
    conn.execute(insert(m.Keyword.__table__), [{"id": 1, "word": "red"}, {"id": 2, "word": "blue"}])
    conn.execute(insert(m.user_keywords), [{"user_id": i, "keyword_id": k} for i in range(1, n_users + 1)
                                           for k in (1, 2)])
    conn.execute(insert(m.Node.__table__), [
        {"id": 1, "parent_id": None, "name": "root"}, {"id": 2, "parent_id": 1, "name": "a"},
        {"id": 3, "parent_id": 1, "name": "b"}, {"id": 4, "parent_id": 2, "name": "a1"},
    ])


class StatementLog:
    """The statements an engine ran, counted with a ``before_cursor_execute`` listener."""

    def __init__(self, engine: Any) -> None:
        self.statements: list[tuple[str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        self.statements.append((statement, parameters))

    def clear(self) -> None:
        self.statements.clear()

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def sql(self) -> list[str]:
        return [s for s, _ in self.statements]


def open_db(url: str, prefix: str, n: int, backend: str) -> Iterator[SimpleNamespace]:
    """Tables of the models (named ``<prefix>...``) filled with ``n`` users' data on ``url``;
    yields the models, engine, StatementLog; drops the tables after."""
    m = make_models(prefix + (f"{n}_" if n != 3 else ""))
    engine = create_engine(url)
    md = m.Base.metadata
    md.drop_all(engine)
    md.create_all(engine)
    with engine.begin() as conn:
        fill(conn, m, n)
    log = StatementLog(engine)
    try:
        yield SimpleNamespace(m=m, engine=engine, log=log, n=n, backend=backend)
    finally:
        log.clear()
        md.drop_all(engine)
        engine.dispose()
