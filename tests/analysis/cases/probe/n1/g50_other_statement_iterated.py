# expect: ORM1 at 14
# why: the eager option is on `eager`, but the loop runs `recent`, a second statement without it.

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models_g_library import Author, Base, seed_library


def sizes(session: Session) -> list[int]:
    eager = select(Author).options(selectinload(Author.books))
    recent = select(Author).where(Author.id > 0).order_by(Author.id.desc())
    assert eager is not None
    return [len(a.books) for a in session.scalars(recent)]


run = sizes
seed = seed_library
__all__ = ["Base"]
