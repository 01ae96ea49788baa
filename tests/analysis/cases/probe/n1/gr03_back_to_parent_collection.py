# expect: none
# why: `book.author` of a book reached through `author.books` is that very author, handed back by
# the identity map on every row, and its `books` are the collection being looped over: loaded
# once, before the loop. Nothing loads per book (directly or in the helper).

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def shelf_sizes(session: Session) -> int:
    author = session.scalars(select(Author).order_by(Author.id)).first()
    total = 0
    for book in author.books:
        total += len(book.author.books) + _siblings(book)
    return total


def _siblings(book) -> int:
    owner = book.author
    return len([b for b in owner.books if b is not book])


run = shelf_sizes
seed = seed_library
__all__ = ["Base"]
