# expect: none
# why: a hybrid property (expression arithmetic on Integer columns) compared with an int, and a column_property compared with an int: valid.

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, column_property, mapped_column


class Base(DeclarativeBase):
    pass


class Line(Base):
    __tablename__ = "g2_t14_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("g2_t14_orders.id"))
    qty: Mapped[int] = mapped_column(default=1)
    unit_cents: Mapped[int] = mapped_column(default=100)

    @hybrid_property
    def total_cents(self) -> int:
        return self.qty * self.unit_cents


class Order(Base):
    __tablename__ = "g2_t14_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20))
    n_lines = column_property(
        select(func.count(Line.id)).where(Line.order_id == id).correlate_except(Line).scalar_subquery()
    )


def seed(session: Session) -> None:
    session.add(Order(id=1, ref="o1"))
    session.flush()
    session.add(Line(order_id=1, qty=3, unit_cents=250))


def big_lines(session: Session, floor: int = 500) -> list[int]:
    return list(session.scalars(select(Line.id).where(Line.total_cents > floor)))


def multi_line_orders(session: Session) -> list[str]:
    return [o.ref for o in session.query(Order).filter(Order.n_lines >= 1)]
