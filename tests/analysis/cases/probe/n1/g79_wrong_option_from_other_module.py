# expect: ORM1 at 14
# why: BOOK_CARD (another module) eager-loads Book.author only; the loop also reads book.reviews, lazy per book.

from sqlalchemy import select
from sqlalchemy.orm import Session

from .loaders_g import BOOK_CARD
from .models_g_library import Base, Book, seed_library


def cards(session: Session) -> list[str]:
    out = []
    for book in session.scalars(select(Book).options(*BOOK_CARD)):
        out.append(f"{book.author.name}: {len(book.reviews)}")
    return out


run = cards
seed = seed_library
__all__ = ["Base"]
