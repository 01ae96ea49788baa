# expect: ORM2 at 32
# why: an imperatively mapped class: Shipment.weight (Integer column of the Table) compared with a str (PostgreSQL: invalid input syntax for type integer).

from sqlalchemy import Column, Integer, String, Table, select
from sqlalchemy.orm import Session, registry

mapper_registry = registry()
Base = mapper_registry.generate_base()

shipments = Table(
    "g2_t05_shipments", mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("carrier", String(20)),
    Column("weight", Integer),
)


class Shipment:
    pass


mapper_registry.map_imperatively(Shipment, shipments)


def seed(session: Session) -> None:
    s = Shipment()
    s.carrier, s.weight = "ups", 12
    session.add(s)


def heavy(session: Session, limit: str = "heavy") -> list[str]:
    return list(session.scalars(select(Shipment.carrier).where(Shipment.weight > limit)))


def light(session: Session, limit: int = 20) -> list[str]:
    return list(session.scalars(select(Shipment.carrier).where(Shipment.weight < limit)))
