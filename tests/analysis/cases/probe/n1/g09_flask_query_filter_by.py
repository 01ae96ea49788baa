# expect: ORM1 at 25
# why: Flask-SQLAlchemy legacy Model.query: one COUNT query per project inside the loop.

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Project(db.Model):
    __tablename__ = "g09_projects"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)


class Issue(db.Model):
    __tablename__ = "g09_issues"
    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("g09_projects.id"), nullable=False)
    open = db.Column(db.Boolean, default=True)


def open_issue_counts():
    counts = {}
    for project in Project.query.all():
        counts[project.name] = Issue.query.filter_by(project_id=project.id, open=True).count()
    return counts


def run(session):
    return open_issue_counts()


def seed(session, n):
    for i in range(n):
        p = Project(name=f"p{i}")
        session.add(p)
        session.flush()
        session.add(Issue(project_id=p.id))
