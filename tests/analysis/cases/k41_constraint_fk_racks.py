# expect: ORM1 at 41
# why: The foreign keys are ForeignKeyConstraints in __table_args__; Depot.racks is eager-loaded, Rack.items is lazy and read for every rack.

from sqlalchemy import ForeignKeyConstraint, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Depot(Base):
    __tablename__ = "k41_depots"
    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(40))
    racks = relationship("Rack")


class Rack(Base):
    __tablename__ = "k41_racks"
    id: Mapped[int] = mapped_column(primary_key=True)
    depot_id: Mapped[int]
    label: Mapped[str] = mapped_column(String(10))
    items = relationship("Item")
    __table_args__ = (ForeignKeyConstraint(["depot_id"], ["k41_depots.id"]),)


class Item(Base):
    __tablename__ = "k41_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    rack_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(20))
    __table_args__ = (ForeignKeyConstraint(["rack_id"], ["k41_racks.id"]),
                      {"comment": "stock"})


def stock(session):
    out = []
    for depot in session.scalars(select(Depot).options(selectinload(Depot.racks))):
        for rack in depot.racks:
            out.extend(item.name for item in rack.items)
    return out


run = stock


def seed(session, n):
    for i in range(n):
        session.add(Depot(city=f"c{i}", racks=[Rack(label="A", items=[Item(name="bolt")]),
                                               Rack(label="B", items=[Item(name="nut")])]))
