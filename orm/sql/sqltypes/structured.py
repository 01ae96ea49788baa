"""Structured values: JSON, ARRAY, Uuid, TupleType.

JSON storage: text made by ``json.dumps`` (the dialect's ``_json_serializer`` when it has one) on
SQLite and MySQL; PostgreSQL binds the same text (psycopg sends a ``str`` untyped, so the server reads
it as ``json``/``jsonb`` from the context) and psycopg returns documents already parsed.
Uuid storage without a native UUID type (SQLite, MySQL): ``CHAR(32)`` of lowercase hex digits, as
SQLAlchemy does.
"""
from __future__ import annotations

import json
import uuid as _uuid
from typing import Any, Callable, Optional

from .. import operators
from ..type_api import Concatenable, Indexable, TypeEngine, to_instance
from . import _literals
from ._repr import generic_repr
from .numeric import Integer
from .string import String


# -- JSON -----------------------------------------------------------------------------------------
class _JSONNullType:
    """``JSON.NULL``: the JSON value ``null`` (as opposed to SQL NULL)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "JSON.NULL"

    def __reduce__(self) -> str:
        return "JSON_NULL"


JSON_NULL = _JSONNullType()


class JSONIntIndexType(Integer):
    """Type of an integer index bound in ``json_col[3]`` (rendered as ``$[3]`` where paths are text)."""

    __visit_name__ = "json_int_index"


class JSONStrIndexType(String):
    """Type of a key bound in ``json_col["key"]`` (rendered as ``$."key"`` where paths are text)."""

    __visit_name__ = "json_str_index"


class JSONPathType(TypeEngine[Any]):
    """Type of a path bound in ``json_col[("a", 1)]``: a text array on PostgreSQL, ``$."a"[1]``
    elsewhere."""

    __visit_name__ = "json_path"
    __repr__ = generic_repr

    @property
    def python_type(self) -> type:
        return tuple


def format_json_path(elements: Any) -> str:
    """``("a", 1, 'we"ird')`` -> ``$."a"[1]."we\\"ird"`` (the path syntax of SQLite and MySQL)."""
    if isinstance(elements, (str, int)):
        elements = (elements,)
    parts = ["$"]
    for elem in elements:
        if isinstance(elem, int) and not isinstance(elem, bool):
            parts.append(f"[{elem}]")
        else:
            parts.append("." + json.dumps(str(elem), ensure_ascii=False))
    return "".join(parts)


def _json_serializer(dialect: Any) -> Callable[[Any], str]:
    return getattr(dialect, "_json_serializer", None) or json.dumps


def _json_deserializer(dialect: Any) -> Callable[[Any], Any]:
    return getattr(dialect, "_json_deserializer", None) or json.loads


class _JSONComparator(Indexable.Comparator):
    """``doc["key"]``, ``doc[2]``, ``doc[("a", 1)]`` and the ``.as_<type>()`` casts of an element."""

    __slots__ = ()

    def __getitem__(self, index: Any) -> Any:
        from ..base import ClauseElement
        from ..elements import BinaryExpression, BindParameter

        if isinstance(index, ClauseElement):
            return BinaryExpression(self.expr, index, operators.json_getitem_op, type_=self.type)
        if isinstance(index, (tuple, list)):
            bind = BindParameter(self.expr.key, tuple(index), type_=JSONPathType(), unique=True)
            return BinaryExpression(self.expr, bind, operators.json_path_getitem_op, type_=self.type)
        if isinstance(index, int) and not isinstance(index, bool):
            index_type: TypeEngine[Any] = JSONIntIndexType()
        elif isinstance(index, str):
            index_type = JSONStrIndexType()
        else:
            from orm.exc import ArgumentError

            raise ArgumentError(f"JSON index must be a str, an int or a tuple path, got {index!r}")
        bind = BindParameter(self.expr.key, index, type_=index_type, unique=True)
        return BinaryExpression(self.expr, bind, operators.json_getitem_op, type_=self.type)

    def _as(self, type_: TypeEngine[Any], method: str) -> Any:
        from ..elements import BinaryExpression

        expr = self.expr
        if not isinstance(expr, BinaryExpression) or expr.operator not in (
            operators.json_getitem_op, operators.json_path_getitem_op
        ):
            from orm.exc import InvalidRequestError

            raise InvalidRequestError(
                f"The JSON cast operator JSON.{method}() only works with a JSON index expression "
                f"e.g. col['q'].{method}()"
            )
        new = expr._generate()
        new.type = type_
        new.__dict__.pop("_comparator", None)
        return new

    def as_string(self) -> Any:
        """The element as text (``->>`` on PostgreSQL, ``JSON_EXTRACT`` on SQLite)."""
        return self._as(String(), "as_string")

    def as_integer(self) -> Any:
        return self._as(Integer(), "as_integer")

    def as_float(self) -> Any:
        from .numeric import Float

        return self._as(Float(), "as_float")

    def as_numeric(self, precision: int, scale: int, asdecimal: bool = True) -> Any:
        from .numeric import Numeric

        return self._as(Numeric(precision, scale, asdecimal=asdecimal), "as_numeric")

    def as_boolean(self) -> Any:
        from .numeric import Boolean

        return self._as(Boolean(), "as_boolean")

    def as_json(self) -> Any:
        return self._as(JSON(), "as_json")


