# expect: ORM2 at 32
# why: the CTE's column n is count() (Integer), compared with a str (PostgreSQL: invalid input syntax for type integer / bigint = character varying).

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "g2_t11_customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Sale(Base):
    __tablename__ = "g2_t11_sales"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("g2_t11_customers.id"))


def seed(session: Session) -> None:
    session.add_all([Customer(id=1, name="x"), Sale(customer_id=1)])


def frequent(session: Session, times: str = "often") -> list[str]:
    counts = (select(Sale.customer_id.label("cid"), func.count(Sale.id).label("n"))
              .group_by(Sale.customer_id).cte("counts"))
    stmt = (select(Customer.name).join(counts, counts.c.cid == Customer.id)
            .where(counts.c.n >= times))
    return list(session.scalars(stmt))
