# expect: none
# why: one IN query fetches the books of all authors before the loop; the loop only reads a dict.

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, Book, seed_library


def grouped(session: Session) -> dict[str, list[str]]:
    authors = session.scalars(select(Author)).all()
    ids = [a.id for a in authors]
    by_author = defaultdict(list)
    for book in session.scalars(select(Book).where(Book.author_id.in_(ids))):
        by_author[book.author_id].append(book.title)
    return {a.name: by_author[a.id] for a in authors}


run = grouped
seed = seed_library
__all__ = ["Base"]
