# expect: ORM2 at 34
# why: the column_property n_lines is a count() subquery (Integer) compared with a str (PostgreSQL: invalid input syntax for type bigint).

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, column_property, mapped_column


class Base(DeclarativeBase):
    pass


class Line(Base):
    __tablename__ = "g2_t15_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("g2_t15_orders.id"))


class Order(Base):
    __tablename__ = "g2_t15_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20))
    n_lines = column_property(
        select(func.count(Line.id)).where(Line.order_id == id).correlate_except(Line).scalar_subquery()
    )


def seed(session: Session) -> None:
    session.add(Order(id=1, ref="o1"))
    session.flush()
    session.add(Line(order_id=1))


def multi_line_orders(session: Session, many: str = "several") -> list[str]:
    return [o.ref for o in session.query(Order).filter(Order.n_lines >= many)]
