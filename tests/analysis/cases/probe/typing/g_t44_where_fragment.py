# expect: ORM3 at 27
# why: the textual WHERE fragment names fullname; the column of g_t44_people is full_name.

from sqlalchemy import String, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "g_t44_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column("full_name", String(60))


def seed(session: Session) -> None:
    session.add(Person(name="Ada"))


def ordered(session: Session) -> list[int]:
    return list(session.scalars(select(Person.id).order_by(text("full_name DESC"))))


def named(session: Session, who: str = "Ada") -> list[int]:
    stmt = select(Person.id).where(text("fullname = :who")).params(who=who)
    return list(session.scalars(stmt))
