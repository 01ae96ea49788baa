"""``sqlalchemy.orm.exc``: the ORM's errors (the same classes as :mod:`orm.exc`).

Example::

    from orm.orm.exc import NoResultFound, DetachedInstanceError
"""
from __future__ import annotations

from orm.exc import (
    ConcurrentModificationError,
    DetachedInstanceError,
    FlushError,
    LoaderStrategyException,
    MultipleResultsFound,
    NoResultFound,
    ObjectDeletedError,
    SQLAlchemyError,
    StaleDataError,
    UnmappedClassError,
    UnmappedColumnError,
    UnmappedError,
    UnmappedInstanceError,
)
from orm.exc import ArgumentError as _ArgumentError

# what an attribute lookup raises on an object that has no instance state
NO_STATE = (AttributeError, KeyError)


class ObjectDereferencedError(SQLAlchemyError):
    """An operation needed an object that has already been garbage collected."""


class MappedAnnotationError(_ArgumentError):
    """A ``Mapped[...]`` annotation could not be turned into a mapped attribute."""


__all__ = [
    "ConcurrentModificationError", "DetachedInstanceError", "FlushError", "LoaderStrategyException",
    "MappedAnnotationError", "MultipleResultsFound", "NO_STATE", "NoResultFound", "ObjectDeletedError",
    "ObjectDereferencedError", "StaleDataError", "UnmappedClassError", "UnmappedColumnError", "UnmappedError",
    "UnmappedInstanceError",
]
