# expect: ORM1 at 15
# alt: ORM1 at 16 for 15
# why: a function defined inside the loop body closes over the author and reads its lazy books; it runs once per author.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def summary(session: Session) -> list[str]:
    out = []
    for author in session.scalars(select(Author)):
        def titles() -> str:
            return ", ".join(b.title for b in author.books)
        out.append(f"{author.name}: {titles()}")
    return out


run = summary
seed = seed_library
__all__ = ["Base"]
