# expect: ORM1 at 13
# why: the f-string reads book.author (lazy many-to-one) for each book; every author is distinct.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Base, Book, seed_library


def bylines(session: Session) -> str:
    books = session.scalars(select(Book).order_by(Book.title))
    return "\n".join(
        f"<li>{book.title} by {book.author.name}</li>"
        for book in books
    )


run = bylines
seed = seed_library
__all__ = ["Base"]
