# expect: ORM1 at 14
# why: two queries' results are collected with extend(); the later loop lazy-loads the books of every collected author.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def everyone(session: Session) -> list[int]:
    picked: list[Author] = []
    picked.extend(session.scalars(select(Author).where(Author.name.like("a%"))))
    picked.extend(session.scalars(select(Author).where(Author.name.like("b%"))))
    return [len(a.books) for a in picked]


run = everyone
seed = seed_library
__all__ = ["Base"]
