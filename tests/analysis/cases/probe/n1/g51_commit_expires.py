# expect: ORM1 at 15
# why: session.commit() expires every loaded object (expire_on_commit), so the eager-loaded books are reloaded one author at a time.

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models_g_library import Author, Base, seed_library


def touch_and_list(session: Session) -> dict[str, int]:
    authors = session.scalars(select(Author).options(selectinload(Author.books))).all()
    for author in authors:
        author.name = author.name.strip()
    session.commit()
    return {a.id: len(a.books) for a in authors}


run = touch_and_list
seed = seed_library
__all__ = ["Base"]
