"""``sqlalchemy.orm.interfaces``: base classes of ORM properties and options.

Example::

    from orm.orm.interfaces import MapperProperty, UserDefinedOption
"""
from __future__ import annotations

from orm.mapping.base import MANYTOMANY, MANYTOONE, ONETOMANY, RelationshipDirection
from orm.mapping.prop_comparator import PropComparator
from orm.mapping.properties import MapperProperty
from orm.session.orm_execute import UserDefinedOption

from .base import EXT_CONTINUE, EXT_SKIP, EXT_STOP, NO_KEY, NO_VALUE, InspectionAttr, InspectionAttrInfo, NotExtension

__all__ = [
    "EXT_CONTINUE", "EXT_SKIP", "EXT_STOP", "InspectionAttr", "InspectionAttrInfo", "MANYTOMANY", "MANYTOONE",
    "MapperProperty", "NO_KEY", "NO_VALUE", "NotExtension", "ONETOMANY", "PropComparator", "RelationshipDirection",
    "UserDefinedOption",
]
