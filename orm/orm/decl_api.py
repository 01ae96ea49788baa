"""``sqlalchemy.orm.decl_api``: the declarative API.

Example::

    from orm.orm.decl_api import DeclarativeBase, registry
"""
from __future__ import annotations

from orm.mapping.base import Mapped
from orm.mapping.decl_api import (
    DeclarativeAttributeIntercept,
    DeclarativeBase,
    DeclarativeBaseNoMeta,
    DeclarativeMeta,
    as_declarative,
    declarative_base,
    declared_attr,
    registry,
)
from orm.mapping.properties import MappedColumn, deferred, mapped_column, synonym
from orm.mapping.relationships import relationship

__all__ = [
    "DeclarativeAttributeIntercept", "DeclarativeBase", "DeclarativeBaseNoMeta", "DeclarativeMeta", "Mapped",
    "MappedColumn", "as_declarative", "declarative_base", "declared_attr", "deferred", "mapped_column",
    "registry", "relationship", "synonym",
]
