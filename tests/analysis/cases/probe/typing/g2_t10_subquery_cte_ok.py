# expect: none
# why: a labelled aggregate in a subquery and a CTE, joined back with explicit onclauses; their .c columns exist and are compared with ints.

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "g2_t10_customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Sale(Base):
    __tablename__ = "g2_t10_sales"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("g2_t10_customers.id"))
    amount: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Customer(id=1, name="x"), Sale(customer_id=1, amount=50)])


def big_spenders(session: Session, floor: int = 10) -> list[str]:
    totals = (select(Sale.customer_id, func.sum(Sale.amount).label("spent"))
              .group_by(Sale.customer_id).subquery("totals"))
    stmt = (select(Customer.name).join(totals, totals.c.customer_id == Customer.id)
            .where(totals.c.spent > floor).order_by(totals.c.spent.desc()))
    return list(session.scalars(stmt))


def frequent(session: Session, times: int = 1) -> list[str]:
    counts = (select(Sale.customer_id.label("cid"), func.count(Sale.id).label("n"))
              .group_by(Sale.customer_id).cte("counts"))
    stmt = (select(Customer.name, counts.c.n).select_from(Customer)
            .join(counts, counts.c.cid == Customer.id).where(counts.c.n >= times))
    return [row.name for row in session.execute(stmt)]
