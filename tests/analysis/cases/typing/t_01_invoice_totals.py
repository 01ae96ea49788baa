# expect: ORM2 at 34
# expect: ORM2 at 39
# why: Invoice.total_cents is an Integer compared with the str parameter amount; Invoice.number is a String compared with an int literal.

from datetime import date
from decimal import Decimal

from sqlalchemy import Integer, Numeric, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    total_cents: Mapped[int] = mapped_column(Integer)
    tax_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    issued_on: Mapped[date]


def seed(session: Session) -> None:
    session.add_all([
        Invoice(number=f"INV-{i}", total_cents=100 * i, tax_rate=Decimal("0.20"),
                issued_on=date(2024, 1, i)) for i in range(1, 4)
    ])


def invoices_of_amount(session: Session, amount: str = "1250") -> list[Invoice]:
    stmt = select(Invoice).where(Invoice.total_cents == amount)
    return list(session.scalars(stmt))


def invoice_by_number(session: Session) -> list[Invoice]:
    return list(session.scalars(select(Invoice).where(Invoice.number == 1001)))


def taxed_since(session: Session, since: date = date(2024, 1, 2)) -> list[Invoice]:
    stmt = (
        select(Invoice)
        .where(Invoice.issued_on >= since, Invoice.tax_rate > 0)
        .where(Invoice.total_cents.between(100, 250.5))
    )
    return list(session.scalars(stmt))
