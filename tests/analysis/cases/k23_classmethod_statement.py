# expect: none
# why: Venue.with_events() is a classmethod returning select(cls).options(selectinload(cls.events)).

from sqlalchemy import ForeignKey, Select, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.orm import selectinload


class Base(DeclarativeBase):
    pass


class Venue(Base):
    __tablename__ = "venues"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    events: Mapped[list["Event"]] = relationship()

    @classmethod
    def with_events(cls) -> Select:
        return select(cls).options(selectinload(cls.events)).order_by(cls.name)


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"))


def programme(session: Session) -> dict[str, int]:
    return {venue.name: len(venue.events) for venue in session.scalars(Venue.with_events())}


run = programme


def seed(session, n):
    for i in range(n):
        session.add(Venue(name=f"v{i}", events=[Event(title="e")]))
