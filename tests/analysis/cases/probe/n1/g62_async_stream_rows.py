# expect: ORM1 at 30
# why: rows streamed from AsyncSession.stream(); row.Playlist.songs is a lazy load, which raises MissingGreenlet under asyncio.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Playlist(Base):
    __tablename__ = "g62_playlists"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    songs: Mapped[list["Song"]] = relationship()


class Song(Base):
    __tablename__ = "g62_songs"
    id: Mapped[int] = mapped_column(primary_key=True)
    playlist_id: Mapped[int] = mapped_column(ForeignKey("g62_playlists.id"))


async def sizes(session: AsyncSession) -> dict[str, int]:
    out = {}
    result = await session.stream(select(Playlist))
    async for row in result:
        out[row.Playlist.name] = len(row.Playlist.songs)
    return out


run = sizes


def seed(session, n):
    for i in range(n):
        session.add(Playlist(name=f"p{i}", songs=[Song()]))
