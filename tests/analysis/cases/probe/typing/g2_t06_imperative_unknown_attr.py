# expect: ORM2 at 31
# why: the imperatively mapped Shipment has no attribute "courier" (its Table's column is "carrier"): filter_by raises InvalidRequestError.

from sqlalchemy import Column, Integer, String, Table, select
from sqlalchemy.orm import Session, registry

mapper_registry = registry()
Base = mapper_registry.generate_base()

shipments = Table(
    "g2_t06_shipments", mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("carrier", String(20)),
)


class Shipment:
    pass


mapper_registry.map_imperatively(Shipment, shipments)


def seed(session: Session) -> None:
    s = Shipment()
    s.carrier = "dhl"
    session.add(s)


def by_courier(session: Session, name: str = "dhl") -> list[int]:
    return [s.id for s in session.scalars(select(Shipment).filter_by(courier=name))]


def by_carrier(session: Session, name: str = "dhl") -> list[int]:
    return [s.id for s in session.scalars(select(Shipment).filter_by(carrier=name))]
