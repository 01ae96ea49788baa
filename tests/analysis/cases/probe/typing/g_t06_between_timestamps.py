# expect: ORM2 at 26
# why: between() on the DateTime column Meeting.starts_at with integer bounds (PostgreSQL: operator does not exist: timestamp >= integer).

from datetime import datetime

from sqlalchemy import DateTime, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Meeting(Base):
    __tablename__ = "g_t06_meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(60))
    starts_at: Mapped[datetime] = mapped_column(DateTime)


def seed(session: Session) -> None:
    session.add(Meeting(topic="sync", starts_at=datetime(2024, 5, 1, 9, 0)))


def in_window(session: Session, start: int = 9, end: int = 17) -> list[str]:
    stmt = select(Meeting.topic).where(Meeting.starts_at.between(start, end))
    return list(session.scalars(stmt))
