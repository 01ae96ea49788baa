# expect: none
# why: an Enum(PyEnum) column compared with members, in_() with members and with member NAMES (what SQLAlchemy stores), filter_by with a member, and a NamedTuple field typed int against an Integer column.

import enum
from typing import NamedTuple

from sqlalchemy import Enum, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class State(enum.Enum):
    OPEN = "open"
    SHIPPED = "shipped"


class Window(NamedTuple):
    min_id: int
    label: str


class Parcel(Base):
    __tablename__ = "g2_t66_parcels"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(10))
    state: Mapped[State] = mapped_column(Enum(State), default=State.OPEN)


def seed(session: Session) -> None:
    session.add_all([Parcel(ref="a"), Parcel(ref="b", state=State.SHIPPED)])


def moving(session: Session, win: Window = Window(0, "a")) -> list[str]:
    stmt = select(Parcel.ref).where(Parcel.state.in_([State.OPEN, State.SHIPPED]),
                                    Parcel.state != State.OPEN, Parcel.id > win.min_id)
    return list(session.scalars(stmt))


def by_name(session: Session) -> list[str]:
    rows = session.scalars(select(Parcel).filter_by(state=State.SHIPPED)).all()
    names = list(session.scalars(select(Parcel.ref).where(Parcel.state.in_(["OPEN", "SHIPPED"]))))
    return [p.ref for p in rows] + names
