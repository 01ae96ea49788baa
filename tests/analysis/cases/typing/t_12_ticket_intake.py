# expect: ORM2 at 36
# why: Ticket has title, not titel: the declarative constructor rejects the keyword.

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    priority: Mapped[int] = mapped_column(default=3)
    opened_at: Mapped[datetime] = mapped_column(default=datetime(2024, 1, 1))

    @property
    def urgent(self) -> bool:
        return self.priority <= 1


def seed(session: Session) -> None:
    session.add(Ticket(title="first", priority=2))


def open_ticket(session: Session, title: str = "printer on fire") -> None:
    session.add(Ticket(title=title, priority=1))
    session.flush()


def open_from_form(session: Session, form: dict = {"title": "x"}) -> None:
    session.add(Ticket(titel=form["title"], priority=2))
    session.flush()
