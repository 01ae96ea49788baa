# expect: ORM1 at 49
# why: in the loop over one writer's books, session.get(Writer, book.writer_id) is that writer
# again, found in the identity map (no SQL, however many books); book.reviewer_id names another
# writer for every book (seeded so): that get() runs one SELECT per book.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Writer(Base):
    __tablename__ = "gr_writers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    written: Mapped[list["Draft"]] = relationship(
        foreign_keys="Draft.writer_id", back_populates="writer")


class Draft(Base):
    __tablename__ = "gr_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    writer_id: Mapped[int] = mapped_column(ForeignKey("gr_writers.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("gr_writers.id"))
    writer: Mapped[Writer] = relationship(foreign_keys=[writer_id], back_populates="written")


def seed(session: Session, n: int) -> None:
    lead = Writer(name="lead")
    session.add(lead)
    session.flush()
    for i in range(n):
        reviewer = Writer(name=f"r{i}")
        session.add(reviewer)
        session.flush()
        session.add(Draft(writer=lead, reviewer_id=reviewer.id))


def credits(session: Session) -> list[str]:
    session.expunge_all()       # nothing seeded stays in the identity map
    lead = session.scalars(select(Writer).where(Writer.name == "lead")).one()
    out = []
    for draft in lead.written:
        writer = session.get(Writer, draft.writer_id)
        out.append(writer.name)
        if draft.reviewer_id is not None:
            reviewer = session.get(Writer, draft.reviewer_id)
            out.append(reviewer.name)
    return out


run = credits
