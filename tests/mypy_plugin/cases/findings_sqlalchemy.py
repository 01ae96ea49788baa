# ormlens findings as mypy errors, on code written against SQLAlchemy 2.0 (Mapped models):
# in functions without annotations (mypy checks nothing there, the findings are reported anyway),
# in annotated ones, silenced by mypy's and by ormlens' own comments; eager loading stays silent.
from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from shop.models import Customer, Order


def order_counts(session):
    for customer in session.scalars(select(Customer)):
        print(customer.name, len(customer.orders))  # E: `customer.orders` lazy-loads Customer.orders once per row (N+1 queries); eager-load it on the query, e.g. `selectinload(Customer.orders)` (ORM101)  [orm-n-plus-one]


def by_name(session, name):
    return session.query(Customer).filter_by(nmae=name).all()  # E: filter_by(nmae=...): `Customer` has no attribute `nmae` (did you mean `name`?) (ORM202)  [orm-unknown-column]


def typed_counts(session: Session) -> dict[str, int]:
    counts = {}
    for customer in session.scalars(select(Customer)):
        counts[customer.name] = len(customer.orders)  # E: `customer.orders` lazy-loads Customer.orders once per row (N+1 queries); eager-load it on the query, e.g. `selectinload(Customer.orders)` (ORM101)  [orm-n-plus-one]
    return counts


def eager_counts(session: Session) -> dict[str, int]:
    stmt = select(Customer).options(selectinload(Customer.orders))
    return {c.name: len(c.orders) for c in session.scalars(stmt)}


def silenced(session: Session) -> None:
    for customer in session.scalars(select(Customer)):
        print(customer.orders)  # type: ignore[orm-n-plus-one]
    for customer in session.scalars(select(Customer)):
        print(customer.orders)  # ormlens: ignore[ORM101]


def new_year(session: Session) -> list[Order]:
    return list(session.scalars(select(Order).where(Order.placed_on == 20240101)))  # E: `Order.placed_on` holds date values (Date) but is compared with `20240101` of type int (ORM201)  [orm-query-type]


def raw(session: Session, name: str) -> None:
    session.execute(text("SELECT totl FROM orders"))  # E: text(): column `totl` does not exist in `orders` (ORM301)  [orm-raw-sql]
    session.execute(text(f"SELECT * FROM customers WHERE name = '{name}'"))  # E: text() SQL is built with an f-string from `name`: the value becomes SQL text (injection, quoting errors); pass it as a bind parameter (`:name` and a parameters dict) (ORM302)  [orm-raw-sql]


def one(session):
    return session.get(Customer, "seven")  # E: get(Customer, "seven"): the primary key `id` holds int values, not str (ORM205)  [orm-query-type]


first_customer = Customer(name="x", nmae="y")  # E: `Customer(nmae=...)`: `Customer` has no attribute `nmae` (did you mean `name`?), the constructor raises TypeError (ORM202)  [orm-unknown-column]
# ---- file: shop/__init__.py
# ---- file: shop/models.py
from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


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
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer: Mapped[Customer] = relationship(back_populates="orders")
