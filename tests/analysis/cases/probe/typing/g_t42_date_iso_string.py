# expect: none
# why: a Date column compared with an ISO date string works on SQLite, MySQL and psycopg2 (the database casts the literal); only psycopg 3 refuses it (it binds character varying: operator does not exist: date >= character varying) - a driver's choice the checker does not report.

from datetime import date

from sqlalchemy import Date, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Holiday(Base):
    __tablename__ = "g_t42_holidays"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)


def seed(session: Session) -> None:
    session.add(Holiday(name="new year", day=date(2025, 1, 1)))


def upcoming(session: Session) -> list[str]:
    return list(session.scalars(select(Holiday.name).where(Holiday.day >= "2024-12-31")))


def upcoming_typed(session: Session) -> list[str]:
    return list(session.scalars(select(Holiday.name).where(Holiday.day >= date(2024, 12, 31))))
