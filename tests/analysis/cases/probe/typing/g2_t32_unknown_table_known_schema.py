# expect: ORM3 at 23
# why: the models are the whole schema (no reflection, no raw DDL): "event_log" is no table of it (OperationalError: no such table / UndefinedTable).

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "g2_t32_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))


def seed(session: Session) -> None:
    session.add(Event(kind="boot"))


def kinds(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT DISTINCT kind FROM event_log")))


def kinds_ok(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT DISTINCT kind FROM g2_t32_events")))
