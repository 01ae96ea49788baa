# expect: ORM2 at 30
# why: selectinload() of a column attribute (Album.title) is not a relationship (ArgumentError when the query compiles).

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Album(Base):
    __tablename__ = "g_t20_albums"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))
    tracks: Mapped[list["Track"]] = relationship()


class Track(Base):
    __tablename__ = "g_t20_tracks"
    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int] = mapped_column(ForeignKey("g_t20_albums.id"))


def seed(session: Session) -> None:
    session.add(Album(title="a", tracks=[Track()]))


def albums(session: Session) -> list[str]:
    opts = [selectinload(Album.tracks), selectinload(Album.title)]
    return [a.title for a in session.scalars(select(Album).options(*opts))]
