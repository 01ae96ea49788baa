# expect: none
# why: load_only(Book.title, Book.author_id) loads exactly the columns the loop reads (the primary key is always loaded).

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from models_g_library import Base, Book, seed_library


def pairs(session: Session) -> list[tuple[int, str, int]]:
    books = session.scalars(select(Book).options(load_only(Book.title, Book.author_id))).all()
    return [(b.id, b.title, b.author_id) for b in books]


run = pairs
seed = seed_library
__all__ = ["Base"]
