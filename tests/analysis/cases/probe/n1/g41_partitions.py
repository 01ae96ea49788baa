# expect: ORM1 at 15
# why: the result is consumed in partitions, but every author of every partition lazy-loads its books.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def export(session: Session) -> list[str]:
    out = []
    result = session.execute(select(Author).execution_options(yield_per=2))
    for chunk in result.scalars().partitions():
        for author in chunk:
            out.extend(b.title for b in author.books)
    return out


run = export
seed = seed_library
__all__ = ["Base"]
