# expect: ORM3 at 23
# why: the table alias p is g2_t56_people, which has no column "handel" (no such column: p.handel).

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "g2_t56_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(20))


def seed(session: Session) -> None:
    session.add(Person(handle="ann"))


def handles(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT p.handel FROM g2_t56_people AS p ORDER BY p.id")))


def handles_ok(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT p.handle FROM g2_t56_people AS p ORDER BY p.id")))
