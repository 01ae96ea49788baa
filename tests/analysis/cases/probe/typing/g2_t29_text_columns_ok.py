# expect: none
# why: text().columns(...) typed with the mapped columns, from_statement() of it, and a text() whose bind sits next to a '::'-free cast written with CAST(): valid on SQLite and PostgreSQL.

from sqlalchemy import String, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "g2_t29_books"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    pages: Mapped[int] = mapped_column(default=100)


def seed(session: Session) -> None:
    session.add_all([Book(title="a", pages=120), Book(title="b", pages=80)])


def long_books(session: Session, pages: int = 100) -> list[str]:
    stmt = text("SELECT id, title, pages FROM g2_t29_books WHERE pages > :p").columns(
        Book.id, Book.title, Book.pages)
    return [b.title for b in session.scalars(select(Book).from_statement(stmt), {"p": pages})]


def as_rows(session: Session) -> list[int]:
    stmt = text("SELECT id, CAST(pages AS INTEGER) AS n FROM g2_t29_books").columns(Book.id)
    return [r.id for r in session.execute(stmt)]
