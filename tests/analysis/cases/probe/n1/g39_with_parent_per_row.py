# expect: ORM1 at 14
# why: a select with with_parent(author, Author.books) is executed once per author in the loop.

from sqlalchemy import select
from sqlalchemy.orm import Session, with_parent

from models_g_library import Author, Base, Book, seed_library


def newest(session: Session) -> dict[str, str]:
    out = {}
    for author in session.scalars(select(Author)).all():
        stmt = select(Book).where(with_parent(author, Author.books)).order_by(Book.id.desc())
        book = session.scalars(stmt).first()
        out[author.name] = book.title
    return out


run = newest
seed = seed_library
__all__ = ["Base"]
