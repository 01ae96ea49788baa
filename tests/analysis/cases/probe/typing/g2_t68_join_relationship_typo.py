# expect: ORM2 at 31
# why: Shelf has no attribute "book" (the relationship is "books"): AttributeError when the join is built.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Shelf(Base):
    __tablename__ = "g2_t68_shelves"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    books: Mapped[list["Book"]] = relationship()


class Book(Base):
    __tablename__ = "g2_t68_books"
    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("g2_t68_shelves.id"))
    title: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add(Shelf(name="s", books=[Book(title="b")]))


def titled(session: Session, title: str = "b") -> list[str]:
    stmt = select(Shelf.name).join(Shelf.book).where(Book.title == title)
    return list(session.scalars(stmt))
