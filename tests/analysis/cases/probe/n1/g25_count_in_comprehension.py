# expect: ORM1 at 13
# why: session.scalar(select(func.count())...) inside the comprehension runs one COUNT per author.

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, Book, seed_library


def counts(session: Session) -> dict[str, int]:
    authors = session.scalars(select(Author)).all()
    return {
        a.name: session.scalar(select(func.count()).select_from(Book).where(Book.author_id == a.id))
        for a in authors
    }


run = counts
seed = seed_library
__all__ = ["Base"]
