"""``sqlalchemy.orm.properties``: the mapper properties of columns and synonyms.

Example::

    from orm.orm.properties import ColumnProperty
"""
from __future__ import annotations

from orm.mapping.composite import CompositeProperty
from orm.mapping.properties import ColumnProperty, MappedColumn, MapperProperty, SynonymProperty
from orm.mapping.relationships import RelationshipProperty

MappedSQLExpression = ColumnProperty

__all__ = ["ColumnProperty", "CompositeProperty", "MappedColumn", "MappedSQLExpression", "MapperProperty", "RelationshipProperty",
           "SynonymProperty"]
