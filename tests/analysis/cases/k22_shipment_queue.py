# expect: ORM1 at 32
# why: The while loop pops one shipment per iteration from the query's list and reads its lazy parcels.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Shipment(Base):
    __tablename__ = "shipments"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20))
    sent: Mapped[bool] = mapped_column(default=False)
    parcels: Mapped[list["Parcel"]] = relationship()


class Parcel(Base):
    __tablename__ = "parcels"
    id: Mapped[int] = mapped_column(primary_key=True)
    grams: Mapped[int]
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"))


def heavy_shipments(session: Session, limit: int = 1000) -> list[str]:
    pending = list(session.scalars(select(Shipment).where(Shipment.sent.is_(False))))
    heavy = []
    while pending:
        shipment = pending.pop()
        if sum(p.grams for p in shipment.parcels) > limit:
            heavy.append(shipment.reference)
    return heavy


run = heavy_shipments


def seed(session, n):
    for i in range(n):
        session.add(Shipment(reference=f"s{i}", parcels=[Parcel(grams=2000)]))
