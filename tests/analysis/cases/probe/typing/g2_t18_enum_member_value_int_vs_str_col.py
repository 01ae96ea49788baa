# expect: ORM2 at 30
# why: Level.HIGH.value is an int (an IntEnum member's value) compared with the String column Alert.level (PostgreSQL: operator does not exist: character varying = integer).

import enum

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Alert(Base):
    __tablename__ = "g2_t18_alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(10))


def seed(session: Session) -> None:
    session.add(Alert(level="high"))


def high(session: Session) -> list[int]:
    return list(session.scalars(select(Alert.id).where(Alert.level == Level.HIGH.value)))
