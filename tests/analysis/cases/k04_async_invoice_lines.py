# expect: ORM1 at 31
# why: AsyncSession: invoice.lines is lazy; reading it inside the async loop raises MissingGreenlet.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20))
    lines: Mapped[list["InvoiceLine"]] = relationship()


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    cents: Mapped[int]
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))


async def invoice_totals(session: AsyncSession) -> dict[str, int]:
    result = await session.execute(select(Invoice).order_by(Invoice.id))
    totals = {}
    for invoice in result.scalars():
        totals[invoice.number] = sum(line.cents for line in invoice.lines)
    return totals


run = invoice_totals


def seed(session, n):
    for i in range(n):
        session.add(Invoice(number=f"I{i}", lines=[InvoiceLine(cents=100)]))
