# expect: ORM1 at 30
# why: Streamed rows of an AsyncSession: reading the lazy ticket.assignee raises MissingGreenlet.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Agent(Base):
    __tablename__ = "agents"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(100))
    assignee_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    assignee: Mapped[Agent] = relationship()


async def assignments(session: AsyncSession) -> list[str]:
    lines = []
    async for ticket in await session.stream_scalars(select(Ticket).order_by(Ticket.id)):
        lines.append(f"{ticket.subject}: {ticket.assignee.name}")
    return lines


run = assignments


def seed(session, n):
    for i in range(n):
        session.add(Ticket(subject=f"t{i}", assignee=Agent(name=f"a{i}")))
