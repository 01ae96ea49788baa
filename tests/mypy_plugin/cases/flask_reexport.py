# Flask-SQLAlchemy: db made in blog/extensions.py, passed on by blog/__init__.py (under another
# name too), models importing it from the package.
from blog.models import Entry
from blog.tags import Label

reveal_type(Entry().title)  # N: Revealed type is "str"
reveal_type(Entry().labels)  # N: Revealed type is "list[blog.tags.Label]"
reveal_type(Label().entry)  # N: Revealed type is "blog.models.Entry | None"
# ---- file: blog/__init__.py
from .extensions import db
from .extensions import db as database
# ---- file: blog/extensions.py
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
# ---- file: blog/models.py
from blog import db
from blog.tags import Label


class Entry(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String, nullable=False)
    labels = db.relationship(Label, backref="entry")
# ---- file: blog/tags.py
from . import database


class Label(database.Model):
    id = database.Column(database.Integer, primary_key=True)
    entry_id = database.Column(database.ForeignKey("entry.id"))
