# expect: none
# why: text() reads the table g2_t31_legacy_log that no model maps, but the project creates it with raw DDL (so the models are not the whole schema): valid at runtime.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "g2_t31_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))


def seed(session: Session) -> None:
    session.execute(text("CREATE TABLE IF NOT EXISTS g2_t31_legacy_log (id INTEGER PRIMARY KEY, line TEXT)"))
    session.execute(text("INSERT INTO g2_t31_legacy_log (id, line) VALUES (1, 'boot')"))
    session.add(Event(kind="boot"))


def log_lines(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT line FROM g2_t31_legacy_log ORDER BY id")))
