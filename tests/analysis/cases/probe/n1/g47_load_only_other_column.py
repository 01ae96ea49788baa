# expect: ORM1 at 12
# why: load_only(Book.title) defers author_id; reading it loads the deferred columns once per book.

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from models_g_library import Base, Book, seed_library


def pairs(session: Session) -> list[tuple[str, int]]:
    books = session.scalars(select(Book).options(load_only(Book.title))).all()
    return [(b.title, b.author_id) for b in books]


run = pairs
seed = seed_library
__all__ = ["Base"]
