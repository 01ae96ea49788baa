# expect: ORM2 at 26
# why: HAVING max(Bid.cents) (Integer, max() keeps its argument's type) compared with a module constant str (PostgreSQL: invalid input syntax for type integer).

from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

RESERVE = "1k"


class Base(DeclarativeBase):
    pass


class Bid(Base):
    __tablename__ = "g2_t20_bids"
    id: Mapped[int] = mapped_column(primary_key=True)
    lot: Mapped[str] = mapped_column(String(20))
    cents: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Bid(lot="vase", cents=900), Bid(lot="vase", cents=1200)])


def sold_lots(session: Session) -> list[str]:
    stmt = select(Bid.lot).group_by(Bid.lot).having(func.max(Bid.cents) >= RESERVE)
    return list(session.scalars(stmt))
