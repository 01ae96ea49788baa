# expect: none
# why: `archive.query(name)` is the method of a non-ORM client (a search index held in memory, like
# a DB-API driver's cursor.query(sql)), not Session.query(): a SQLAlchemy query takes entities or
# column expressions, never a bare string; the loop over its results runs no SQL.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


class _Archive:
    """Documents held in memory, searched by text."""

    def __init__(self) -> None:
        self.docs = ["a1 letters", "a2 diaries"]

    def query(self, text: str) -> list[str]:
        return [doc for doc in self.docs if text in doc]


def mentions(session: Session, archive=None) -> dict[int, list[str]]:
    archive = archive or _Archive()
    found = {}
    for author in session.scalars(select(Author)):
        res = archive.query(author.name)
        found[author.id] = [doc.upper() for doc in res]
    return found


run = mentions
seed = seed_library
__all__ = ["Base"]
