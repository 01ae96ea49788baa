# expect: none
# why: the cached authors were loaded with selectinload(Author.books); reading the books from the cache runs no SQL.

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models_g_library import Author, Base, seed_library


def totals(session: Session) -> dict[int, int]:
    cache = {}
    for author in session.scalars(select(Author).options(selectinload(Author.books))):
        cache[author.id] = author
    return {key: len(author.books) for key, author in cache.items()}


run = totals
seed = seed_library
__all__ = ["Base"]
