# expect: ORM1 at 12
# why: map(lambda ...) reads the lazy Author.books once per author; the lambda line loads.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def book_counts(session: Session) -> list[int]:
    authors = session.scalars(select(Author).order_by(Author.name)).all()
    return list(map(lambda a: len(a.books), authors))


run = book_counts
seed = seed_library
__all__ = ["Base", "run", "seed"]
