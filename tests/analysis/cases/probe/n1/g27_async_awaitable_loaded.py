# expect: none
# why: selectinload in the query: awaitable_attrs on an already loaded collection returns it without SQL.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload


class Base(AsyncAttrs, DeclarativeBase):
    pass


class Band(Base):
    __tablename__ = "g27_bands"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    members: Mapped[list["Member"]] = relationship()


class Member(Base):
    __tablename__ = "g27_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    band_id: Mapped[int] = mapped_column(ForeignKey("g27_bands.id"))


async def roster(session: AsyncSession) -> dict[str, list[str]]:
    bands = (await session.scalars(select(Band).options(selectinload(Band.members)))).all()
    out = {}
    for band in bands:
        members = await band.awaitable_attrs.members
        out[band.name] = [m.name for m in members]
    return out


run = roster


def seed(session, n):
    for i in range(n):
        session.add(Band(name=f"b{i}", members=[Member(name="m")]))
