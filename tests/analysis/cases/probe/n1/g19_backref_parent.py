# expect: ORM1 at 28
# why: Ticket.queue exists only through backref="queue" on Queue.tickets; reading it per ticket is a lazy many-to-one load.

from sqlalchemy import Column, ForeignKey, Integer, String, select
from sqlalchemy.orm import Session, declarative_base, relationship

Base = declarative_base()


class Queue(Base):
    __tablename__ = "g19_queues"
    id = Column(Integer, primary_key=True)
    name = Column(String(40), nullable=False)
    tickets = relationship("Ticket", backref="queue")


class Ticket(Base):
    __tablename__ = "g19_tickets"
    id = Column(Integer, primary_key=True)
    subject = Column(String(80), nullable=False)
    queue_id = Column(Integer, ForeignKey("g19_queues.id"), nullable=False)


def triage(session: Session) -> list[str]:
    out = []
    tickets = session.query(Ticket).order_by(Ticket.id).all()
    for ticket in tickets:
        out.append(ticket.subject + " -> " + ticket.queue.name)
    return out


run = triage


def seed(session, n):
    for i in range(n):
        session.add(Queue(name=f"q{i}", tickets=[Ticket(subject="s")]))
