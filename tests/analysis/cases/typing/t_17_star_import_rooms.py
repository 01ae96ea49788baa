# expect: ORM2 at 39
# expect: ORM2 at 43
# expect: ORM3 at 51
# why: Every name comes from `from sqlalchemy import *` / `from sqlalchemy.orm import *`: a filter_by() typo, a join with no foreign key between the tables, and text() naming a column the table lacks are still found.

from sqlalchemy import *
from sqlalchemy.orm import *

Base = declarative_base()


class Building(Base):
    __tablename__ = "t17_buildings"
    id = Column(Integer, primary_key=True)
    city = Column(String(60), nullable=False)
    rooms = relationship("Room", back_populates="building")


class Room(Base):
    __tablename__ = "t17_rooms"
    id = Column(Integer, primary_key=True)
    label = Column(String(20), nullable=False)
    seats = Column(Integer, nullable=False, default=10)
    building_id = Column(Integer, ForeignKey("t17_buildings.id"))
    building = relationship("Building", back_populates="rooms")


class Printer(Base):
    __tablename__ = "t17_printers"
    id = Column(Integer, primary_key=True)
    model = Column(String(40))


def seed(session: Session) -> None:
    session.add(Building(city="Oslo", rooms=[Room(label="A1", seats=12)]))


def rooms_labelled(session: Session, label: str = "A1"):
    return session.scalars(select(Room).filter_by(lable=label)).all()


def rooms_with_printers(session: Session):
    return session.scalars(select(Room).join(Printer)).all()


def rooms_in(session: Session, city: str = "Oslo"):
    return session.scalars(select(Room).join(Room.building).where(Building.city == city)).all()


def big_rooms(session: Session, seats: int = 10):
    return session.execute(text("SELECT label FROM t17_rooms WHERE capacity > :seats"),
                           {"seats": seats}).all()


def seat_total(session: Session):
    return session.execute(text("SELECT sum(seats) FROM t17_rooms")).scalar()
