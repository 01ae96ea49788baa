# expect: ORM1 at 16
# why: authors are cached in a dict inside the first loop; the second loop over cache.values() lazy-loads each author's books.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def totals(session: Session) -> dict[int, int]:
    cache = {}
    for author in session.scalars(select(Author)):
        cache[author.id] = author
    out = {}
    for key, author in cache.items():
        out[key] = len(author.books)
    return out


run = totals
seed = seed_library
__all__ = ["Base"]
