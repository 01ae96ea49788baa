# expect: ORM1 at 12
# why: sorted(key=lambda ...) calls the key once per author; each call lazy-loads author.books.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def by_size(session: Session) -> list[str]:
    authors = session.scalars(select(Author)).all()
    ranked = sorted(authors, key=lambda a: len(a.books), reverse=True)
    return [a.name for a in ranked]


run = by_size
seed = seed_library
__all__ = ["Base"]
