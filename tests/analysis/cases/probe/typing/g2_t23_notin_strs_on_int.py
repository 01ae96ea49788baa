# expect: ORM2 at 26
# why: not_in() with a list of strs on the Integer column Room.floor (PostgreSQL: invalid input syntax for type integer); the in_ of ints below is fine.

from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

SKIPPED = ["basement", "roof"]
GROUND = (0, 1)


class Base(DeclarativeBase):
    pass


class Room(Base):
    __tablename__ = "g2_t23_rooms"
    id: Mapped[int] = mapped_column(primary_key=True)
    floor: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Room(floor=1), Room(floor=2)])


def visible(session: Session) -> list[int]:
    return list(session.scalars(select(Room.id).where(Room.floor.not_in(SKIPPED))))


def ground(session: Session) -> list[int]:
    return list(session.scalars(select(Room.id).where(Room.floor.in_(GROUND))))
