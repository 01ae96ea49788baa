# expect: none
# why: all authors are loaded (and kept referenced) before the loop, so session.get() finds each in the identity map without SQL.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, Book, seed_library


def author_names(session: Session) -> list[str]:
    authors = session.scalars(select(Author)).all()
    names = []
    for book in session.scalars(select(Book)).all():
        author = session.get(Author, book.author_id)
        names.append(author.name)
    assert len(authors) >= 0
    return names


run = author_names
seed = seed_library
__all__ = ["Base"]