class JSON(Indexable, TypeEngine[Any]):
    """A JSON document: ``JSON`` (stored as text where the database has no JSON type).

    ``None`` is stored as the JSON ``null`` unless ``none_as_null=True`` (then it is SQL NULL);
    ``JSON.NULL`` is always the JSON ``null``.

    Example::

        Column("settings", JSON)
        select(t.c.settings["theme"].as_string())
    """

    __visit_name__ = "JSON"
    __repr__ = generic_repr
    hashable = False
    comparator_factory = _JSONComparator
    NULL = JSON_NULL
    JSONIntIndexType = JSONIntIndexType
    JSONStrIndexType = JSONStrIndexType
    JSONPathType = JSONPathType

    def __init__(self, none_as_null: bool = False) -> None:
        self.none_as_null = none_as_null

    @property  # type: ignore[override]
    def should_evaluate_none(self) -> bool:
        return not self.__dict__.get("none_as_null", False)

    @should_evaluate_none.setter
    def should_evaluate_none(self, value: bool) -> None:
        self.__dict__["none_as_null"] = not value

    @property
    def python_type(self) -> type:
        return dict

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        dumps = _json_serializer(dialect)
        none_as_null = self.none_as_null
        json_null = JSON_NULL

        def process(value: Any) -> Any:
            if value is json_null:
                return "null"
            if value is None and none_as_null:
                return None
            return dumps(value)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        loads = _json_deserializer(dialect)

        def process(value: Any) -> Any:
            if value is None:
                return None
            return loads(value)

        return process

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        quote = _literals.string_literal(dialect)
        dumps = _json_serializer(dialect)

        def process(value: Any) -> str:
            if value is JSON_NULL:
                return quote("null")
            if value is None and self.none_as_null:
                return "NULL"
            try:
                text = dumps(value)
            except (TypeError, ValueError) as err:
                raise _literals.cannot_render(value, self, str(err)) from None
            return quote(text)

        return process


# -- ARRAY ----------------------------------------------------------------------------------------
_SLICE_CLASS: Any = None


def _slice(start: Any, stop: Any, step: Any) -> Any:
    """An ``arr[start:stop]`` slice node (rendered ``start:stop`` by the compiler's visit_slice)."""
    global _SLICE_CLASS
    if _SLICE_CLASS is None:
        from ..elements import ColumnElement

        class Slice(ColumnElement[Any]):
            __visit_name__ = "slice"
            _children = ("start", "stop", "step")

            def __init__(self, start: Any, stop: Any, step: Any) -> None:
                self.start, self.stop, self.step = start, stop, step

        _SLICE_CLASS = Slice
    return _SLICE_CLASS(start, stop, step)


