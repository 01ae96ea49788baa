# expect: ORM2 at 31
# expect: ORM2 at 38
# why: between() bounds of the Numeric column Gadget.price are strings; in_() of the Integer column Gadget.stock receives a list[str] parameter.

from decimal import Decimal

from sqlalchemy import Numeric, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Gadget(Base):
    __tablename__ = "gadgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(40))
    price: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    stock: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Gadget(label=f"g{i}", price=Decimal(i), stock=i) for i in range(1, 4)])


def in_budget(session: Session) -> list[str]:
    stmt = (
        select(Gadget.label)
        .where(Gadget.price.between("10", "99"))
        .order_by(Gadget.price)
    )
    return list(session.scalars(stmt))


def with_stock_levels(session: Session, levels: list[str] = ["1", "2"]) -> list[str]:
    return list(session.scalars(select(Gadget.label).where(Gadget.stock.in_(levels))))


def cheap(session: Session, limit: float = 2.5) -> list[str]:
    stmt = select(Gadget.label).where(Gadget.price < limit, Gadget.stock.in_([1, 2, 3]))
    return list(session.scalars(stmt))
