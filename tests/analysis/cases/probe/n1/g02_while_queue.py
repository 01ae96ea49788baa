# expect: ORM1 at 15
# why: a work queue drained by a while loop; each popped author lazy-loads its books.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def drain(session: Session) -> int:
    queue = list(session.scalars(select(Author)))
    total = 0
    while queue:
        author = queue.pop()
        for book in author.books:
            total += len(book.title)
    return total


run = drain
seed = seed_library
__all__ = ["Base"]
