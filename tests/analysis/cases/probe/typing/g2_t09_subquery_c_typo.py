# expect: ORM2 at 33
# why: the subquery's columns are "customer_id" and "spent" (the label): totals.c.total does not exist (AttributeError on the .c collection).

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "g2_t09_customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Sale(Base):
    __tablename__ = "g2_t09_sales"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("g2_t09_customers.id"))
    amount: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Customer(id=1, name="x"), Sale(customer_id=1, amount=50)])


def big_spenders(session: Session, floor: int = 10) -> list[str]:
    totals = (select(Sale.customer_id, func.sum(Sale.amount).label("spent"))
              .group_by(Sale.customer_id).subquery())
    stmt = (select(Customer.name).join(totals, totals.c.customer_id == Customer.id)
            .where(totals.c.total > floor))
    return list(session.scalars(stmt))
