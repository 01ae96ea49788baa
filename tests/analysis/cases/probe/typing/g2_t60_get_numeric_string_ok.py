# expect: none
# why: session.get()/Query.get() with a numeric string for an Integer primary key: the identity lookup binds the key with a cast (PostgreSQL: %(pk)s::INTEGER) and SQLite's integer affinity converts it - the row is found on both (unlike a WHERE comparison with a str, which PostgreSQL refuses).

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()
FIRST_ID = "1"


class Ticket(Base):
    __tablename__ = "g2_t60_tickets"
    id = Column(Integer, primary_key=True)
    title = Column(String(40))


def seed(session: Session) -> None:
    session.add(Ticket(id=1, title="a"))


def from_path(session: Session, raw_id: str = "1") -> str:
    ticket = session.get(Ticket, raw_id)
    assert ticket is not None
    return ticket.title


def first(session: Session) -> str:
    ticket = session.query(Ticket).get(FIRST_ID)
    assert ticket is not None
    return ticket.title
