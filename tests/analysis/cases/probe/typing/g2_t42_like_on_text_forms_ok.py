# expect: none
# why: LIKE look-alikes: cast(Integer column, String).like(), startswith()/contains() on String columns, ilike() through the ORM (compiled as lower() LIKE lower() on SQLite): valid on SQLite and PostgreSQL.

from sqlalchemy import String, cast, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Room(Base):
    __tablename__ = "g2_t42_rooms"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column()
    wing: Mapped[str] = mapped_column(String(5), default="A")


def seed(session: Session) -> None:
    session.add_all([Room(number=101, wing="A"), Room(number=205, wing="B")])


def hundreds(session: Session) -> list[int]:
    return list(session.scalars(select(Room.id).where(cast(Room.number, String).like("1%"))))


def wings(session: Session, prefix: str = "a") -> list[int]:
    stmt = select(Room.number).where(Room.wing.ilike(f"{prefix}%"), Room.wing.startswith("A"),
                                     Room.wing.contains("A"))
    return list(session.scalars(stmt))