def _apply_recursive(fn: Callable[[Any], Any], to: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Apply ``fn`` to the leaves of nested lists, building the containers with ``to``."""

    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return to(walk(v) for v in value)
        return fn(value)

    def process(value: Any) -> Any:
        if value is None:
            return None
        return walk(value)

    return process


class _ARRAYComparator(Concatenable.Comparator, Indexable.Comparator):
    """``arr[1]``, ``arr[2:3]``, ``arr.any(5)``, ``arr.contains([1])`` (``@>``), ``contained_by``
    (``<@``), ``overlap`` (``&&``)."""

    __slots__ = ()

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        if op is operators.like_op and kwargs.get("_pattern") == "contains":
            return self.contains(other[0])
        return super().operate(op, *other, **kwargs)

    def _bind(self, value: Any, type_: TypeEngine[Any]) -> Any:
        from ..base import ClauseElement
        from ..elements import BindParameter

        if isinstance(value, ClauseElement):
            return value
        return BindParameter(self.expr.key, value, type_=type_, unique=True)

    def __getitem__(self, index: Any) -> Any:
        from ..elements import BinaryExpression

        arr = self.type
        shift = 1 if arr.zero_indexes else 0  # type: ignore[attr-defined]
        if isinstance(index, slice):
            start, stop = index.start, index.stop
            if shift and isinstance(start, int):
                start += shift
            right = _slice(self._bind(start, Integer()) if start is not None else None,
                           self._bind(stop, Integer()) if stop is not None else None, None)
            return BinaryExpression(self.expr, right, operators.getitem, type_=arr)
        if shift and isinstance(index, int):
            index += shift
        dims = arr.dimensions  # type: ignore[attr-defined]
        if dims is not None and dims > 1:
            result: TypeEngine[Any] = arr.adapt(type(arr), dimensions=dims - 1)
        else:
            result = arr.item_type  # type: ignore[attr-defined]
        return BinaryExpression(self.expr, self._bind(index, Integer()), operators.getitem,
                                type_=result)

    def _quantified(self, other: Any, quant: Any, operator: Any) -> Any:
        from ..elements import BinaryExpression, UnaryExpression
        from .numeric import Boolean

        item = self.type.item_type  # type: ignore[attr-defined]
        agg = UnaryExpression(self.expr, operator=quant, type_=item)
        return BinaryExpression(self._bind(other, item), agg, operator or operators.eq,
                                type_=Boolean())

    def any(self, other: Any, operator: Any = None) -> Any:
        """``other = ANY (arr)``."""
        return self._quantified(other, operators.any_op, operator)

    def all(self, other: Any, operator: Any = None) -> Any:
        """``other = ALL (arr)``."""
        return self._quantified(other, operators.all_op, operator)

    def _boolean(self, op: Any, other: Any) -> Any:
        from ..elements import BinaryExpression
        from .numeric import Boolean

        return BinaryExpression(self.expr, self._bind(other, self.type), op, type_=Boolean())

    def contains(self, other: Any, **kwargs: Any) -> Any:
        """``arr @> other``: every element of ``other`` is in the array."""
        return self._boolean(operators.contains_op, other)

    def contained_by(self, other: Any) -> Any:
        """``arr <@ other``."""
        return self._boolean(operators.contained_by_op, other)

    def overlap(self, other: Any) -> Any:
        """``arr && other``: the arrays share an element."""
        return self._boolean(operators.overlap_op, other)


class ARRAY(Concatenable, Indexable, TypeEngine[list]):  # type: ignore[type-arg]
    """An array of ``item_type`` (PostgreSQL): ``INTEGER[]``; indexes are 1-based like SQL's unless
    ``zero_indexes=True``.

    Example::

        Column("tags", ARRAY(String))
        select(t).where(t.c.tags.contains(["python"]))
    """

    __visit_name__ = "ARRAY"
    __repr__ = generic_repr
    comparator_factory = _ARRAYComparator

    def __init__(self, item_type: Any, as_tuple: bool = False, dimensions: Optional[int] = None,
                 zero_indexes: bool = False) -> None:
        if isinstance(item_type, ARRAY):
            raise ValueError("Do not nest ARRAY types; ARRAY(basetype) handles multi-dimensional "
                             "arrays of basetype")
        self.item_type = to_instance(item_type)
        self.as_tuple = as_tuple
        self.dimensions = dimensions
        self.zero_indexes = zero_indexes

    @property
    def hashable(self) -> bool:  # type: ignore[override]
        return self.as_tuple

    @property
    def python_type(self) -> type:
        return list

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        item = self.item_type.dialect_impl(dialect).bind_processor(dialect)
        if item is None:
            # psycopg adapts lists, not tuples
            def as_list(value: Any) -> Any:
                return list(value) if isinstance(value, tuple) else value

            return as_list
        return _apply_recursive(lambda v: None if v is None else item(v), list)

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        item = self.item_type.dialect_impl(dialect).result_processor(dialect, coltype)
        container: Callable[[Any], Any] = tuple if self.as_tuple else list
        if item is None:
            if not self.as_tuple:
                return None
            return _apply_recursive(lambda v: v, tuple)
        return _apply_recursive(lambda v: None if v is None else item(v), container)

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        item = self.item_type.dialect_impl(dialect).literal_processor(dialect)
        if item is None:
            return None

        def render(value: Any) -> str:
            if isinstance(value, (list, tuple)):
                return "[" + ", ".join(render(v) for v in value) + "]"
            return item(value)

        def process(value: Any) -> str:
            if value is None:
                return "NULL"
            if not value:
                return "'{}'"
            return "ARRAY" + render(value)

        return process

    def _static_cache_key(self) -> tuple[Any, ...]:
        return super()._static_cache_key() + (("item_type", self.item_type._static_cache_key()),)


# -- UUID -----------------------------------------------------------------------------------------
_UUID = _uuid.UUID


def _uuid_to_hex(value: Any) -> Any:
    if value is None:
        return None
    if value.__class__ is _UUID:
        return value.hex
    return _UUID(str(value)).hex


def _hex_to_uuid(value: Any) -> Any:
    if value is None or value.__class__ is _UUID:
        return value
    return _UUID(value)


def _hex_to_str(value: Any) -> Any:
    if value is None:
        return None
    return str(_UUID(str(value)))


class Uuid(TypeEngine[_uuid.UUID]):
    """A UUID: native ``UUID`` on PostgreSQL, ``CHAR(32)`` of hex digits elsewhere; values
    ``uuid.UUID`` (``as_uuid=False``: strings).

    Example::

        Column("id", Uuid, primary_key=True, default=uuid.uuid4)
    """

    __visit_name__ = "uuid"
    __repr__ = generic_repr

    def __init__(self, as_uuid: bool = True, native_uuid: bool = True) -> None:
        self.as_uuid = as_uuid
        self.native_uuid = native_uuid

    @property
    def python_type(self) -> type:
        return _UUID if self.as_uuid else str

    def _native_on(self, dialect: Any) -> bool:
        if not self.native_uuid:
            return False
        flag = getattr(dialect, "supports_native_uuid", None)
        if flag is None:
            return _literals.dialect_name(dialect) == "postgresql"
        return bool(flag)

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        if self._native_on(dialect):
            return None
        return _uuid_to_hex

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self._native_on(dialect):
            if self.as_uuid:
                return None
            return _hex_to_str
        return _hex_to_uuid if self.as_uuid else _hex_to_str

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        quote = _literals.string_literal(dialect)
        native = self._native_on(dialect)

        def process(value: Any) -> str:
            if value is None:
                return "NULL"
            try:
                u = value if isinstance(value, _UUID) else _UUID(str(value))
            except ValueError:
                raise _literals.no_renderer(value, self) from None
            return quote(str(u) if native else u.hex)

        return process


# -- tuples ---------------------------------------------------------------------------------------
class TupleType(TypeEngine[tuple]):  # type: ignore[type-arg]
    """The type of ``tuple_(a, b)``: one type per element.

    Example::

        tuple_(t.c.a, t.c.b).in_([(1, "x"), (2, "y")])
    """

    __visit_name__ = "tuple"

    def __init__(self, *types: Any) -> None:
        self.types: list[TypeEngine[Any]] = [to_instance(t) for t in types]

    @property
    def python_type(self) -> type:
        return tuple

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        procs = [t.dialect_impl(dialect).bind_processor(dialect) for t in self.types]
        if not any(procs):
            return None

        def process(value: Any) -> Any:
            if value is None:
                return None
            return tuple(p(v) if p is not None else v for p, v in zip(procs, value))

        return process

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        procs = [t.dialect_impl(dialect).literal_processor(dialect) for t in self.types]

        def process(value: Any) -> str:
            out = []
            for p, v in zip(procs, value):
                if p is None:
                    raise _literals.no_renderer(value, self)
                out.append(p(v))
            return "(" + ", ".join(out) + ")"

        return process

    def _static_cache_key(self) -> tuple[Any, ...]:
        return (TupleType,) + tuple(t._static_cache_key() for t in self.types)

    def __repr__(self) -> str:
        return f"TupleType({', '.join(repr(t) for t in self.types)})"

