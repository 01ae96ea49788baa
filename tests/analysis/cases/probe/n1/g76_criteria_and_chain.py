# expect: none
# why: selectinload(Author.books.and_(...)) loads the filtered books; joinedload(Book.author).selectinload(Author.books) covers book.author.books.

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from models_g_library import Author, Base, Book, seed_library


def t_books(session: Session) -> dict[str, int]:
    stmt = select(Author).options(selectinload(Author.books.and_(Book.title.like("t%"))))
    return {a.name: len(a.books) for a in session.scalars(stmt)}


def siblings(session: Session) -> list[int]:
    stmt = select(Book).options(joinedload(Book.author).selectinload(Author.books))
    return [len(b.author.books) for b in session.scalars(stmt)]


def run(session):
    return t_books(session), siblings(session)


seed = seed_library
__all__ = ["Base"]
