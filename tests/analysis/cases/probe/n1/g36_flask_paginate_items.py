# expect: ORM1 at 25
# why: Flask-SQLAlchemy pagination: each project on the page lazy-loads its members.

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Team(db.Model):
    __tablename__ = "g36_teams"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    members = db.relationship("Person", backref="team")


class Person(db.Model):
    __tablename__ = "g36_people"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    team_id = db.Column(db.Integer, db.ForeignKey("g36_teams.id"), nullable=False)


def team_page():
    page = db.paginate(db.select(Team).order_by(Team.id), page=1, per_page=50, error_out=False)
    return [(t.name, len(t.members)) for t in page.items]


def run(session):
    return team_page()


def seed(session, n):
    for i in range(n):
        session.add(Team(name=f"t{i}", members=[Person(name="p")]))
