# expect: ORM1 at 17
# why: `db` is the Session (FastAPI's naming) and `model` a mapped class passed in: the count runs
# one SELECT per author of the loop, though the checker cannot see which class `model` holds.

from sqlalchemy import select
from sqlalchemy.orm import Session

from models_g_library import Author, Base, seed_library


def tally(db: Session, model=None) -> list[int]:
    if model is None:
        model = _default_model()
    out = []
    for author in db.scalars(select(Author)):
        out.append(
            db.query(model).filter_by(name=author.name).count())
    return out


def _default_model():
    return globals()["Author"]


run = tally
seed = seed_library
__all__ = ["Base"]
