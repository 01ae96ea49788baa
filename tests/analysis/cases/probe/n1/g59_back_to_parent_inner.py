# expect: none
# why: books are selectin-loaded; book.author inside the inner loop is the author the loop came from (back_populates, identity map).

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models_g_library import Author, Base, seed_library


def bylines(session: Session) -> list[str]:
    out = []
    for author in session.scalars(select(Author).options(selectinload(Author.books))):
        for book in author.books:
            out.append(f"{book.title} by {book.author.name}")
    return out


run = bylines
seed = seed_library
__all__ = ["Base"]
