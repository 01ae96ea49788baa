# expect: ORM1 at 12
# why: one author is loaded, but the nested comprehension reads book.reviews for each of that author's books.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, Book, seed_library


def first_author_stars(session: Session) -> list[int]:
    author = session.scalars(select(Author).order_by(Author.id).limit(1)).one()
    return [r.stars for book in author.books for r in book.reviews]


def run(session):
    return first_author_stars(session)


def seed(session, n):
    seed_library(session, 1)
    session.flush()
    first = session.scalars(select(Author).order_by(Author.id).limit(1)).one()
    for i in range(n):
        first.books.append(Book(title=f"x{i}"))
__all__ = ["Base"]
