"""The models: classic ``Column`` style (Author, Book) and 2.0 ``Mapped`` style (Review)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from orm import (Column, Date, ForeignKey, Integer, Numeric, String, declarative_base,
                 relationship)
from orm import Mapped, mapped_column

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    born = Column(Date)
    books = relationship("Book", back_populates="author")


class Book(Base):
    __tablename__ = "books"

    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    price = Column(Numeric(8, 2), nullable=False)
    published = Column(Date)
    author_id = Column(Integer, ForeignKey("authors.id"), nullable=False)
    author = relationship("Author", back_populates="books")
    reviews = relationship("Review", back_populates="book", lazy="selectin")


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    stars: Mapped[int] = mapped_column(String(1))
    text: Mapped[str] = mapped_column(String(2000))
    written_on: Mapped[date]
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    book: Mapped[Book] = relationship(back_populates="reviews")


def price_with_tax(book: Book, rate: Decimal) -> Decimal:
    return book.price * (1 + rate)
