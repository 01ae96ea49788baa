# expect: ORM1 at 13
# why: session.get(Author, ...) for each book: the authors are not in the identity map, one SELECT each.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, Book, seed_library


def author_names(session: Session) -> list[str]:
    names = []
    for book in session.scalars(select(Book)):
        author = session.get(Author, book.author_id)
        names.append(author.name)
    return names


run = author_names
seed = seed_library
__all__ = ["Base"]
