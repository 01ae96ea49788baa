# expect: none
# why: the statement's options come from a helper that returns a list of loader options; books are selectin-loaded.

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models_g_library import Author, Base, seed_library


def author_options():
    return [selectinload(Author.books)]


def shelf(session: Session) -> list[str]:
    stmt = select(Author).options(*author_options()).order_by(Author.name)
    lines = []
    for author in session.scalars(stmt):
        lines.append(f"{author.name} ({len(author.books)})")
    return lines


run = shelf
seed = seed_library
__all__ = ["Base"]
