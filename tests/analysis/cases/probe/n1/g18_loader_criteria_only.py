# expect: ORM1 at 16
# why: with_loader_criteria filters the books but loads nothing eagerly; author.books is still lazy per author.

from sqlalchemy import select
from sqlalchemy.orm import Session, with_loader_criteria

from models_g_library import Author, Base, Book, seed_library


def t_titles(session: Session) -> dict[str, list[str]]:
    stmt = select(Author).options(
        with_loader_criteria(Book, Book.title.like("t%")),
    )
    out = {}
    for author in session.scalars(stmt):
        out[author.name] = [b.title for b in author.books]
    return out


run = t_titles
seed = seed_library
__all__ = ["Base"]
