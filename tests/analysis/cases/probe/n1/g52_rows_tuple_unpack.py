# expect: ORM1 at 18
# why: rows of (Author, count) are unpacked; author.books is still a lazy load per row.

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, Book, seed_library


def top(session: Session) -> list[str]:
    stmt = (
        select(Author, func.count(Book.id))
        .join(Author.books)
        .group_by(Author.id)
    )
    out = []
    for author, count in session.execute(stmt):
        out.append(f"{author.name}: {count} / {[b.title for b in author.books]}")
    return out


run = top
seed = seed_library
__all__ = ["Base"]
