# expect: ORM1 at 27
# why: the model says lazy="selectin", but the query's lazyload(Depot.vans) turns it back into a lazy load per depot.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, lazyload, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Depot(Base):
    __tablename__ = "g75_depots"
    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(40))
    vans: Mapped[list["Van"]] = relationship(lazy="selectin")


class Van(Base):
    __tablename__ = "g75_vans"
    id: Mapped[int] = mapped_column(primary_key=True)
    depot_id: Mapped[int] = mapped_column(ForeignKey("g75_depots.id"))


def fleet(session: Session) -> dict[str, int]:
    depots = session.scalars(select(Depot).options(lazyload(Depot.vans))).all()
    return {d.city: len(d.vans) for d in depots}


run = fleet


def seed(session, n):
    for i in range(n):
        session.add(Depot(city=f"c{i}", vans=[Van()]))
