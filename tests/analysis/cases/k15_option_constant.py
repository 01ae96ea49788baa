# expect: none
# why: options(*TRIP_LOADS): a module-level tuple eager-loads bookings and each booking's traveller.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column
from sqlalchemy.orm import relationship, selectinload


class Base(DeclarativeBase):
    pass


class Traveller(Base):
    __tablename__ = "travellers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Trip(Base):
    __tablename__ = "trips"
    id: Mapped[int] = mapped_column(primary_key=True)
    destination: Mapped[str] = mapped_column(String(80))
    bookings: Mapped[list["Booking"]] = relationship()


class Booking(Base):
    __tablename__ = "bookings"
    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id"))
    traveller_id: Mapped[int] = mapped_column(ForeignKey("travellers.id"))
    traveller: Mapped[Traveller] = relationship()


TRIP_LOADS = (selectinload(Trip.bookings).joinedload(Booking.traveller),)


def manifests(session: Session) -> dict[str, list[str]]:
    trips = session.scalars(select(Trip).options(*TRIP_LOADS)).all()
    manifest = {}
    for trip in trips:
        manifest[trip.destination] = [b.traveller.name for b in trip.bookings]
    return manifest


run = manifests


def seed(session, n):
    for i in range(n):
        session.add(Trip(destination=f"d{i}", bookings=[Booking(traveller=Traveller(name="t"))]))
