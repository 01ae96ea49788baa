# expect: none
# why: backref("queue", lazy="joined"): the backref-created Ticket.queue is joined eagerly whenever tickets load.

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import Session, backref, declarative_base, relationship

Base = declarative_base()


class Queue(Base):
    __tablename__ = "g20_queues"
    id = Column(Integer, primary_key=True)
    name = Column(String(40), nullable=False)
    tickets = relationship("Ticket", backref=backref("queue", lazy="joined"))


class Ticket(Base):
    __tablename__ = "g20_tickets"
    id = Column(Integer, primary_key=True)
    subject = Column(String(80), nullable=False)
    queue_id = Column(Integer, ForeignKey("g20_queues.id"), nullable=False)


def triage(session: Session) -> list[str]:
    out = []
    for ticket in session.query(Ticket).order_by(Ticket.id):
        out.append(ticket.subject + " -> " + ticket.queue.name)
    return out


run = triage


def seed(session, n):
    for i in range(n):
        session.add(Queue(name=f"q{i}", tickets=[Ticket(subject="s")]))
