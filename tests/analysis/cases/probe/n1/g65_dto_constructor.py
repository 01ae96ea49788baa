# expect: ORM1 at 21
# why: the DTO is built per author with a nested comprehension over the lazy books.

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


@dataclass
class AuthorOut:
    name: str
    titles: list[str]


def export(session: Session) -> list[AuthorOut]:
    authors = session.execute(select(Author).order_by(Author.name)).scalars().all()
    return [
        AuthorOut(name=a.name, titles=[b.title for b in a.books])
        for a in authors
    ]


run = export
seed = seed_library
__all__ = ["Base"]
