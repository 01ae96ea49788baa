# expect: none
# why: the list holds one author appended outside any loop; looping over it lazy-loads the books once.

from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def first_shelf(session: Session) -> list[str]:
    batch = []
    batch.append(session.get(Author, 1))
    out = []
    for author in batch:
        out.extend(b.title for b in author.books)
    return out


run = first_shelf
seed = seed_library
__all__ = ["Base"]
