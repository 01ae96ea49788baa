# expect: ORM2 at 31
# why: load_only() takes column attributes; Shelf.books is a relationship (ArgumentError: Can't apply "column loader" strategy to property "Shelf.books"); selectinload(Shelf.books) with load_only of the book's columns is fine.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, load_only, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Shelf(Base):
    __tablename__ = "g2_t67_shelves"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    books: Mapped[list["Book"]] = relationship()


class Book(Base):
    __tablename__ = "g2_t67_books"
    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("g2_t67_shelves.id"))
    title: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add(Shelf(name="s", books=[Book(title="b")]))


def names(session: Session) -> list[str]:
    return [s.name for s in session.scalars(select(Shelf).options(load_only(Shelf.name, Shelf.books)))]


def names_ok(session: Session) -> list[str]:
    stmt = select(Shelf).options(load_only(Shelf.name), selectinload(Shelf.books).load_only(Book.title))
    return [s.name for s in session.scalars(stmt)]
