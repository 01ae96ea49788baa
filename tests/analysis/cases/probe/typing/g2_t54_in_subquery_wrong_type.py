# expect: ORM2 at 31
# expect: ORM2 at 36
# why: the Integer column Badge.holder_id is tested against a subquery selecting the String column Person.handle (PostgreSQL: operator does not exist: integer = character varying), in in_(select(...)) and compared with a scalar subquery; the int subqueries below are fine.

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "g2_t54_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(20))


class Badge(Base):
    __tablename__ = "g2_t54_badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    holder_id: Mapped[int] = mapped_column()


def seed(session: Session) -> None:
    session.add_all([Person(id=1, handle="ann"), Badge(holder_id=1)])


def badges_of_handles(session: Session) -> list[int]:
    wanted = select(Person.handle).where(Person.handle.like("a%"))
    return list(session.scalars(select(Badge.id).where(Badge.holder_id.in_(wanted))))


def badge_of_first(session: Session) -> list[int]:
    first = select(Person.handle).order_by(Person.id).limit(1).scalar_subquery()
    return list(session.scalars(select(Badge.id).where(Badge.holder_id == first)))


def badges_ok(session: Session) -> list[int]:
    wanted = select(Person.id).where(Person.handle.like("a%"))
    first = select(Person.id).order_by(Person.id).limit(1).scalar_subquery()
    stmt = select(Badge.id).where(Badge.holder_id.in_(wanted), Badge.holder_id == first)
    return list(session.scalars(stmt))
