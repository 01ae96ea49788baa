# registry-mapped classes, generate_base(), @as_declarative(), and Flask-SQLAlchemy's db.* names.
from typing import Optional

from flask_sqlalchemy import SQLAlchemy
from orm import Column, ForeignKey, Integer, String, registry, relationship
from orm.mapping.decl_api import as_declarative
from sqlalchemy import Column as SAColumn, Integer as SAInteger
from sqlalchemy.orm import Mapped, mapped_column, registry as sa_registry

mapper_registry = registry()
sa_mapper_registry = sa_registry()


@mapper_registry.mapped
class Thing:
    __tablename__ = "things"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))
    parts = relationship("Part", backref="thing")


@mapper_registry.mapped
class Part:
    __tablename__ = "parts"
    id = Column(Integer, primary_key=True)
    thing_id = Column(ForeignKey("things.id"))


@sa_mapper_registry.mapped
class Gadget:
    __tablename__ = "gadgets"
    id: Mapped[int] = mapped_column(primary_key=True)
    size = SAColumn(SAInteger, nullable=False)


Thing(id=1, name=None, parts=[Part()])
Thing(id="1")  # E: Argument "id" to "Thing" has incompatible type "str"; expected "int"  [arg-type]
reveal_type(Thing().parts)  # N: Revealed type is "list[models_registry_flask.Part]"
reveal_type(Part().thing)  # N: Revealed type is "models_registry_flask.Thing | None"
Gadget(id=1, size=2)
Gadget(size=None)  # E: Argument "size" to "Gadget" has incompatible type "None"; expected "int"  [arg-type]

Generated = mapper_registry.generate_base()


class Widget(Generated):
    __tablename__ = "widgets"
    id = Column(Integer, primary_key=True)


Widget(id=2)
Widget(id="2")  # E: Argument "id" to "Widget" has incompatible type "str"; expected "int"  [arg-type]
reveal_type(Widget.metadata)  # N: Revealed type is "orm.sql.schema.MetaData"


@as_declarative()
class DeclBase:
    pass


class Gizmo(DeclBase):
    __tablename__ = "gizmos"
    id = Column(Integer, primary_key=True)


Gizmo(id="3")  # E: Argument "id" to "Gizmo" has incompatible type "str"; expected "int"  [arg-type]

db = SQLAlchemy()


class Author(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    email = db.Column(db.String(120))
    books = db.relationship("Book", backref="author")


class Book(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("author.id"))


a = Author()
reveal_type(a.id)  # N: Revealed type is "int"
reveal_type(a.name)  # N: Revealed type is "str"
reveal_type(a.email)  # N: Revealed type is "str | None"
reveal_type(Author.name)  # N: Revealed type is "sqlalchemy.orm.attributes.InstrumentedAttribute[str]"
reveal_type(db.session)  # N: Revealed type is "sqlalchemy.orm.scoping.scoped_session[flask_sqlalchemy.session.Session]"
