# expect: none
# why: session.get per currency of a fixed list and one relationship read outside any loop: no growth with the rows.

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Currency(Base):
    __tablename__ = "currencies"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate: Mapped[float]
    quotes: Mapped[list["Quote"]] = relationship()


class Quote(Base):
    __tablename__ = "quotes"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[float]
    currency_code: Mapped[str] = mapped_column(ForeignKey("currencies.code"))


def rates(session: Session, codes=("EUR", "USD")) -> tuple[dict, list]:
    found = {}
    for code in codes:
        currency = session.get(Currency, code)
        found[code] = currency.rate if currency else None
    base = session.get(Currency, "EUR")
    return found, [q.price for q in base.quotes]


run = rates


def seed(session, n):
    session.add(Currency(code="EUR", rate=1.0, quotes=[Quote(price=float(i)) for i in range(n)]))
    session.add(Currency(code="USD", rate=1.1))
    for i in range(n):
        session.add(Currency(code=f"X{i:02d}", rate=2.0))
