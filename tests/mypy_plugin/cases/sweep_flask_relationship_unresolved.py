# db.relationship(Target) whose target the plugin cannot resolve (here a missing import; on redash
# a model imported across a cycle) is a mapped attribute like relationship(): Flask-SQLAlchemy
# declares db.relationship() to return RelationshipProperty[Any], which is not a descriptor, so
# ``DataSourceGroup.group == g`` was a bool and every filter() on it an arg-type error.
from flask_sqlalchemy import SQLAlchemy

from nowhere import Group  # type: ignore[import-not-found]

db = SQLAlchemy()


class DataSourceGroup(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    group_id = db.Column(db.Integer, db.ForeignKey("group.id"))
    group = db.relationship(Group)


def groups_of(g: object) -> None:
    reveal_type(DataSourceGroup.group)  # N: Revealed type is "sqlalchemy.orm.attributes.InstrumentedAttribute[Any]"
    DataSourceGroup.query.filter(DataSourceGroup.group == g).all()
    reveal_type(DataSourceGroup().group)  # N: Revealed type is "Any"
