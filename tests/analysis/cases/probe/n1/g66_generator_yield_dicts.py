# expect: ORM1 at 12
# why: the generator yields one dict per author, each reading the lazy books; the caller consumes it all.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def rows(session: Session):
    for author in session.scalars(select(Author)):
        yield {"name": author.name, "books": [b.title for b in author.books]}


def run(session: Session) -> list[dict]:
    return list(rows(session))


seed = seed_library
__all__ = ["Base"]
