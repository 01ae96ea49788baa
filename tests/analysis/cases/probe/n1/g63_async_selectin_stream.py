# expect: none
# why: stream_scalars with selectinload: the songs of each streamed batch are loaded before the objects are yielded.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Mix(Base):
    __tablename__ = "g63_mixes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    tracks: Mapped[list["MixTrack"]] = relationship()


class MixTrack(Base):
    __tablename__ = "g63_tracks"
    id: Mapped[int] = mapped_column(primary_key=True)
    mix_id: Mapped[int] = mapped_column(ForeignKey("g63_mixes.id"))


async def sizes(session: AsyncSession) -> dict[str, int]:
    out = {}
    stmt = select(Mix).options(selectinload(Mix.tracks))
    async for mix in await session.stream_scalars(stmt):
        out[mix.name] = len(mix.tracks)
    return out


run = sizes


def seed(session, n):
    for i in range(n):
        session.add(Mix(name=f"m{i}", tracks=[MixTrack()]))
