# expect: none
# why: joins without a foreign key are fine with an explicit ON clause; the Dock join follows its foreign key.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Depot(Base):
    __tablename__ = "g_t22_depots"
    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(40))


class Driver(Base):
    __tablename__ = "g_t22_drivers"
    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(40))


class Bay(Base):
    __tablename__ = "g_t22_bays"
    id: Mapped[int] = mapped_column(primary_key=True)
    depot_id: Mapped[int] = mapped_column(ForeignKey("g_t22_depots.id"))


def seed(session: Session) -> None:
    session.add_all([Depot(city="Oslo"), Driver(city="Oslo")])


def pairs(session: Session) -> list[tuple[str, int]]:
    stmt = (
        select(Depot.city, Driver.id)
        .join(Driver, Driver.city == Depot.city)
        .join(Bay, isouter=True)
    )
    return [(r[0], r[1]) for r in session.execute(stmt)]
