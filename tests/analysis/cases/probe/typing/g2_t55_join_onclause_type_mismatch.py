# expect: ORM2 at 29
# why: the ON clause compares the Integer column Badge.holder_id with the String column Person.handle (PostgreSQL: operator does not exist: integer = character varying).

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "g2_t55_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(20))


class Badge(Base):
    __tablename__ = "g2_t55_badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    holder_id: Mapped[int] = mapped_column()


def seed(session: Session) -> None:
    session.add_all([Person(id=1, handle="ann"), Badge(holder_id=1)])


def holders(session: Session) -> list[str]:
    stmt = select(Person.handle).join(Badge, Badge.holder_id == Person.handle)
    return list(session.scalars(stmt))


def holders_ok(session: Session) -> list[str]:
    return list(session.scalars(select(Person.handle).join(Badge, Badge.holder_id == Person.id)))
