"""What `ormlens check` finds: an N+1 loop, a type error in a query, broken raw SQL.

Run `ormlens check examples/` from the repository root.  Nothing here is executed by the checker;
`python examples/shop_checks.py` runs it on SQLite and prints the statements (the N+1 included).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from orm import (Date, ForeignKey, Numeric, String, create_engine, select, text)
from orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    orders: Mapped[list["Order"]] = relationship(back_populates="customer")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    placed_on: Mapped[date] = mapped_column(Date)
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer: Mapped[Customer] = relationship(back_populates="orders")


def order_counts(session: Session) -> dict[str, int]:
    counts = {}
    for customer in session.scalars(select(Customer)):
        counts[customer.name] = len(customer.orders)        # one SELECT per customer
    return counts


def order_counts_eager(session: Session) -> dict[str, int]:
    stmt = select(Customer).options(selectinload(Customer.orders))
    return {c.name: len(c.orders) for c in session.scalars(stmt)}


def orders_of_new_year(session: Session) -> list[Order]:
    stmt = select(Order).where(Order.placed_on == 20240101)   # a date compared with an int
    return list(session.scalars(stmt))


def big_orders(session: Session) -> list[tuple]:
    return session.execute(text("SELECT id, totl FROM orders WHERE total > :limit"),
                           {"limit": 100}).all()


if __name__ == "__main__":
    engine = create_engine("sqlite://", echo=True)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all([Customer(name=n, orders=[Order(placed_on=date(2024, 1, 1),
                                                        total=Decimal("9.50"))])
                         for n in ("ann", "bob", "cid")])
        session.commit()
        print(order_counts(session))
        print(order_counts_eager(session))
