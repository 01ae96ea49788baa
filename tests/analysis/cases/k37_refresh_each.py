# expect: ORM1 at 23
# why: session.refresh(item) re-selects every item of the list, one SELECT per row.

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class StockItem(Base):
    __tablename__ = "stock_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(default=0)


def current_levels(session: Session) -> dict[str, int]:
    items = session.scalars(select(StockItem).order_by(StockItem.sku)).all()
    levels = {}
    for item in items:
        session.refresh(item)
        levels[item.sku] = item.quantity
    return levels


run = current_levels


def seed(session, n):
    for i in range(n):
        session.add(StockItem(sku=f"s{i}", quantity=i))
