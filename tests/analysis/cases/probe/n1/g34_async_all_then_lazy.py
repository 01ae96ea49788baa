# expect: ORM1 at 29
# why: AsyncSession: (await session.scalars(...)).all() then a plain attribute read of the lazy collection raises MissingGreenlet.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Route(Base):
    __tablename__ = "g34_routes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    stops: Mapped[list["Stop"]] = relationship()


class Stop(Base):
    __tablename__ = "g34_stops"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    route_id: Mapped[int] = mapped_column(ForeignKey("g34_routes.id"))


async def timetable(session: AsyncSession) -> dict[str, list[str]]:
    routes = (await session.scalars(select(Route).order_by(Route.code))).all()
    return {route.code: [s.name for s in route.stops] for route in routes}


run = timetable


def seed(session, n):
    for i in range(n):
        session.add(Route(code=f"r{i}", stops=[Stop(name="s")]))
