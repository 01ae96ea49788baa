# expect: ORM2 at 30
# why: DEFAULT_LEVEL (imported from the settings module) is a str; Ticket.level is an Integer column (PostgreSQL: operator does not exist).

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from settings_g import DEFAULT_LEVEL, MAX_LEVEL


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "g_t36_tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add(Ticket(title="t", level=2))


def capped(session: Session) -> list[str]:
    return list(session.scalars(select(Ticket.title).where(Ticket.level <= MAX_LEVEL)))


def default_level(session: Session) -> list[str]:
    return list(session.scalars(select(Ticket.title).where(Ticket.level == DEFAULT_LEVEL)))
