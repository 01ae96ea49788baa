# expect: none
# why: joinedload(Book.author) loads the authors in the same SELECT; the f-string reads loaded attributes.

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models_g_library import Base, Book, seed_library


def bylines(session: Session) -> str:
    stmt = select(Book).options(joinedload(Book.author)).order_by(Book.title)
    books = session.scalars(stmt)
    return "\n".join(
        f"<li>{book.title} by {book.author.name}</li>"
        for book in books
    )


run = bylines
seed = seed_library
__all__ = ["Base"]
