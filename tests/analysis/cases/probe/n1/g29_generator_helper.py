# expect: ORM1 at 15
# why: a generator helper yields the authors of a query; the caller reads the lazy books of each.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def iter_authors(session: Session):
    yield from session.scalars(select(Author).order_by(Author.id))


def shelf(session: Session) -> list[int]:
    return [len(author.books) for author in iter_authors(session)]


run = shelf
seed = seed_library
__all__ = ["Base"]
