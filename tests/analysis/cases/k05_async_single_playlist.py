# expect: none
# why: One playlist: `await playlist.awaitable_attrs.songs` loads the collection once; later reads use it.

from sqlalchemy import ForeignKey, String
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


async def playlist_titles(session: AsyncSession, playlist_id: int = 1) -> list[str]:
    playlist = await session.get(Playlist, playlist_id)
    await playlist.awaitable_attrs.songs
    return [song.title for song in playlist.songs]


run = playlist_titles


def seed(session, n):
    session.add(Playlist(name="p", songs=[Song(title=f"s{i}") for i in range(n)]))
