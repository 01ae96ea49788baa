"""``inspect()`` of mapped classes (their Mapper), mapped instances (their InstanceState), mappers
and instrumented attributes (themselves), registered with :mod:`orm.inspection`."""
from __future__ import annotations

from typing import Any

from orm.inspection import _inspects

from .attributes import QueryableAttribute
from .base import _mapper_of
from .mapper import Mapper, _instance_state
from .state import InstanceState


def _inspect_class(cls: Any) -> Any:
    for klass in cls.__mro__ if isinstance(cls, type) else ():
        mapper = _mapper_of(klass)
        if mapper is not None:
            if klass is not cls:  # a subclass of a mapped class that is not mapped itself
                return None
            mapper._check_configure()
            return mapper
    return None


def _inspect_instance(obj: Any) -> Any:
    cls = type(obj)
    if getattr(cls, "__mapper__", None) is None:
        return None
    return _instance_state(obj)


def _self(obj: Any) -> Any:
    return obj


_inspects(type)(_inspect_class)
_inspects(object)(_inspect_instance)
_inspects(Mapper, QueryableAttribute, InstanceState)(_self)
