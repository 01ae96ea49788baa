"""``inspect(subject)``: the inspection entry point.

A small registry maps subject types to a function returning the inspection object: an Engine or
Connection gives an ``Inspector`` (database reflection); the ORM registers mapped classes and
instances.

Example::

    from orm import create_engine, inspect
    insp = inspect(create_engine("sqlite://"))
    insp.get_table_names()          # []
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from orm import exc

_F = TypeVar("_F", bound=Callable[..., Any])

#: subject type -> function(subject) returning its inspection object (or None: not inspectable)
_registrars: dict[type, Callable[[Any], Any]] = {}


def _inspects(*types: type) -> Callable[[_F], _F]:
    """Register the decorated function as the inspector of ``types``."""

    def decorate(fn: _F) -> _F:
        for type_ in types:
            if type_ in _registrars:
                raise AssertionError(f"Type {type_} is already registered")
            _registrars[type_] = fn
        return fn

    return decorate


def inspect(subject: Any, raiseerr: bool = True) -> Any:
    """The inspection object for ``subject`` (``Inspector`` for an Engine or Connection).

    Unknown subjects raise ``NoInspectionAvailable``, or give None with ``raiseerr=False``.

    Example::

        inspect(engine).get_columns("users")
    """
    for cls in type(subject).__mro__:
        reg = _registrars.get(cls)
        if reg is None:
            continue
        result = reg(subject)
        if result is not None:
            return result
        break
    if raiseerr:
        raise exc.NoInspectionAvailable(
            f"No inspection system is available for object of type {type(subject)}"
        )
    return None


def _register_engine() -> None:
    from orm.engine.base import Connection, Engine

    def _inspector(bind: Any) -> Any:
        from orm.engine.reflection import Inspector

        return Inspector(bind)

    _inspects(Engine, Connection)(_inspector)


_register_engine()
