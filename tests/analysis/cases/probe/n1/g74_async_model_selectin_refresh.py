# expect: none
# why: lazy="selectin" on the model loads the boxes with the shelves under asyncio; the single refresh(..., ["labels"]) outside any loop is one query.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Rack(Base):
    __tablename__ = "g74_racks"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    boxes: Mapped[list["Box"]] = relationship(lazy="selectin")
    labels: Mapped[list["RackLabel"]] = relationship()


class Box(Base):
    __tablename__ = "g74_boxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    rack_id: Mapped[int] = mapped_column(ForeignKey("g74_racks.id"))


class RackLabel(Base):
    __tablename__ = "g74_labels"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(20))
    rack_id: Mapped[int] = mapped_column(ForeignKey("g74_racks.id"))


async def inventory(session: AsyncSession) -> dict[str, int]:
    racks = (await session.scalars(select(Rack).order_by(Rack.id))).all()
    first = racks[0]
    await session.refresh(first, ["labels"])
    counts = {r.code: len(r.boxes) for r in racks}
    counts["labels"] = len(first.labels)
    return counts


run = inventory


def seed(session, n):
    for i in range(n):
        session.add(Rack(code=f"r{i}", boxes=[Box()], labels=[RackLabel(text="t")]))
