# expect: none
# why: Flask-SQLAlchemy Model.query.options(db.selectinload(...)) loads every album's tracks before the loop.

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Album(db.Model):
    __tablename__ = "k02_albums"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(120))
    tracks = db.relationship("Track", back_populates="album", order_by="Track.position")


class Track(db.Model):
    __tablename__ = "k02_tracks"
    id = db.Column(db.Integer, primary_key=True)
    position = db.Column(db.Integer)
    seconds = db.Column(db.Integer)
    album_id = db.Column(db.Integer, db.ForeignKey("k02_albums.id"))
    album = db.relationship("Album", back_populates="tracks")


def album_lengths():
    albums = Album.query.options(db.selectinload(Album.tracks)).filter(Album.title != "").all()
    return {album.title: sum(t.seconds for t in album.tracks) for album in albums}


def run(session):
    return album_lengths()


def seed(session, n):
    for i in range(n):
        session.add(Album(title=f"a{i}", tracks=[Track(position=1, seconds=60),
                                                  Track(position=2, seconds=90)]))
