# expect: none
# why: raiseload("*") forbids other lazy loads, but Author.books is selectin-loaded explicitly, so reading it is fine.

from sqlalchemy import select
from sqlalchemy.orm import Session, raiseload, selectinload

from models_g_library import Author, Base, seed_library


def sizes(session: Session) -> dict[str, int]:
    stmt = select(Author).options(selectinload(Author.books), raiseload("*"))
    return {a.name: len(a.books) for a in session.scalars(stmt)}


run = sizes
seed = seed_library
__all__ = ["Base"]
