# expect: none
# why: selectinload(Author.books).options(selectinload(Book.reviews), joinedload(Book.author)) loads every level the loop reads.

from sqlalchemy import select
from sqlalchemy.orm import Load, Session, joinedload, selectinload

from models_g_library import Author, Base, Book, seed_library


def report(session: Session) -> list[str]:
    stmt = select(Author).options(
        Load(Author).selectinload(Author.books).options(
            selectinload(Book.reviews), joinedload(Book.author)
        )
    )
    lines = []
    for author in session.scalars(stmt):
        for book in author.books:
            lines.append(f"{book.author.name}: {book.title} {[r.stars for r in book.reviews]}")
    return lines


run = report
seed = seed_library
__all__ = ["Base"]
