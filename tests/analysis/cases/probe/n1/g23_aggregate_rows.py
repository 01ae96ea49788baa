# expect: none
# why: the loop iterates plain rows of an aggregate query (name, count); row.name is a column, not a relationship.

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, Book, seed_library


def counts(session: Session) -> list[str]:
    stmt = (
        select(Author.name, func.count(Book.id).label("books"))
        .join(Author.books)
        .group_by(Author.name)
    )
    return [f"{row.name}: {row.books}" for row in session.execute(stmt)]


run = counts
seed = seed_library
__all__ = ["Base"]
