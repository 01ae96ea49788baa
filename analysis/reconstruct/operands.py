"""Operand helpers of the interpreter: what kind of value something is, and the small value
types it passes around (``col.op("@>")`` results, bound methods, the builtins it reads).

Example::

    is_sql(User.id == 5)          # True: a SQL expression operand
    markers([Dynamic("a", "a"), 3], interpreter)   # [<a>, 3]
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

import orm

from analysis.reconstruct import api
from analysis.reconstruct.legacy import LegacyQuery
from analysis.reconstruct.values import (ApiName, Dynamic, DynamicValue, ModuleRef, Receiver,
                                         Unsupported)

if TYPE_CHECKING:
    from analysis.reconstruct.interpreter import Interpreter


@dataclass
class OpFunction:
    """What ``col.op("@>")`` returns: called with a value."""

    fn: Any



@dataclass(frozen=True)
class Builtin:
    """``dict``, ``list``, ``tuple``: containers built from known values."""

    name: str


BUILTINS = frozenset({"dict", "list", "tuple"})


@dataclass
class BoundMethod:
    obj: Any
    name: str


# ----------------------------------------------------------------------------- helpers
def func_generator_type() -> type:
    return type(orm.func)


_COLLECTION: list = []


def column_collection_type() -> Optional[type]:
    if not _COLLECTION:
        _COLLECTION.append(api.load("orm.sql:ColumnCollection"))
    return _COLLECTION[0]


def inspect_entity(value: Any) -> Any:
    """The Mapper / aliased inspection of an entity, None for anything else."""
    if isinstance(value, (int, float, str, bytes, bool, type(None), list, tuple, dict, set,
                          Dynamic, ApiName, ModuleRef, Receiver)):
        return None
    try:
        insp = orm.inspect(value, raiseerr=False)
    except Exception:   # inspection of foreign objects may raise anything: not an entity
        return None
    if insp is None or getattr(insp, "mapper", None) is None:
        return None
    if getattr(insp, "is_mapper", False) or getattr(insp, "is_aliased_class", False):
        return insp
    return None


def is_sql(value: Any) -> bool:
    """A SQL expression (column, attribute, function, clause) as operand."""
    if isinstance(value, (int, float, str, bytes, bool, type(None), list, tuple, dict, set,
                          Dynamic, ApiName, ModuleRef, Receiver, type)):
        return False
    if isinstance(value, LegacyQuery):
        return True
    return hasattr(value, "__clause_element__") or hasattr(value, "_compiler") or \
        hasattr(value, "comparator")


def is_statement(value: Any) -> bool:
    """An executable statement (select, compound select, insert, update, delete)."""
    if getattr(value, "is_dml", False) is True:
        return True
    return type(value).__name__ in ("Select", "CompoundSelect") and \
        bool(getattr(value, "supports_execution", False))


def is_table(value: Any) -> bool:
    return type(value).__name__ == "Table"


def is_plain(value: Any) -> bool:
    return isinstance(value, (int, float, str, bytes, bool, type(None)))


def fold(fn: Any, left: Any, right: Any) -> Any:
    """A Python operator on two constants, refusing what could be huge."""
    for value in (left, right):
        if isinstance(value, (str, bytes)) and len(value) > 10_000:
            raise Unsupported("constant too large")
        if isinstance(value, int) and abs(value) > 10 ** 18:
            raise Unsupported("constant too large")
    if fn in (operator.mul,) and (isinstance(left, (str, bytes)) or
                                  isinstance(right, (str, bytes))):
        raise Unsupported("string repetition")
    if fn in (operator.lshift,) and isinstance(right, int) and right > 64:
        raise Unsupported("constant too large")
    try:
        return fn(left, right)
    except Exception as exc:   # TypeError, ZeroDivisionError ...: the runtime would fail too
        raise Unsupported(f"constant expression fails: {exc}") from exc


def markers(value: Any, interp: "Interpreter") -> Any:
    """A Python container with run-time values as :class:`DynamicValue` stand-ins (the runtime
    binds the container as one value, as it would the real one)."""
    if isinstance(value, Dynamic):
        return DynamicValue(value.source)
    if isinstance(value, list):
        return [markers(v, interp) for v in value]
    if isinstance(value, tuple):
        return tuple(markers(v, interp) for v in value)
    if isinstance(value, set):
        return {markers(v, interp) for v in value}
    if isinstance(value, dict):
        return {k: markers(v, interp) for k, v in value.items()}
    if isinstance(value, (ApiName, ModuleRef, Receiver)):
        raise Unsupported("an API name inside a container")
    return value


def looks_like_session(receiver: Dynamic) -> bool:
    last = receiver.source.rsplit(".", 1)[-1].lower()
    return "session" in last or last in ("s", "sess", "db")


__all__ = ["BUILTINS", "BoundMethod", "Builtin", "OpFunction", "column_collection_type",
           "fold", "func_generator_type", "inspect_entity", "is_plain", "is_sql", "is_statement",
           "is_table", "looks_like_session", "markers"]
