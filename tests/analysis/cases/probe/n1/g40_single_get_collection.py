# expect: none
# why: one author fetched with session.get(); its books load once, and Book.author of each book is that same author (identity map).

from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def author_page(session: Session, author_id: int = 1) -> list[str]:
    author = session.get(Author, author_id)
    return [f"{book.title} by {book.author.name}" for book in author.books]


run = author_page
seed = seed_library
__all__ = ["Base"]
