# expect: ORM2 at 29
# why: Price has a composite primary key (product_id, currency); session.get() with one scalar raises InvalidRequestError (incorrect number of values).

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Price(Base):
    __tablename__ = "g_t46_prices"
    product_id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    cents: Mapped[int]


def seed(session: Session) -> None:
    session.add(Price(product_id=1, currency="EUR", cents=100))


def by_key(session: Session) -> int | None:
    row = session.get(Price, {"product_id": 1, "currency": "EUR"})
    return row.cents if row else None


def broken(session: Session) -> int | None:
    row = session.get(Price, 1)
    return row.cents if row else None
