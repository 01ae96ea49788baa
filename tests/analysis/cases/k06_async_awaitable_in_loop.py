# expect: ORM1 at 31
# why: awaitable_attrs avoids MissingGreenlet, but awaiting it for every playlist is still one SELECT per row.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(AsyncAttrs, DeclarativeBase):
    pass


class Playlist(Base):
    __tablename__ = "playlists"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    songs: Mapped[list["Song"]] = relationship()


class Song(Base):
    __tablename__ = "songs"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    playlist_id: Mapped[int] = mapped_column(ForeignKey("playlists.id"))


async def song_counts(session: AsyncSession) -> dict[str, int]:
    playlists = (await session.scalars(select(Playlist))).all()
    counts = {}
    for playlist in playlists:
        songs = await playlist.awaitable_attrs.songs
        counts[playlist.name] = len(songs)
    return counts


run = song_counts


def seed(session, n):
    for i in range(n):
        session.add(Playlist(name=f"p{i}", songs=[Song(title="s")]))
