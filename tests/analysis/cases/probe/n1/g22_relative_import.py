# expect: ORM1 at 13
# why: models imported relatively from the package; book.reviews is lazy and read per book.

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models_g_library import Base, Book, seed_library


def average_stars(session: Session) -> dict[str, float]:
    out = {}
    for book in session.scalars(select(Book).where(Book.title.like("t%"))):
        stars = [r.stars for r in book.reviews]
        out[book.title] = sum(stars) / len(stars)
    return out


run = average_stars
seed = seed_library
__all__ = ["Base"]
