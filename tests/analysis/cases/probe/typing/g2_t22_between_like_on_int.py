# expect: ORM2 at 26
# expect: ORM2 at 30
# why: between() with two strs on the Integer column Room.floor, and LIKE on the Integer column Room.number (PostgreSQL: invalid input syntax for type integer; operator does not exist: integer ~~ unknown).

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Room(Base):
    __tablename__ = "g2_t22_rooms"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column()
    floor: Mapped[int] = mapped_column(default=0)
    wing: Mapped[str] = mapped_column(String(5), default="A")


def seed(session: Session) -> None:
    session.add_all([Room(number=101, floor=1), Room(number=205, floor=2)])


def upper_floors(session: Session) -> list[int]:
    return list(session.scalars(select(Room.number).where(Room.floor.between("first", "top"))))


def hundreds(session: Session) -> list[int]:
    return list(session.scalars(select(Room.id).where(Room.number.like("1%"))))


def middle(session: Session, low: int = 1, high: int = 3) -> list[int]:
    stmt = select(Room.number).where(Room.floor.between(low, high), Room.wing.like("A%"))
    return list(session.scalars(stmt))
