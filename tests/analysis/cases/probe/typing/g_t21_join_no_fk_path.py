# expect: ORM2 at 35
# why: Warehouse and Courier share no foreign key, so .join(Courier) has no ON clause to infer (InvalidRequestError).

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Warehouse(Base):
    __tablename__ = "g_t21_warehouses"
    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(40))


class Courier(Base):
    __tablename__ = "g_t21_couriers"
    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(40))


class Dock(Base):
    __tablename__ = "g_t21_docks"
    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("g_t21_warehouses.id"))


def seed(session: Session) -> None:
    session.add_all([Warehouse(city="Oslo"), Courier(city="Oslo")])


def pairs(session: Session) -> list[str]:
    stmt = select(Warehouse.city).join(Courier)
    return list(session.scalars(stmt))
