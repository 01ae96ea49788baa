# expect: ORM1 at 14
# why: defaultload(Author.books) keeps books lazy (only Book.reviews is selectin-loaded once books load): author.books is one SELECT per author.

from sqlalchemy import select
from sqlalchemy.orm import Session, defaultload

from models_g_library import Author, Base, Book, seed_library


def stars(session: Session) -> int:
    stmt = select(Author).options(defaultload(Author.books).selectinload(Book.reviews))
    total = 0
    for author in session.scalars(stmt):
        for book in author.books:
            total += sum(r.stars for r in book.reviews)
    return total


run = stars
seed = seed_library
__all__ = ["Base"]
