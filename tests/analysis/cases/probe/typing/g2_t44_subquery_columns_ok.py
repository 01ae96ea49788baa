# expect: none
# why: subquery look-alikes: the columns of select(Entity).subquery() are the entity's, a union's subquery, .c.keys(), a column reached through the collection's key after a select of two entities' ids renamed with labels.

from sqlalchemy import ForeignKey, String, select, union_all
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Sale(Base):
    __tablename__ = "g2_t44_sales"
    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(default=0)


class Refund(Base):
    __tablename__ = "g2_t44_refunds"
    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("g2_t44_sales.id"))
    amount: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add(Sale(id=1, region="eu", amount=100))
    session.flush()
    session.add(Refund(sale_id=1, amount=10))


def big_sales(session: Session, floor: int = 50) -> list[str]:
    eu = select(Sale).where(Sale.region == "eu").subquery()
    names = list(eu.c.keys())
    stmt = select(eu.c.region).where(eu.c.amount > floor).order_by(eu.c.id)
    return list(session.scalars(stmt)) + names[:0]


def movements(session: Session) -> list[int]:
    both = union_all(select(Sale.amount), select(Refund.amount)).subquery()
    return list(session.scalars(select(both.c.amount).where(both.c.amount > 0)))


def pairs(session: Session) -> list[int]:
    linked = (select(Sale.id.label("sale"), Refund.id.label("refund"))
              .join(Refund, Refund.sale_id == Sale.id).subquery())
    return list(session.scalars(select(linked.c.refund).where(linked.c.sale == 1)))
