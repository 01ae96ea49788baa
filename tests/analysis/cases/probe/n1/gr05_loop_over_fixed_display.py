# expect: none
# why: the loop runs over a list display of two objects (a ticket's brief and review documents):
# two lazy loads of `doc.notes`, however many tickets, documents or notes there are. A fixed
# number of iterations spelled out in the source is no N+1.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "gr_tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    brief_id: Mapped[int | None] = mapped_column(ForeignKey("gr_docs.id"))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("gr_docs.id"))
    brief: Mapped["Doc"] = relationship(foreign_keys=[brief_id])
    review: Mapped["Doc"] = relationship(foreign_keys=[review_id])


class Doc(Base):
    __tablename__ = "gr_docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    notes: Mapped[list["Note"]] = relationship()


class Note(Base):
    __tablename__ = "gr_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[int] = mapped_column(ForeignKey("gr_docs.id"))


def seed(session: Session, n: int) -> None:
    for i in range(n):
        session.add(Ticket(brief=Doc(title=f"b{i}", notes=[Note(), Note()]),
                           review=Doc(title=f"r{i}", notes=[Note()])))


def close_first(session: Session) -> int:
    ticket = session.scalars(select(Ticket).order_by(Ticket.id).limit(1)).first()
    total = 0
    for doc in [ticket.brief, ticket.review]:
        total += len(doc.notes)
    return total + sum(len(d.title) for d in (ticket.brief, ticket.review))


run = close_first
