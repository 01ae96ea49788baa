"""Class instrumentation: the descriptor each mapped attribute gets, and the ``__setattr__`` hook
that records the original value of a column attribute the first time it changes.

Why a ``__setattr__`` hook instead of data descriptors on columns: reads are far more frequent
than writes, and a non-data descriptor lets ``obj.name`` be a plain instance-dict lookup.  The hook
costs one dict lookup for transient objects (construction) and records history only for objects
with an identity; see the top of :mod:`orm.mapping.state`.
"""
from __future__ import annotations

from typing import Any, Callable

from .base import STATE_KEY
from .state import NO_VALUE, _column_keys

_setattr = object.__setattr__
_delattr = object.__delattr__


def _tracking_setattr(self: Any, key: str, value: Any) -> None:
    st = self.__dict__.get(STATE_KEY)
    if st is not None and st.key is not None and key not in st.committed_state \
            and key in _column_keys(st.mapper):
        st._record(key, self.__dict__)
    _setattr(self, key, value)


def _tracking_delattr(self: Any, key: str) -> None:
    st = self.__dict__.get(STATE_KEY)
    if st is not None and st.key is not None and key in _column_keys(st.mapper):
        d = self.__dict__
        if key not in d:
            # SQLAlchemy: deleting an unloaded attribute of a persistent object is an error
            raise AttributeError(f"{type(self).__name__} object does not have a value for '{key}'")
        st._record(key, d)
        del d[key]
        return
    _delattr(self, key)


def _wrap_setattr(user_fn: Callable[..., Any]) -> Callable[..., Any]:
    def __setattr__(self: Any, key: str, value: Any) -> None:
        st = self.__dict__.get(STATE_KEY)
        if st is not None and st.key is not None and key not in st.committed_state \
                and key in _column_keys(st.mapper):
            st._record(key, self.__dict__)
        user_fn(self, key, value)

    __setattr__._orm_tracking = True  # type: ignore[attr-defined]
    return __setattr__


_tracking_setattr._orm_tracking = True  # type: ignore[attr-defined]
_tracking_delattr._orm_tracking = True  # type: ignore[attr-defined]


def instrument_class(class_: type) -> None:
    """Install the change-tracking hooks on a mapped class (idempotent)."""
    current = class_.__setattr__
    if not getattr(current, "_orm_tracking", False):
        own = class_.__dict__.get("__setattr__")
        if current is object.__setattr__:
            type.__setattr__(class_, "__setattr__", _tracking_setattr)
        elif own is not None or not getattr(current, "_orm_tracking", False):
            type.__setattr__(class_, "__setattr__", _wrap_setattr(current))
    if class_.__delattr__ is object.__delattr__:
        type.__setattr__(class_, "__delattr__", _tracking_delattr)


def attribute_for(prop: Any, mapper: Any, validator: Any = None) -> Any:
    """The class attribute (descriptor) for a mapped property."""
    from . import attributes

    instrument_class(mapper.class_)
    if getattr(prop, "is_relationship", False):
        if prop.lazy in ("dynamic", "write_only"):
            from orm.session.dynamic import DynamicAttribute  # reads as a query object (H1b)

            dyn = DynamicAttribute(mapper.class_, prop.key, prop, mapper)
            dyn._validator = validator
            return dyn
        attr = attributes.RelationshipAttribute(mapper.class_, prop.key, prop, mapper)
        attr._validator = validator
        return attr
    if validator is not None:
        return attributes.ValidatedAttribute(mapper.class_, prop.key, prop, mapper, validator)
    return attributes.InstrumentedAttribute(mapper.class_, prop.key, prop, mapper)


def is_instrumented(obj: Any, key: str) -> bool:
    mapper = getattr(type(obj), "__mapper__", None)
    return mapper is not None and key in mapper._props


__all__ = ["instrument_class", "attribute_for", "is_instrumented", "NO_VALUE"]
