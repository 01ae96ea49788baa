# expect: ORM2 at 31
# why: filter_by(author_id=author) passes the Author object where its key belongs (ArgumentError / ProgrammingError: can't adapt type); filter_by(author=author) on the relationship is fine.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "g2_t59_authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Essay(Base):
    __tablename__ = "g2_t59_essays"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("g2_t59_authors.id"))
    author: Mapped[Author] = relationship()


def seed(session: Session) -> None:
    session.add(Essay(author=Author(id=1, name="a")))


def essays_of(session: Session) -> list[int]:
    author = session.get(Author, 1)
    return list(session.scalars(select(Essay.id).filter_by(author_id=author)))


def essays_of_ok(session: Session) -> list[int]:
    author = session.get(Author, 1)
    return list(session.scalars(select(Essay.id).filter_by(author=author)))
