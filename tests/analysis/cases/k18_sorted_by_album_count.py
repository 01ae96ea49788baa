# expect: ORM1 at 28
# why: sorted(key=lambda a: len(a.albums)) calls the key once per artist, each reading the lazy albums.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Artist(Base):
    __tablename__ = "artists"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    albums: Mapped[list["Record"]] = relationship()


class Record(Base):
    __tablename__ = "records"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id"))


def most_prolific(session: Session) -> list[str]:
    artists = session.scalars(select(Artist)).all()
    ranked = sorted(artists, key=lambda a: len(a.albums), reverse=True)
    return [a.name for a in ranked]


run = most_prolific


def seed(session, n):
    for i in range(n):
        session.add(Artist(name=f"a{i}", albums=[Record(title="r")]))
