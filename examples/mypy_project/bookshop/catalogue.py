"""Typed queries of the catalogue (annotated: mypy checks these bodies)."""
from __future__ import annotations

from datetime import date

from orm import Session, select, selectinload

from bookshop.models import Author, Book, Review


def titles_by(session: Session, author_id: int) -> list[str]:
    rows = session.execute(select(Book.title).where(Book.author_id == author_id)).all()
    return [title for (title,) in rows]


def cheapest(session: Session) -> Book:
    return session.query(Book).order_by(Book.price).first()


def author_names(session: Session) -> list[int]:
    return [row.name for row in session.query(Author).all()]


def bibliography(session: Session) -> dict[str, list[str]]:
    stmt = select(Author).options(selectinload(Author.books))
    return {a.name: [b.title for b in a.books] for a in session.scalars(stmt)}


def author_pages(session: Session) -> dict[str, int]:
    pages = {}
    for author in session.scalars(select(Author)):
        pages[author.name] = len(author.books)
    return pages


def bargains(session: Session) -> list[Book]:
    return list(session.scalars(select(Book).where(Book.price < "10")))


def add_author(session: Session, name: str) -> Author:
    author = Author(name=name, born=date(1990, 1, 1), nationality="fr")
    session.add(author)
    return author


def recent_reviews(session: Session) -> list[Review]:
    return session.query(Review).filter_by(writen_on=date.today()).all()
