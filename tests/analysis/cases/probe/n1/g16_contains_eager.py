# expect: none
# why: the books are joined and contains_eager(Book.author) fills book.author from the same rows.

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from models_g_library import Author, Base, Book, seed_library


def titles_with_authors(session: Session) -> list[tuple[str, str]]:
    stmt = (
        select(Book)
        .join(Book.author)
        .options(contains_eager(Book.author))
        .where(Author.name != "")
    )
    return [(b.title, b.author.name) for b in session.scalars(stmt)]


run = titles_with_authors
seed = seed_library
__all__ = ["Base"]
