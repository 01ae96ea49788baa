# expect: ORM2 at 33
# why: Shop and Voucher are both selected but never joined or correlated: a cartesian product (SAWarning).

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Shop(Base):
    __tablename__ = "g_t23_shops"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Voucher(Base):
    __tablename__ = "g_t23_vouchers"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("g_t23_shops.id"))
    cents: Mapped[int]


def seed(session: Session) -> None:
    s = Shop(name="a")
    session.add(s)
    session.flush()
    session.add(Voucher(shop_id=s.id, cents=500))


def big(session: Session) -> list[str]:
    stmt = select(Shop.name, Voucher.cents).where(Voucher.cents > 100)
    return [r.name for r in session.execute(stmt)]
