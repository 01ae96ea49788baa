# expect: none
# why: the owner is loaded once before the loop; owner.books is lazy-loaded on the first iteration only and reused after.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, Book, seed_library


def mine(session: Session) -> list[bool]:
    owner = session.scalars(select(Author).order_by(Author.id).limit(1)).one()
    flags = []
    for book in session.scalars(select(Book)).all():
        flags.append(book in owner.books)
    return flags


run = mine
seed = seed_library
__all__ = ["Base"]
