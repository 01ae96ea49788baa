# expect: ORM1 at 11
# why: immediateload(Author.books) loads each author's books with its own SELECT while the query's rows are loaded: N+1 at the query.

from sqlalchemy import select
from sqlalchemy.orm import Session, immediateload

from models_g_library import Author, Base, seed_library


def sizes(session: Session) -> dict[str, int]:
    authors = session.scalars(select(Author).options(immediateload(Author.books))).all()
    return {a.name: len(a.books) for a in authors}


run = sizes
seed = seed_library
__all__ = ["Base"]
