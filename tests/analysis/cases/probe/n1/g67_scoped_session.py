# expect: none
# why: a scoped_session registry used directly; the query eager-loads books with selectinload, so the loop reads loaded collections.

from sqlalchemy import select
from sqlalchemy.orm import scoped_session, selectinload, sessionmaker

from models_g_library import Author, Base, seed_library

DBSession = scoped_session(sessionmaker())


def sizes(session) -> dict[str, int]:
    DBSession.configure(bind=session.get_bind())
    try:
        authors = DBSession.scalars(select(Author).options(selectinload(Author.books))).all()
        return {a.name: len(a.books) for a in authors}
    finally:
        DBSession.remove()


run = sizes
seed = seed_library
__all__ = ["Base"]
