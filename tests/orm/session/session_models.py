"""Mapped models of the Session tests, built per test module with a unique table prefix so that
modules (and xdist workers) can share the PostgreSQL/MariaDB servers."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Optional

from orm import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    backref,
    declarative_base,
    func,
    relationship,
    text,
    update,
)
from orm.mapping.collections import attribute_keyed_dict


def make_models(prefix: str) -> SimpleNamespace:
    Base: Any = declarative_base()
    p = prefix

    class User(Base):
        __tablename__ = p + "users"
        id = Column(Integer, primary_key=True)
        name = Column(String(30), unique=True, nullable=False)
        fullname = Column(String(50))
        status = Column(String(10), server_default="new")
        kind = Column(String(10), default="person")
        addresses = relationship("Address", back_populates="user", cascade="all, delete-orphan",
                                 order_by=lambda: Address.id)

        def __repr__(self) -> str:
            return f"<User {self.__dict__.get('name')!r}>"

    class Address(Base):
        __tablename__ = p + "addresses"
        id = Column(Integer, primary_key=True)
        user_id = Column(ForeignKey(f"{p}users.id"))
        email = Column(String(50), nullable=False)
        user = relationship(User, back_populates="addresses")

        def __repr__(self) -> str:
            return f"<Address {self.__dict__.get('email')!r}>"

    class Node(Base):
        __tablename__ = p + "nodes"
        id = Column(Integer, primary_key=True)
        parent_id = Column(ForeignKey(f"{p}nodes.id"))
        name = Column(String(30))
        children = relationship("Node", backref=backref("parent", remote_side=[id]),
                                cascade="all, delete-orphan",
                                order_by=lambda: Node.id)

        def __repr__(self) -> str:
            return f"<Node {self.__dict__.get('name')!r}>"

    item_keywords = Table(
        p + "item_keywords", Base.metadata,
        Column("item_id", ForeignKey(f"{p}items.id"), primary_key=True),
        Column("keyword_id", ForeignKey(f"{p}keywords.id"), primary_key=True),
    )

    class Item(Base):
        __tablename__ = p + "items"
        id = Column(Integer, primary_key=True)
        name = Column(String(30))
        keywords = relationship("Keyword", secondary=item_keywords, back_populates="items")
        notes = relationship("Note", collection_class=attribute_keyed_dict("key"),
                             cascade="all, delete-orphan")

    class Keyword(Base):
        __tablename__ = p + "keywords"
        id = Column(Integer, primary_key=True)
        word = Column(String(30))
        items = relationship(Item, secondary=item_keywords, back_populates="keywords",
                             collection_class=set)

    class Note(Base):
        __tablename__ = p + "notes"
        id = Column(Integer, primary_key=True)
        item_id = Column(ForeignKey(f"{p}items.id"))
        key = Column(String(20))
        text = Column(String(50))

    class Widget(Base):
        # widgets <-> entries reference each other: favorite_entry is written by a post-update
        __tablename__ = p + "widgets"
        id = Column(Integer, primary_key=True)
        name = Column(String(30))
        favorite_entry_id = Column(ForeignKey(f"{p}entries.id", use_alter=True, name=f"{p}fk_fav"))
        entries = relationship("Entry", primaryjoin=lambda: Widget.id == Entry.widget_id,
                               back_populates="widget")
        favorite_entry = relationship("Entry", primaryjoin=lambda: Widget.favorite_entry_id == Entry.id,
                                      foreign_keys=lambda: [Widget.favorite_entry_id], post_update=True)

    class Entry(Base):
        __tablename__ = p + "entries"
        id = Column(Integer, primary_key=True)
        widget_id = Column(ForeignKey(f"{p}widgets.id"))
        name = Column(String(30))
        widget = relationship(Widget, primaryjoin=lambda: Widget.id == Entry.widget_id,
                              back_populates="entries")

    class Stamp(Base):
        __tablename__ = p + "stamps"
        code = Column(String(20), primary_key=True)
        created = Column(DateTime, server_default=func.now())
        counter = Column(Integer, default=0, onupdate=lambda: 99)

    class Employee(Base):
        __tablename__ = p + "employees"
        id = Column(Integer, primary_key=True)
        name = Column(String(30))
        type = Column(String(20))
        __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}

    class Engineer(Employee):  # joined-table inheritance
        __tablename__ = p + "engineers"
        id = Column(ForeignKey(f"{p}employees.id"), primary_key=True)
        language = Column(String(20))
        __mapper_args__ = {"polymorphic_identity": "engineer"}

    class Manager(Employee):  # single-table inheritance
        __mapper_args__ = {"polymorphic_identity": "manager"}
        budget = Column(Integer)

    class Account(Base):
        __tablename__ = p + "accounts"
        id = Column(Integer, primary_key=True)
        name = Column(String(30))
        profile = relationship("Profile", uselist=False, back_populates="account")
        files = relationship("File", cascade="all, delete-orphan", passive_deletes=True)

    class Profile(Base):
        __tablename__ = p + "profiles"
        id = Column(Integer, primary_key=True)
        account_id = Column(ForeignKey(f"{p}accounts.id"))
        bio = Column(String(50))
        account = relationship(Account, back_populates="profile")

    class File(Base):
        __tablename__ = p + "files"
        id = Column(Integer, primary_key=True)
        account_id = Column(ForeignKey(f"{p}accounts.id", ondelete="CASCADE"))
        path = Column(String(50))

    class Link(Base):  # self-referential many-to-one only: no collection tells the order
        __tablename__ = p + "links"
        id = Column(Integer, primary_key=True)
        name = Column(String(20))
        next_id = Column(ForeignKey(f"{p}links.id"))
        next = relationship("Link", remote_side=[id])

    return SimpleNamespace(Link=Link, Base=Base, User=User, Address=Address, Node=Node, Item=Item, Keyword=Keyword,
                           Note=Note, Widget=Widget, Entry=Entry, Stamp=Stamp, item_keywords=item_keywords,
                           Employee=Employee, Engineer=Engineer, Manager=Manager, Account=Account,
                           Profile=Profile, File=File, prefix=p)


def clear(engine: Any, m: SimpleNamespace) -> None:
    """Delete every row (the widgets/entries cycle is broken first)."""
    with engine.begin() as conn:
        conn.execute(update(m.Widget.__table__).values(favorite_entry_id=None))
        conn.execute(update(m.Node.__table__).values(parent_id=None))
        conn.execute(update(m.Link.__table__).values(next_id=None))
        for t in reversed(m.Base.metadata.sorted_tables):
            conn.execute(t.delete())


def rows(engine: Any, table: Any, order_by: Optional[Any] = None) -> list[tuple[Any, ...]]:
    """The table's rows read through a separate connection (what is committed)."""
    from orm import select

    with engine.connect() as conn:
        stmt = select(table)
        if order_by is not None:
            stmt = stmt.order_by(order_by)
        else:
            stmt = stmt.order_by(*table.primary_key)
        return [tuple(r) for r in conn.execute(stmt)]


__all__ = ["make_models", "clear", "rows", "text"]
