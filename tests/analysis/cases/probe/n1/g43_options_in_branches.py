# expect: none
# why: both branches reassign stmt with an eager option on books (selectinload or joinedload).

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from models_g_library import Author, Base, seed_library


def sizes(session: Session, wide: bool = True) -> list[int]:
    stmt = select(Author)
    if wide:
        stmt = stmt.options(selectinload(Author.books))
    else:
        stmt = stmt.options(joinedload(Author.books))
    return [len(a.books) for a in session.scalars(stmt).unique()]


run = sizes
seed = seed_library
__all__ = ["Base"]
