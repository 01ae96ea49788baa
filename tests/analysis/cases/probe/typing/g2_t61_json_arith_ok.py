# expect: none
# why: look-alikes of type errors that are fine: a JSON element read as_string()/as_integer() and compared with a str/int, column arithmetic compared with numbers, a DateTime against datetime arithmetic, a Numeric against an int.

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import JSON, DateTime, Numeric, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "g2_t61_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    attrs: Mapped[dict] = mapped_column(JSON, default=dict)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    qty: Mapped[int] = mapped_column(default=0)
    added: Mapped[datetime] = mapped_column(DateTime, default=datetime(2024, 1, 1))


def seed(session: Session) -> None:
    session.add(Item(name="pen", attrs={"color": "red", "size": 3}, price=Decimal("2.50"), qty=4))


def red_items(session: Session) -> list[str]:
    stmt = select(Item.name).where(Item.attrs["color"].as_string() == "red",
                                   Item.attrs["size"].as_integer() >= 2)
    return list(session.scalars(stmt))


def valuable(session: Session, days: int = 3650) -> list[str]:
    since = datetime(2024, 6, 1) - timedelta(days=days)
    stmt = select(Item.name).where(Item.price * Item.qty > 5, Item.price >= 1, Item.qty * 2 > 1.5,
                                   Item.added > since)
    return list(session.scalars(stmt))
