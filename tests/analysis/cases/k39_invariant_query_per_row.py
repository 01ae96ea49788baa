# expect: ORM1 at 28
# why: The rate query does not depend on the row but runs once per order; session.get of a fixed key hits the identity map.

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))


class Rate(Base):
    __tablename__ = "rates"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    factor: Mapped[float]


def totals_in_euro(session: Session) -> list[float]:
    out = []
    for order in session.scalars(select(Order).order_by(Order.id)):
        usd = session.scalars(select(Rate).where(Rate.code == "USD")).first()
        eur = session.get(Rate, "EUR")
        out.append(order.cents * (usd.factor if order.currency == "USD" else eur.factor))
    return out


run = totals_in_euro


def seed(session, n):
    session.add_all([Rate(code="USD", factor=0.9), Rate(code="EUR", factor=1.0)])
    for i in range(n):
        session.add(Order(cents=100 * i, currency="USD" if i % 2 else "EUR"))
