# expect: ORM2 at 28
# why: Flask-SQLAlchemy Model.query.filter_by(titel=...) names no attribute of Note (InvalidRequestError: Entity namespace for "g2_t02_notes" has no property "titel").

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Session

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
db = SQLAlchemy(app)
Base = db.Model


class Note(db.Model):
    __tablename__ = "g2_t02_notes"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80), nullable=False)
    pinned = db.Column(db.Boolean, default=False)


def seed(session: Session) -> None:
    session.add(Note(title="hello"))


def find(session: Session, title: str = "hello") -> list[int]:
    with app.app_context():
        db.create_all()
        return [n.id for n in Note.query.filter_by(titel=title).all()]


def pinned(session: Session) -> list[int]:
    with app.app_context():
        db.create_all()
        return [n.id for n in Note.query.filter_by(pinned=True).order_by(Note.title)]
