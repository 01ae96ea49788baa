# expect: none
# why: SQL function results compared with matching values: count() with an int constant, max() of a DateTime with a datetime, sum() with a float, coalesce() of a String with "", min() of a Numeric with a Decimal.

from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import DateTime, Numeric, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

MIN_BIDS = 1


class Base(DeclarativeBase):
    pass


class Bid(Base):
    __tablename__ = "g2_t48_bids"
    id: Mapped[int] = mapped_column(primary_key=True)
    lot: Mapped[str] = mapped_column(String(20))
    note: Mapped[Optional[str]] = mapped_column(String(40))
    cents: Mapped[int] = mapped_column(default=0)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("1.00"))
    placed: Mapped[datetime] = mapped_column(DateTime, default=datetime(2024, 1, 1))


def seed(session: Session) -> None:
    session.add_all([Bid(lot="vase", cents=900), Bid(lot="vase", cents=1200, note="late")])


def summary(session: Session, since: datetime = datetime(2023, 1, 1)) -> list[str]:
    stmt = (select(Bid.lot).group_by(Bid.lot)
            .having(func.count(Bid.id) >= MIN_BIDS, func.max(Bid.placed) > since,
                    func.sum(Bid.cents) > 10.5, func.min(Bid.price) >= Decimal("0.50")))
    return list(session.scalars(stmt))


def silent(session: Session) -> list[int]:
    return list(session.scalars(select(Bid.id).where(func.coalesce(Bid.note, "") == "")))
