# expect: ORM1 at 14
# why: raiseload('*') forbids every lazy load of the loaded authors; author.books raises.

from sqlalchemy import select
from sqlalchemy.orm import Session, raiseload

from models_g_library import Author, Base, seed_library


def shelf_sizes(session: Session) -> list[int]:
    stmt = select(Author).options(raiseload("*"))
    sizes = []
    for author in session.scalars(stmt):
        sizes.append(len(author.books))
    return sizes


run = shelf_sizes
seed = seed_library
__all__ = ["Base"]
