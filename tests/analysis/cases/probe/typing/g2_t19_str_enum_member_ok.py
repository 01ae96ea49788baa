# expect: none
# why: a str-based Enum member (and its .value) compared with a String column, and an IntEnum member with an Integer column: the values are str / int, valid everywhere.

import enum

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Kind(str, enum.Enum):
    BUG = "bug"
    IDEA = "idea"


class Prio(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Ticket(Base):
    __tablename__ = "g2_t19_tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    prio: Mapped[int] = mapped_column(default=1)


def seed(session: Session) -> None:
    session.add(Ticket(kind="bug", prio=2))


def bugs(session: Session) -> list[int]:
    return list(session.scalars(select(Ticket.id).where(Ticket.kind == Kind.BUG.value)))


def urgent(session: Session) -> list[int]:
    return list(session.scalars(select(Ticket.id).where(Ticket.prio >= Prio.HIGH)))
