# expect: none
# why: the relationships are eager on the model (lazy="selectin" for the collection, lazy="joined" for the parent).

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Shelf(Base):
    __tablename__ = "g14_shelves"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20))
    bins: Mapped[list["Bin"]] = relationship(lazy="selectin")
    aisle_id: Mapped[int] = mapped_column(ForeignKey("g14_aisles.id"))
    aisle: Mapped["Aisle"] = relationship(lazy="joined")


class Aisle(Base):
    __tablename__ = "g14_aisles"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5))


class Bin(Base):
    __tablename__ = "g14_bins"
    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("g14_shelves.id"))


def layout(session: Session) -> list[str]:
    return [f"{s.aisle.code}/{s.label}: {len(s.bins)}" for s in session.scalars(select(Shelf))]


run = layout


def seed(session, n):
    for i in range(n):
        session.add(Shelf(label=f"s{i}", aisle=Aisle(code=f"A{i}"), bins=[Bin()]))
