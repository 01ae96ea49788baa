# expect: ORM2 at 33
# why: the Integer foreign key Shipment.carrier_id is compared with a Carrier object, not its id (ArgumentError: not a SQL literal value).

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Carrier(Base):
    __tablename__ = "g_t35_carriers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Shipment(Base):
    __tablename__ = "g_t35_shipments"
    id: Mapped[int] = mapped_column(primary_key=True)
    carrier_id: Mapped[int] = mapped_column(ForeignKey("g_t35_carriers.id"))


def seed(session: Session) -> None:
    c = Carrier(name="c")
    session.add(c)
    session.flush()
    session.add(Shipment(carrier_id=c.id))


def of_carrier(session: Session) -> list[int]:
    carrier = session.scalars(select(Carrier)).first()
    stmt = select(Shipment.id).where(Shipment.carrier_id == carrier)
    return list(session.scalars(stmt))
