# expect: ORM1 at 14
# why: enumerate() over the scalars: each author's books are lazy-loaded in the loop body.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def numbered(session: Session) -> list[str]:
    out = []
    authors = session.scalars(select(Author)).all()
    for position, author in enumerate(authors, start=1):
        out.append(f"{position}. {author.name} ({len(author.books)})")
    return out


run = numbered
seed = seed_library
__all__ = ["Base"]
