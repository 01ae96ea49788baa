# expect: ORM1 at 17
# why: the authors are appended to a list in one loop and their lazy books read in a later loop.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def prolific(session: Session) -> list[str]:
    picked = []
    for author in session.execute(select(Author)).scalars().all():
        if author.name:
            picked.append(author)
    names = []
    for author in picked:
        if len(author.books) > 1:
            names.append(author.name)
    return names


run = prolific
seed = seed_library
__all__ = ["Base"]
