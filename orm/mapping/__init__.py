"""The ORM's mapping layer: declarative classes, Mapper, instrumented attributes, relationship
configuration.

Example::

    from orm import DeclarativeBase, Mapped, mapped_column, relationship, ForeignKey

    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str]
        addresses: Mapped[list["Address"]] = relationship(back_populates="user")
"""
from __future__ import annotations

from .attributes import InstrumentedAttribute, QueryableAttribute
from .base import (
    MANYTOMANY,
    MANYTOONE,
    ONETOMANY,
    Mapped,
    RelationshipDirection,
    class_mapper,
    object_mapper,
)
from .decl_api import (
    DeclarativeAttributeIntercept,
    DeclarativeBase,
    DeclarativeBaseNoMeta,
    DeclarativeMeta,
    as_declarative,
    declarative_base,
    declared_attr,
    registry,
)
from .mapper import Mapper, configure_mappers
from .properties import (
    ColumnProperty,
    MappedColumn,
    MapperProperty,
    SynonymProperty,
    column_property,
    deferred,
    mapped_column,
    synonym,
    validates,
)
from .decl_dataclass import MappedAsDataclass, mapped_as_dataclass
from .polymorphic_union import polymorphic_union
from .prop_comparator import PropComparator
from .query_expression import QueryExpressionProperty, query_expression
from .relationships import (
    CascadeOptions,
    RelationshipProperty,
    backref,
    foreign,
    relationship,
    remote,
)
from .state import InstanceState
from .util import AliasedClass, AliasedInsp, aliased, join_target_and_onclause, with_polymorphic
from . import inspection_hooks as _inspection_hooks  # noqa: F401,E402 - registers inspect() targets

Relationship = RelationshipProperty
MappedSQLExpression = ColumnProperty

__all__ = [
    "ColumnProperty", "CascadeOptions", "DeclarativeAttributeIntercept", "DeclarativeBase",
    "DeclarativeBaseNoMeta", "DeclarativeMeta", "InstanceState", "MappedAsDataclass", "PropComparator", "InstrumentedAttribute", "MANYTOMANY",
    "MANYTOONE", "Mapped", "MappedColumn", "Mapper", "MapperProperty", "ONETOMANY", "QueryableAttribute",
    "Relationship", "RelationshipDirection", "RelationshipProperty", "SynonymProperty", "as_declarative",
    "backref", "class_mapper", "column_property", "configure_mappers", "declarative_base",
    "declared_attr", "deferred", "foreign", "mapped_column", "object_mapper", "registry", "relationship",
    "mapped_as_dataclass", "polymorphic_union", "query_expression", "remote", "synonym", "validates",
    "AliasedClass", "AliasedInsp", "aliased", "with_polymorphic",
]
