# expect: none
# why: Flask-SQLAlchemy Model.query with .options(db.selectinload(...)): the members arrive with the teams.

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Squad(db.Model):
    __tablename__ = "g37_squads"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    members = db.relationship("Player", backref="squad")


class Player(db.Model):
    __tablename__ = "g37_players"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    squad_id = db.Column(db.Integer, db.ForeignKey("g37_squads.id"), nullable=False)


def roster():
    squads = Squad.query.options(db.selectinload(Squad.members)).order_by(Squad.name).all()
    return {s.name: [p.name for p in s.members] for s in squads}


def run(session):
    return roster()


def seed(session, n):
    for i in range(n):
        session.add(Squad(name=f"s{i}", members=[Player(name="p")]))
