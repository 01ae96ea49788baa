# expect: none
# why: both entities appear but the WHERE clause links them (implicit join), and the scalar subquery is correlated.

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Store(Base):
    __tablename__ = "g_t24_stores"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Coupon(Base):
    __tablename__ = "g_t24_coupons"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("g_t24_stores.id"))
    cents: Mapped[int]


def seed(session: Session) -> None:
    s = Store(name="a")
    session.add(s)
    session.flush()
    session.add(Coupon(store_id=s.id, cents=500))


def big(session: Session) -> list[str]:
    stmt = select(Store.name, Coupon.cents).where(Coupon.store_id == Store.id, Coupon.cents > 1)
    return [r.name for r in session.execute(stmt)]


def with_counts(session: Session) -> list[tuple[str, int]]:
    count = (
        select(func.count(Coupon.id))
        .where(Coupon.store_id == Store.id)
        .scalar_subquery()
    )
    return [(r[0], r[1]) for r in session.execute(select(Store.name, count))]
