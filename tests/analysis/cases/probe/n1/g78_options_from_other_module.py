# expect: none
# why: the option lists come from another module of the package (relative imports) and eager-load every relationship the loops read.

from sqlalchemy import select
from sqlalchemy.orm import Session

from .loaders_g import AUTHOR_PAGE, BOOK_CARD
from .models_g_library import Author, Base, Book, seed_library


def author_page(session: Session) -> list[int]:
    authors = session.scalars(select(Author).options(*AUTHOR_PAGE)).all()
    return [r.stars for a in authors for b in a.books for r in b.reviews]


def book_cards(session: Session) -> list[str]:
    return [f"{b.title} / {b.author.name}" for b in session.scalars(select(Book).options(*BOOK_CARD))]


def run(session):
    return author_page(session), book_cards(session)


seed = seed_library
__all__ = ["Base"]
