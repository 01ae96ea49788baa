# expect: ORM1 at 13
# why: stmt.options(...) returns a new statement; the result is discarded, so the executed stmt has no eager load.

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models_g_library import Author, Base, seed_library


def sizes(session: Session) -> list[int]:
    stmt = select(Author).order_by(Author.name)
    stmt.options(selectinload(Author.books))
    return [len(a.books) for a in session.scalars(stmt)]


run = sizes
seed = seed_library
__all__ = ["Base"]
