# expect: ORM2 at 30
# why: the aggregate subquery is selected beside Author without any join or correlation (SAWarning: cartesian product between FROM element(s)); the IN (subquery) form below is not a cartesian product.

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "g2_t38_authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Book(Base):
    __tablename__ = "g2_t38_books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("g2_t38_authors.id"))


def seed(session: Session) -> None:
    session.add_all([Author(id=1, name="a"), Book(author_id=1)])


def with_counts(session: Session) -> list[tuple[str, int]]:
    counts = select(Book.author_id, func.count(Book.id).label("n")).group_by(Book.author_id).subquery()
    stmt = select(Author.name, counts.c.n).where(counts.c.n > 0)
    return [(r.name, r.n) for r in session.execute(stmt)]


def prolific(session: Session) -> list[str]:
    has_books = select(Book.author_id).group_by(Book.author_id).having(func.count(Book.id) > 0)
    return list(session.scalars(select(Author.name).where(Author.id.in_(has_books))))
