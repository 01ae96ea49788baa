"""Reading ``Mapped[...]`` annotations: the Python type, nullability, relationship targets."""
from __future__ import annotations

import builtins
import datetime
import decimal
import enum
import sys
import types as _pytypes
import typing
import uuid
from typing import Any, ForwardRef, Optional

from orm import types as sqltypes

from .base import Mapped

_NONE = type(None)

# Python type -> SQL type used when a mapped_column() gives none (registry type_annotation_map first).
DEFAULT_TYPE_MAP: dict[Any, Any] = {
    int: sqltypes.Integer,
    str: sqltypes.String,
    float: sqltypes.Float,
    bool: sqltypes.Boolean,
    datetime.datetime: sqltypes.DateTime,
    datetime.date: sqltypes.Date,
    datetime.time: sqltypes.Time,
    datetime.timedelta: sqltypes.Interval,
    decimal.Decimal: sqltypes.Numeric,
    bytes: sqltypes.LargeBinary,
    bytearray: sqltypes.LargeBinary,
    uuid.UUID: sqltypes.Uuid,
    dict: sqltypes.JSON,
    list: sqltypes.JSON,
}


class _Namespace(dict):  # type: ignore[type-arg]
    """Evaluation locals: class namespace, module globals, builtins, then a ForwardRef for any
    other name (a class defined later, e.g. ``Mapped[List["Address"]]``)."""

    def __init__(self, cls_ns: dict[str, Any], module_ns: dict[str, Any]) -> None:
        super().__init__()
        self.cls_ns = cls_ns
        self.module_ns = module_ns

    def __missing__(self, key: str) -> Any:
        for ns in (self.cls_ns, self.module_ns, vars(builtins)):
            if key in ns:
                return ns[key]
        if key in ("Mapped",):
            return Mapped
        return ForwardRef(key)


def resolve_annotation(ann: Any, owner: type) -> Any:
    """Evaluate a (possibly string) annotation in the namespace of the class that wrote it."""
    if not isinstance(ann, str):
        return ann
    module = sys.modules.get(owner.__module__)
    ns = _Namespace(dict(vars(owner)), vars(module) if module is not None else {})
    try:
        value = eval(ann, {"__builtins__": builtins}, ns)  # noqa: S307 - the class's own annotation
    except Exception:
        return _StringAnnotation(ann)
    if isinstance(value, str):  # a quoted annotation under `from __future__ import annotations`
        return resolve_annotation(value, owner)
    if isinstance(value, ForwardRef):
        return resolve_annotation(value.__forward_arg__, owner) if value.__forward_arg__ != ann else value
    return value


class _StringAnnotation:
    """An annotation that could not be evaluated; only its text is known."""

    def __init__(self, text: str) -> None:
        self.text = text

    def inner_of_mapped(self) -> Optional[str]:
        t = self.text.strip()
        for prefix in ("Mapped[", "orm.Mapped[", "sa.orm.Mapped[", "so.Mapped[", "sqlalchemy.orm.Mapped["):
            if t.startswith(prefix) and t.endswith("]"):
                return t[len(prefix):-1].strip()
        return None


def mapped_inner(ann: Any) -> tuple[bool, Any]:
    """(is a Mapped[...] annotation, the T of Mapped[T])."""
    if isinstance(ann, _StringAnnotation):
        inner = ann.inner_of_mapped()
        return (inner is not None, _StringAnnotation(inner) if inner is not None else None)
    origin = typing.get_origin(ann)
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapped):
        args = typing.get_args(ann)
        return True, (args[0] if args else None)
    if ann is Mapped:
        return True, None
    return False, ann


def split_optional(tp: Any) -> tuple[Any, bool]:
    """(T, nullable) for Optional[T] / T | None / Union[T, None]."""
    if isinstance(tp, _StringAnnotation):
        t = tp.text.replace(" ", "")
        if t.startswith("Optional[") and t.endswith("]"):
            return _StringAnnotation(t[9:-1]), True
        if t.endswith("|None"):
            return _StringAnnotation(t[:-5]), True
        if t.startswith("None|"):
            return _StringAnnotation(t[5:]), True
        return tp, False
    origin = typing.get_origin(tp)
    if origin is typing.Union or (hasattr(_pytypes, "UnionType") and origin is _pytypes.UnionType):
        args = [a for a in typing.get_args(tp) if a is not _NONE and a is not None]
        nullable = len(args) != len(typing.get_args(tp))
        if len(args) == 1:
            return args[0], nullable
        return typing.Union[tuple(args)] if args else _NONE, nullable
    if origin is typing.Annotated:
        return split_optional(typing.get_args(tp)[0])
    return tp, False


def sql_type_for(tp: Any, type_map: dict[Any, Any]) -> Any:
    """The SQL type for a Python type, or None."""
    for m in (type_map, DEFAULT_TYPE_MAP):
        if tp in m:
            t = m[tp]
            return t() if isinstance(t, type) else t
    origin = typing.get_origin(tp)
    if origin is not None:
        if origin is typing.Literal:
            values = typing.get_args(tp)
            if all(isinstance(v, str) for v in values):
                return sqltypes.Enum(*values)
        if origin in type_map or origin in DEFAULT_TYPE_MAP:
            return sql_type_for(origin, type_map)
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum):
            return sqltypes.Enum(tp)
        for m in (type_map, DEFAULT_TYPE_MAP):
            for py, t in m.items():
                if isinstance(py, type) and issubclass(tp, py) and py is not bool:
                    return t() if isinstance(t, type) else t
    return None


def relationship_target(tp: Any) -> tuple[Any, Any]:
    """(target class, name or ForwardRef; collection class or None) from the T of Mapped[T]."""
    tp, _ = split_optional(tp)
    if isinstance(tp, _StringAnnotation):
        text = tp.text.strip()
        for coll_name, coll in (("List[", list), ("list[", list), ("Set[", set), ("set[", set),
                                ("typing.List[", list), ("typing.Set[", set)):
            if text.startswith(coll_name) and text.endswith("]"):
                return _strip_quotes(text[len(coll_name):-1]), coll
        return _strip_quotes(text), None
    origin = typing.get_origin(tp)
    coll = None
    if origin is not None:
        args = typing.get_args(tp)
        if origin in (list, set, frozenset, tuple) or (isinstance(origin, type) and issubclass(origin, (list, set))):
            coll = origin
            tp = args[0] if args else None
        elif origin is dict or (isinstance(origin, type) and issubclass(origin, dict)):
            coll = dict
            tp = args[-1] if args else None
    if isinstance(tp, ForwardRef):
        return tp.__forward_arg__, coll
    if isinstance(tp, str):
        return _strip_quotes(tp), coll
    return tp, coll


def _strip_quotes(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text
