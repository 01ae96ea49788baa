# expect: ORM1 at 18
# why: books are grouped into lists per initial; iterating the groups later reads each book's lazy reviews.

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Base, Book, seed_library


def stars_by_initial(session: Session) -> dict[str, int]:
    groups = defaultdict(list)
    for book in session.scalars(select(Book)).all():
        groups[book.title[0]].append(book)
    out = {}
    for initial, books in groups.items():
        out[initial] = sum(r.stars for b in books for r in b.reviews)
    return out


run = stars_by_initial
seed = seed_library
__all__ = ["Base"]
