# expect: none
# why: Flask-SQLAlchemy models: Model.query.filter_by on real attributes, filter() with matching types, db.session.get with an int pk, and db.session.execute(db.select(...)).

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Session

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
db = SQLAlchemy(app)
Base = db.Model


class Board(db.Model):
    __tablename__ = "g2_t41_boards"
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(40), unique=True, nullable=False)
    topics = db.Column(db.Integer, default=0)


def seed(session: Session) -> None:
    session.add(Board(slug="general"))


def busy(session: Session, least: int = 0) -> list[str]:
    with app.app_context():
        db.create_all()
        db.session.add(Board(slug="news", topics=3))
        db.session.flush()
        by_slug = Board.query.filter_by(slug="news").first()
        rows = Board.query.filter(Board.topics > least).order_by(Board.slug.desc()).all()
        first = db.session.get(Board, 1)
        slugs = db.session.execute(db.select(Board.slug).where(Board.id == by_slug.id)).scalars()
        return [b.slug for b in rows] + [first.slug] + list(slugs)
