# expect: ORM1 at 24
# why: db.session.get() per comment: each author is a separate SELECT (no relationship defined).

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Writer(db.Model):
    __tablename__ = "g53_writers"
    id = db.Column(db.Integer, primary_key=True)
    handle = db.Column(db.String(40), nullable=False)


class Note(db.Model):
    __tablename__ = "g53_notes"
    id = db.Column(db.Integer, primary_key=True)
    body = db.Column(db.Text, nullable=False)
    writer_id = db.Column(db.Integer, db.ForeignKey("g53_writers.id"), nullable=False)


def feed():
    notes = db.session.execute(db.select(Note).order_by(Note.id)).scalars().all()
    return [f"{db.session.get(Writer, n.writer_id).handle}: {n.body}" for n in notes]


def run(session):
    return feed()


def seed(session, n):
    for i in range(n):
        w = Writer(handle=f"w{i}")
        session.add(w)
        session.flush()
        session.add(Note(body="b", writer_id=w.id))
