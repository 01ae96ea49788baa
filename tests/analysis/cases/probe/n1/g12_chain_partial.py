# expect: ORM1 at 15
# why: joinedload(Author.books) loads the books but not Book.reviews; the inner loop lazy-loads reviews per book.

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models_g_library import Author, Base, seed_library


def review_stars(session: Session) -> int:
    stmt = select(Author).options(joinedload(Author.books))
    total = 0
    for author in session.scalars(stmt).unique():
        for book in author.books:
            total += sum(r.stars for r in book.reviews)
    return total


run = review_stars
seed = seed_library
__all__ = ["Base"]
