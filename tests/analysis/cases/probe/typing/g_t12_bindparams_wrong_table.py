# expect: ORM3 at 24
# why: the SQL names table "coupon" but the mapped table is g_t12_coupons (no such table), even with typed bindparams.

from sqlalchemy import String, bindparam, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Coupon(Base):
    __tablename__ = "g_t12_coupons"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    percent: Mapped[int] = mapped_column(default=10)


def seed(session: Session) -> None:
    session.add(Coupon(code="SPRING", percent=15))


def percent_of(session: Session, code: str = "SPRING") -> int | None:
    stmt = text("SELECT percent FROM coupon WHERE code = :code").bindparams(
        bindparam("code", type_=String)
    )
    return session.scalar(stmt, {"code": code})
