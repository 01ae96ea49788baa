# expect: ORM1 at 30
# why: await session.refresh(obj, ["stops"]) inside the loop loads the collection with one SELECT per route.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Line(Base):
    __tablename__ = "g35_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    stations: Mapped[list["Station"]] = relationship()


class Station(Base):
    __tablename__ = "g35_stations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    line_id: Mapped[int] = mapped_column(ForeignKey("g35_lines.id"))


async def network(session: AsyncSession) -> dict[str, int]:
    out = {}
    for line in (await session.scalars(select(Line))).all():
        await session.refresh(line, ["stations"])
        out[line.code] = len(line.stations)
    return out


run = network


def seed(session, n):
    for i in range(n):
        session.add(Line(code=f"l{i}", stations=[Station(name="s")]))
