# SQLAlchemy imports: classic models typed, 2.0 Mapped[...] models left to SQLAlchemy's typing.
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, String, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, backref, declarative_base, mapped_column,
                            relationship)

Classic = declarative_base()


class Author(Classic):
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    name = Column(String(40), nullable=False)
    books = relationship("Book", backref="author")
    best = relationship("Book", uselist=False, viewonly=True)


class Book(Classic):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("authors.id"))
    editor_id = Column(Integer, ForeignKey(Author.id))
    editor = relationship(Author, foreign_keys=[editor_id], backref=backref("edited", lazy="dynamic"))


a = Author()
reveal_type(a.books)  # N: Revealed type is "list[models_sqlalchemy.Book]"
reveal_type(a.best)  # N: Revealed type is "models_sqlalchemy.Book | None"
reveal_type(a.edited)  # N: Revealed type is "Any"
reveal_type(Book().author)  # N: Revealed type is "models_sqlalchemy.Author | None"
reveal_type(Book().editor)  # N: Revealed type is "models_sqlalchemy.Author | None"
reveal_type(Book().editor_id)  # N: Revealed type is "int | None"
reveal_type(Author.books)  # N: Revealed type is "sqlalchemy.orm.attributes.InstrumentedAttribute[list[models_sqlalchemy.Book]]"
reveal_type(Author.books.any(Book.id == 1))  # N: Revealed type is "sqlalchemy.sql.elements.ColumnElement[bool]"
reveal_type(select(Author.name, Book.id))  # N: Revealed type is "sqlalchemy.sql.selectable.Select[tuple[str, int]]"


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    nick: Mapped[str] = mapped_column(String(20))
    bio: Mapped[Optional[str]]
    cards: Mapped[list["Card"]] = relationship(back_populates="member")
    age = mapped_column(Integer, nullable=False)
    legacy = Column(String)


class Card(Base):
    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    member: Mapped["Member"] = relationship(back_populates="cards")
    nick: Mapped[int] = mapped_column(String(20))  # E: "nick" is annotated "Mapped[int]" but its SQL type String holds "str" values  [orm-query-type]
    count: Mapped[Optional[int]] = mapped_column(Integer)
    flag: Mapped[bool] = mapped_column(Integer)
    when: Mapped[str] = mapped_column()


m = Member()
reveal_type(m.id)  # N: Revealed type is "int"
reveal_type(m.bio)  # N: Revealed type is "str | None"
reveal_type(m.cards)  # N: Revealed type is "list[models_sqlalchemy.Card]"
reveal_type(m.age)  # N: Revealed type is "int"
reveal_type(m.legacy)  # N: Revealed type is "str | None"
reveal_type(Member.nick)  # N: Revealed type is "sqlalchemy.orm.attributes.InstrumentedAttribute[str]"
reveal_type(Member.age)  # N: Revealed type is "sqlalchemy.orm.attributes.InstrumentedAttribute[int]"
reveal_type(Card().member)  # N: Revealed type is "models_sqlalchemy.Member"
