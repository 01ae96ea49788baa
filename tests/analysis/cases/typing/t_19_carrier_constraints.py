# expect: ORM2 at 70
# why: Foreign keys declared as constraints (a @declared_attr __table_args__ of a mixin, a Table mapped through __table__) link labels to carriers and parcels to shipments; nothing links parcels to carriers.

from sqlalchemy import Column, ForeignKeyConstraint, Integer, String, Table, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column


class Base(DeclarativeBase):
    pass


class Carrier(Base):
    __tablename__ = "t19_carriers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class CarrierLinked:
    @declared_attr.directive
    def __table_args__(cls):
        return (ForeignKeyConstraint(["carrier_id"], ["t19_carriers.id"]),)


class Label(CarrierLinked, Base):
    __tablename__ = "t19_labels"
    id: Mapped[int] = mapped_column(primary_key=True)
    carrier_id: Mapped[int]
    code: Mapped[str] = mapped_column(String(20))


shipments = Table(
    "t19_shipments", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("carrier_id", Integer),
    ForeignKeyConstraint(["carrier_id"], ["t19_carriers.id"]),
)


class Shipment(Base):
    __table__ = shipments


class Parcel(Base):
    __table__ = Table(
        "t19_parcels", Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("shipment_id", Integer),
        ForeignKeyConstraint(["shipment_id"], [shipments.c.id]),
    )


def seed(session: Session) -> None:
    session.add(Carrier(id=1, name="post"))
    session.flush()
    session.add(Label(carrier_id=1, code="L1"))
    session.add(Shipment(id=1, carrier_id=1))
    session.flush()
    session.add(Parcel(id=1, shipment_id=1))


def labels_of(session: Session, name: str = "post"):
    return session.scalars(select(Label).join(Carrier).where(Carrier.name == name)).all()


def parcels_of(session: Session, carrier_id: int = 1):
    return session.scalars(select(Parcel).join(Shipment).where(Shipment.carrier_id == carrier_id)).all()


def parcels_by_carrier(session: Session, name: str = "post"):
    return session.scalars(select(Parcel).join(Carrier).where(Carrier.name == name)).all()


def shipments_of(session: Session, name: str = "post"):
    return session.scalars(select(Shipment).join(Carrier).where(Carrier.name == name)).all()
