# expect: none
# why: the report dict holds two lists: the shelves (plain objects appended in a loop over names)
# and the authors (query rows). The loop over report["shelves"] reads each shelf's own list of
# books; no author is touched, so nothing loads per row.

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


@dataclass
class Shelf:
    name: str
    books: list = field(default_factory=list)


def report(session: Session) -> int:
    shelves = []
    for name in ("new", "old"):
        shelves.append(Shelf(name))
    authors = session.scalars(select(Author)).all()
    data = {"shelves": shelves, "authors": authors}
    total = 0
    for shelf in data["shelves"]:
        total += len(shelf.books)
    return total + len(data["authors"])


run = report
seed = seed_library
__all__ = ["Base"]
