# expect: ORM2 at 31
# why: Enum(Status) stores member NAMES ('SHIPPED'); the lowercase value 'shipped' is not among them (PostgreSQL: invalid input value for enum).

import enum

from sqlalchemy import Enum, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Status(enum.Enum):
    PENDING = "pending"
    SHIPPED = "shipped"


class Parcel(Base):
    __tablename__ = "g_t03_parcels"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    status: Mapped[Status] = mapped_column(Enum(Status, name="g_t03_status"))


def seed(session: Session) -> None:
    session.add_all([Parcel(code="P1", status=Status.PENDING), Parcel(code="P2", status=Status.SHIPPED)])


def shipped(session: Session) -> list[str]:
    return list(session.scalars(select(Parcel.code).where(Parcel.status == "shipped")))
