# expect: ORM1 at 30
# why: Names come from `from sqlalchemy import *` and `from sqlalchemy.orm import *`; Playlist.tracks is lazy and read for every playlist.

from sqlalchemy import *
from sqlalchemy.orm import *

Base = declarative_base()


class Playlist(Base):
    __tablename__ = "k40_playlists"
    id = Column(Integer, primary_key=True)
    title = Column(String(80), nullable=False)
    tracks = relationship("Track", back_populates="playlist")


class Track(Base):
    __tablename__ = "k40_tracks"
    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False)
    seconds = Column(Integer, nullable=False)
    playlist_id = Column(Integer, ForeignKey("k40_playlists.id"))
    playlist = relationship("Playlist", back_populates="tracks")


def durations(session):
    playlists = session.scalars(select(Playlist).order_by(Playlist.title)).all()
    counts = {}
    for playlist in playlists:
        counts[playlist.title] = len(playlist.tracks)
    return counts


def total_seconds(session):
    eager = session.scalars(select(Playlist).options(selectinload(Playlist.tracks))).all()
    return {p.title: sum(track.seconds for track in p.tracks) for p in eager}


run = durations


def seed(session, n):
    for i in range(n):
        session.add(Playlist(title=f"p{i}", tracks=[Track(name="a", seconds=60),
                                                    Track(name="b", seconds=90)]))
