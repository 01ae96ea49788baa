# expect: none
# why: the service stores eager-loaded authors on self in __init__; the method's loop reads loaded collections.

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models_g_library import Author, Base, seed_library


class Shelf:
    def __init__(self, session: Session) -> None:
        self.authors = session.scalars(
            select(Author).options(selectinload(Author.books))
        ).all()

    def sizes(self) -> dict[str, int]:
        return {a.name: len(a.books) for a in self.authors}


def run(session):
    return Shelf(session).sizes()


seed = seed_library
__all__ = ["Base"]
