"""``lambda_stmt()``: a statement given as a lambda, extended with ``+ (lambda s: ...)``.

SQLAlchemy analyses the lambda's code to cache the statement it builds and turns closure values
into bound parameters.  Here the lambda is simply called, eagerly, when the statement is created
(and each extension when it is added): the result is the ordinary statement it returns, so
closure values are read at that moment, every execution path (Connection, Session, ORM
selects) sees a normal statement, and the compiled-SQL cache, keyed by statement shape, still
spares recompiling statements of the same shape.

Example::

    stmt = lambda_stmt(lambda: select(users))
    stmt += lambda s: s.where(users.c.id == user_id)
    conn.execute(stmt)
"""
from __future__ import annotations

from typing import Any, Callable

from orm import exc

from .base import ClauseElement, Executable

_subclasses: dict[type, type] = {}


class LambdaElement:
    """Marker base of statements built from a lambda."""


class StatementLambdaElement(LambdaElement):
    """Mixin on the statement ``lambda_stmt()`` returns: adds ``+ lambda`` and ``add_criteria``.

    The object is also an instance of the statement's own class (``Select``, ``Update``, ...), so
    everything that takes that statement takes this one."""

    def __add__(self, other: Callable[[Any], Any]) -> Any:
        return self.add_criteria(other)

    def add_criteria(self, other: Callable[[Any], Any], **kw: Any) -> Any:
        """The statement ``other(self)`` returns, still a lambda statement."""
        if not callable(other):
            raise exc.ArgumentError(f"lambda statements are extended with a callable, got {other!r}")
        return _wrap(other(self))


def _wrap(stmt: Any) -> Any:
    if not (isinstance(stmt, Executable) and isinstance(stmt, ClauseElement)):
        raise exc.ArgumentError(f"a lambda statement must return an executable statement, got {stmt!r}")
    cls = type(stmt)
    if isinstance(stmt, StatementLambdaElement):
        return stmt
    sub = _subclasses.get(cls)
    if sub is None:
        sub = _subclasses[cls] = type(cls.__name__, (StatementLambdaElement, cls), {
            "__module__": cls.__module__, "__doc__": cls.__doc__})
    new = stmt._generate()
    new.__class__ = sub
    return new


def lambda_stmt(lmb: Callable[[], Any], **kw: Any) -> Any:
    """The statement ``lmb()`` builds, extendable with ``+ (lambda s: s.where(...))``.  Options
    of SQLAlchemy's lambda cache (``enable_tracking``, ``track_bound_values``, ...) are accepted and
    have nothing to do here (see the module docstring)."""
    if not callable(lmb):
        raise exc.ArgumentError(f"lambda_stmt() takes a callable, got {lmb!r}")
    return _wrap(lmb())


__all__ = ["LambdaElement", "StatementLambdaElement", "lambda_stmt"]
