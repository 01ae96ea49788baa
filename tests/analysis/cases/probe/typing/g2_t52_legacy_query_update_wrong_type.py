# expect: ORM2 at 23
# why: legacy Query.update() sets the Integer column Ticket.priority to a str (PostgreSQL: invalid input syntax for type integer); the update with an int is fine.

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()
URGENT = "urgent"


class Ticket(Base):
    __tablename__ = "g2_t52_tickets"
    id = Column(Integer, primary_key=True)
    title = Column(String(40))
    priority = Column(Integer, default=0)


def seed(session: Session) -> None:
    session.add(Ticket(title="a"))


def escalate(session: Session) -> int:
    return session.query(Ticket).filter(Ticket.title == "a").update({"priority": URGENT})


def escalate_ok(session: Session) -> int:
    return session.query(Ticket).filter(Ticket.title == "a").update(
        {Ticket.priority: Ticket.priority + 1}, synchronize_session=False)
