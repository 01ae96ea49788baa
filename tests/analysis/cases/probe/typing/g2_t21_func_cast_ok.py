# expect: none
# why: look-alikes: cast(String column, Integer) compared with an int, func.count() compared with an int constant, func.lower() of a String compared with a str, coalesce() with a matching default.

from sqlalchemy import Integer, String, cast, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

MIN_BIDS = 2


class Base(DeclarativeBase):
    pass


class Bid(Base):
    __tablename__ = "g2_t21_bids"
    id: Mapped[int] = mapped_column(primary_key=True)
    lot: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(10))
    cents: Mapped[int | None] = mapped_column()


def seed(session: Session) -> None:
    session.add_all([Bid(lot="Vase", code="17", cents=900), Bid(lot="vase", code="3")])


def numeric_codes(session: Session, above: int = 10) -> list[str]:
    return list(session.scalars(select(Bid.lot).where(cast(Bid.code, Integer) > above)))


def contested(session: Session) -> list[str]:
    stmt = (select(func.lower(Bid.lot)).where(func.lower(Bid.lot) == "vase")
            .group_by(func.lower(Bid.lot)).having(func.count(Bid.id) >= MIN_BIDS))
    return list(session.scalars(stmt))


def cheap(session: Session) -> list[int]:
    return list(session.scalars(select(Bid.id).where(func.coalesce(Bid.cents, 0) < 1000)))
