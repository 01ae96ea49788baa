"""Column defaults and generated values: Python-side defaults (``ColumnDefault``), server
defaults (``DefaultClause``, ``FetchedValue``), sequences (``Sequence``), computed
(``Computed``) and identity (``Identity``) columns.

Example::

    Column("created", DateTime, default=datetime.utcnow, server_default=func.now())
    Column("id", Integer, Sequence("user_id_seq"), primary_key=True)
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from orm import exc

from .base import ClauseElement
from .elements import ColumnElement, text
from .schema import Column, SchemaItem


_NOT_SET: Any = type("_NotSet", (), {"__repr__": lambda self: "NOT_SET"})()


class DefaultGenerator(SchemaItem):
    """Base of the defaults a column produces on the client side at INSERT/UPDATE time:
    ``ColumnDefault`` (a value, a callable, a SQL expression) and ``Sequence``.

    Example::

        isinstance(users.c.id.default, DefaultGenerator)   # a ColumnDefault or a Sequence
    """

    is_sequence = False
    is_server_default = False
    is_callable = False
    is_clause_element = False
    is_scalar = False
    for_update = False
    column: Any = None


class ColumnDefault(DefaultGenerator):
    """A Python-side default: a scalar, a callable (optionally taking the execution context),
    or a SQL expression."""

    def __init__(self, arg: Any, for_update: bool = False) -> None:
        self.for_update = for_update
        self.arg = arg
        self.is_callable = callable(arg) and not isinstance(arg, ClauseElement)
        self.is_clause_element = isinstance(arg, ClauseElement)
        self.is_scalar = not self.is_callable and not self.is_clause_element
        if self.is_callable:
            self._fn = _wrap_default_callable(arg)

    def execute_with(self, context: Any) -> Any:
        if self.is_callable:
            return self._fn(context)
        return self.arg

    def __repr__(self) -> str:
        return f"ColumnDefault({self.arg!r})"


def _wrap_default_callable(fn: Callable[..., Any]) -> Callable[[Any], Any]:
    import inspect

    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        # builtins without a signature (datetime.utcnow, uuid.uuid4...) take no context
        return lambda ctx: fn()
    positional = [
        p for p in sig.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]
    if positional:
        return lambda ctx: fn(ctx)
    return lambda ctx: fn()


def _to_default(arg: Any, for_update: bool = False) -> Optional[ColumnDefault]:
    if arg is None:
        return None
    if isinstance(arg, DefaultGenerator):
        return arg  # type: ignore[return-value]
    return ColumnDefault(arg, for_update=for_update)


class DefaultClause(SchemaItem):
    """A server-side default rendered in DDL: ``server_default="0"`` / ``text("now()")``."""

    def __init__(self, arg: Any, for_update: bool = False) -> None:
        if not isinstance(arg, (str, ClauseElement)):
            raise exc.ArgumentError(
                f"Argument 'arg' is expected to be one of type '<class 'str'>' or "
                f"'<class 'ClauseElement'>' or '<class 'TextClause'>', got '{type(arg)}'"
            )
        self.arg = arg
        self.for_update = for_update

    def __repr__(self) -> str:
        return f"DefaultClause({self.arg!r})"


class _FetchedValue(SchemaItem):
    """``FetchedValue()``: the server produces a value (trigger), no DDL."""

    arg = None


def _to_server_default(arg: Any) -> Any:
    if arg is None or isinstance(arg, (DefaultClause, _FetchedValue, Computed)):
        return arg
    return DefaultClause(arg)


class Sequence_(DefaultGenerator):
    """A database sequence (PostgreSQL): ``Column("id", Integer, Sequence("user_id_seq"), primary_key=True)``."""

    is_sequence = True

    def __init__(self, name: str, start: Optional[int] = None, increment: Optional[int] = None,
                 schema: Optional[str] = None, metadata: Any = None, optional: bool = False, **kw: Any) -> None:
        self.name = name
        self.start = start
        self.increment = increment
        self.schema = schema
        self.metadata = metadata
        self.optional = optional
        self.arg = None
        self.is_callable = self.is_clause_element = self.is_scalar = False
        self.for_update = False

    def _set_parent(self, column: Column) -> None:
        column.default = self  # type: ignore[assignment]

    def next_value(self) -> Any:
        from .functions import Function

        return _NextValue(self)


class _NextValue(ColumnElement[int]):
    __visit_name__ = "next_value"
    _attrs = ("_seqname",)

    def __init__(self, seq: Sequence_) -> None:
        from orm.types import Integer

        self.sequence = seq
        self.type = Integer()

    @property
    def _seqname(self) -> str:
        return self.sequence.name


class Computed(SchemaItem):
    """``GENERATED ALWAYS AS (expr)``."""

    def __init__(self, sqltext: Any, persisted: Optional[bool] = None) -> None:
        self.sqltext = text(sqltext) if isinstance(sqltext, str) else sqltext
        self.persisted = persisted

    def _set_parent(self, column: Column) -> None:
        column.computed = self  # type: ignore[assignment]
        column.server_default = self


class Identity(SchemaItem):
    """``GENERATED BY DEFAULT AS IDENTITY`` (PostgreSQL)."""

    def __init__(self, always: bool = False, start: Optional[int] = None, increment: Optional[int] = None, **kw: Any) -> None:
        self.always = always
        self.start = start
        self.increment = increment

    def _set_parent(self, column: Column) -> None:
        column.identity = self  # type: ignore[assignment]


Sequence = Sequence_


FetchedValue = _FetchedValue
