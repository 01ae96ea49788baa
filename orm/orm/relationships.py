"""``sqlalchemy.orm.relationships``: relationship configuration.

Example::

    from orm.orm.relationships import RelationshipProperty, foreign, remote
"""
from __future__ import annotations

from orm.mapping.base import MANYTOMANY, MANYTOONE, ONETOMANY, RelationshipDirection
from orm.mapping.relationships import CascadeOptions, RelationshipProperty, backref, foreign, relationship, remote

Relationship = RelationshipProperty

__all__ = [
    "CascadeOptions", "MANYTOMANY", "MANYTOONE", "ONETOMANY", "Relationship", "RelationshipDirection",
    "RelationshipProperty", "backref", "foreign", "relationship", "remote",
]
