"""PostgreSQL range and multirange types and the ``Range`` value they hold.

``INT4RANGE``, ``INT8RANGE``, ``NUMRANGE``, ``DATERANGE``, ``TSRANGE``, ``TSTZRANGE`` hold a
:class:`Range`; the ``...MULTIRANGE`` types (PostgreSQL 14+) hold a list of them.  Columns of these
types get the range operators: ``contains`` (``@>``, a value or a range), ``contained_by`` (``<@``),
``overlaps`` (``&&``), ``strictly_left_of`` (``<<``), ``strictly_right_of`` (``>>``),
``not_extend_right_of`` (``&<``), ``not_extend_left_of`` (``&>``), ``adjacent_to`` (``-|-``),
``union`` (``+``), ``difference`` (``-``), ``intersection`` (``*``).

Example::

    from orm.dialects.postgresql import Range, TSRANGE
    booking = Table("booking", md, Column("during", TSRANGE))
    select(booking).where(booking.c.during.contains(datetime(2024, 1, 1, 12)))
    conn.execute(booking.insert(), {"during": Range(start, stop)})   # '[start,stop)'
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Generic, Optional, TypeVar

from orm import exc
from orm import types as sqltypes
from orm.sql import operators
from orm.sql.type_api import TypeEngine

__all__ = [
    "Range", "AbstractRange", "AbstractMultiRange", "INT4RANGE", "INT8RANGE", "NUMRANGE", "DATERANGE",
    "TSRANGE", "TSTZRANGE", "INT4MULTIRANGE", "INT8MULTIRANGE", "NUMMULTIRANGE", "DATEMULTIRANGE",
    "TSMULTIRANGE", "TSTZMULTIRANGE",
]

_T = TypeVar("_T")
_BOUNDS = ("[)", "(]", "[]", "()")


@dataclasses.dataclass(frozen=True)
class Range(Generic[_T]):
    """A range value: ``lower``/``upper`` (None is unbounded), ``bounds`` one of ``"[)"`` (the
    default), ``"(]"``, ``"[]"``, ``"()"``; ``Range(empty=True)`` is the empty range.

    Example::

        r = Range(1, 10)          # [1,10)
        5 in r, r.contains(Range(2, 3)), r.upper_inc   # True, True, False
    """

    lower: Optional[_T] = None
    upper: Optional[_T] = None
    bounds: str = "[)"
    empty: bool = False

    def __post_init__(self) -> None:
        if self.bounds not in _BOUNDS:
            raise exc.ArgumentError(f"Range bounds must be one of {', '.join(_BOUNDS)}; got {self.bounds!r}")

    # -- the shape --------------------------------------------------------------------------------
    @property
    def isempty(self) -> bool:
        return self.empty

    is_empty = isempty

    @property
    def lower_inc(self) -> bool:
        return not self.empty and self.lower is not None and self.bounds[0] == "["

    @property
    def upper_inc(self) -> bool:
        return not self.empty and self.upper is not None and self.bounds[1] == "]"

    @property
    def lower_inf(self) -> bool:
        return not self.empty and self.lower is None

    @property
    def upper_inf(self) -> bool:
        return not self.empty and self.upper is None

    def __bool__(self) -> bool:
        return not self.empty

    def __str__(self) -> str:
        if self.empty:
            return "empty"
        lower = "" if self.lower is None else str(self.lower)
        upper = "" if self.upper is None else str(self.upper)
        return f"{self.bounds[0]}{lower},{upper}{self.bounds[1]}"

    # -- comparisons in Python (the server's operators are on the column) -----------------------
    def _above_lower(self, value: Any) -> bool:
        if self.lower is None:
            return True
        return bool(value >= self.lower) if self.bounds[0] == "[" else bool(value > self.lower)

    def _below_upper(self, value: Any) -> bool:
        if self.upper is None:
            return True
        return bool(value <= self.upper) if self.bounds[1] == "]" else bool(value < self.upper)

    def contains(self, value: Any) -> bool:
        """A value lies in the range, or a range lies wholly inside it."""
        if isinstance(value, Range):
            if value.empty:
                return True
            if self.empty:
                return False
            return self._covers_lower(value) and self._covers_upper(value)
        return not self.empty and self._above_lower(value) and self._below_upper(value)

    def __contains__(self, value: Any) -> bool:
        return self.contains(value)

    def contained_by(self, other: "Range[Any]") -> bool:
        return other.contains(self)

    def overlaps(self, other: "Range[Any]") -> bool:
        """The ranges share at least one point (continuous comparison of the bounds)."""
        if self.empty or other.empty:
            return False
        return self._starts_before_end_of(other) and other._starts_before_end_of(self)

    def strictly_left_of(self, other: "Range[Any]") -> bool:
        """Every point of this range is before every point of ``other``."""
        if self.empty or other.empty:
            return False
        return not self._ends_after_start_of(other)

    def strictly_right_of(self, other: "Range[Any]") -> bool:
        return other.strictly_left_of(self)

    def _covers_lower(self, other: "Range[Any]") -> bool:
        if self.lower is None:
            return True
        if other.lower is None:
            return False
        if other.lower == self.lower:
            return self.bounds[0] == "[" or other.bounds[0] == "("
        return bool(other.lower > self.lower)

    def _covers_upper(self, other: "Range[Any]") -> bool:
        if self.upper is None:
            return True
        if other.upper is None:
            return False
        if other.upper == self.upper:
            return self.bounds[1] == "]" or other.bounds[1] == ")"
        return bool(other.upper < self.upper)

    def _starts_before_end_of(self, other: "Range[Any]") -> bool:
        # this range's lower edge is at or before other's upper edge, with a point in common
        if self.lower is None or other.upper is None:
            return True
        if self.lower == other.upper:
            return self.bounds[0] == "[" and other.bounds[1] == "]"
        return bool(self.lower < other.upper)

    def _ends_after_start_of(self, other: "Range[Any]") -> bool:
        return other._starts_before_end_of(self)


# -- SQL types ----------------------------------------------------------------------------------------
class _RangeComparator(TypeEngine.Comparator):
    __slots__ = ()

    def _operand(self, other: Any, for_contains: bool = False) -> Any:
        from orm.sql.base import ClauseElement
        from orm.sql.elements import BindParameter

        if isinstance(other, ClauseElement):
            return other
        # a range (or list of ranges) binds as this type; a single point as the element type
        is_range = isinstance(other, (Range, list, tuple))
        type_ = self.type if is_range or not for_contains else self.type._element_type()
        return BindParameter(self.expr.key, other, type_=type_, unique=True)

    def _op(self, op: Any, other: Any, type_: Any, for_contains: bool = False) -> Any:
        from orm.sql.elements import BinaryExpression

        return BinaryExpression(self.expr, self._operand(other, for_contains), op, type_=type_)

    def _boolean(self, symbol: str, other: Any) -> Any:
        return self._op(operators.custom_op(symbol, 5, True), other, sqltypes.Boolean())

    def contains(self, other: Any, **kw: Any) -> Any:
        """``range @> value_or_range``."""
        return self._op(operators.contains_op, other, sqltypes.Boolean(), for_contains=True)

    def contained_by(self, other: Any) -> Any:
        """``range <@ other``."""
        return self._op(operators.contained_by_op, other, sqltypes.Boolean())

    def overlaps(self, other: Any) -> Any:
        """``range && other``."""
        return self._op(operators.overlap_op, other, sqltypes.Boolean())

    def strictly_left_of(self, other: Any) -> Any:
        return self._boolean("<<", other)

    __lshift__ = strictly_left_of

    def strictly_right_of(self, other: Any) -> Any:
        return self._boolean(">>", other)

    __rshift__ = strictly_right_of

    def not_extend_right_of(self, other: Any) -> Any:
        return self._boolean("&<", other)

    def not_extend_left_of(self, other: Any) -> Any:
        return self._boolean("&>", other)

    def adjacent_to(self, other: Any) -> Any:
        return self._boolean("-|-", other)

    def union(self, other: Any) -> Any:
        """``range + other`` (the ranges must overlap or touch)."""
        return self._op(operators.add, other, self.type)

    def difference(self, other: Any) -> Any:
        return self._op(operators.sub, other, self.type)

    def intersection(self, other: Any) -> Any:
        return self._op(operators.mul, other, self.type)

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        if op is operators.like_op and kwargs.get("_pattern") == "contains":
            return self.contains(other[0])
        if op in (operators.add, operators.sub, operators.mul):
            return self._op(op, other[0], self.type)
        return super().operate(op, *other, **kwargs)


def _to_psycopg(value: Any) -> Any:
    from psycopg.types.range import Range as PGRange

    if isinstance(value, Range):
        if value.empty:
            return PGRange(empty=True)
        return PGRange(value.lower, value.upper, value.bounds)
    return value


def _from_psycopg(value: Any) -> Any:
    if value is None or isinstance(value, Range):
        return value
    if getattr(value, "isempty", False):
        return Range(empty=True)
    return Range(value.lower, value.upper, value.bounds)


class AbstractRange(TypeEngine[Range[Any]]):
    """Base of the range types: values are :class:`Range`."""

    comparator_factory = _RangeComparator
    hashable = False
    _element: Callable[[], TypeEngine[Any]] = sqltypes.NullType

    @property
    def python_type(self) -> type:
        return Range

    def _element_type(self) -> TypeEngine[Any]:
        return self._element()

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        if getattr(dialect, "driver", None) != "psycopg":
            return None

        def process(value: Any) -> Any:
            if value is not None and not isinstance(value, Range):
                raise TypeError(f"{type(self).__name__} values are Range objects, got {value!r}")
            return _to_psycopg(value)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        return _from_psycopg


class AbstractMultiRange(AbstractRange):
    """Base of the multirange types: values are lists of :class:`Range`."""

    @property
    def python_type(self) -> type:
        return list

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        if getattr(dialect, "driver", None) != "psycopg":
            return None
        from psycopg.types.multirange import Multirange

        def process(value: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, (list, tuple)) or not all(isinstance(r, Range) for r in value):
                raise TypeError(f"{type(self).__name__} values are lists of Range, got {value!r}")
            return Multirange([_to_psycopg(r) for r in value])

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        def process(value: Any) -> Any:
            return None if value is None else [_from_psycopg(r) for r in value]

        return process


def _range_type(name: str, element: Callable[[], TypeEngine[Any]], base: type, doc: str) -> type:
    return type(name, (base,), {"__visit_name__": name, "_element": staticmethod(element), "__doc__": doc,
                                "__module__": __name__})


def _tstz() -> TypeEngine[Any]:
    return sqltypes.DateTime(timezone=True)


INT4RANGE = _range_type("INT4RANGE", sqltypes.Integer, AbstractRange, "A range of integers.")
INT8RANGE = _range_type("INT8RANGE", sqltypes.BigInteger, AbstractRange, "A range of big integers.")
NUMRANGE = _range_type("NUMRANGE", sqltypes.Numeric, AbstractRange, "A range of numerics (Decimal).")
DATERANGE = _range_type("DATERANGE", sqltypes.Date, AbstractRange, "A range of dates.")
TSRANGE = _range_type("TSRANGE", sqltypes.DateTime, AbstractRange, "A range of timestamps.")
TSTZRANGE = _range_type("TSTZRANGE", _tstz, AbstractRange, "A range of timestamps with time zone.")
INT4MULTIRANGE = _range_type("INT4MULTIRANGE", sqltypes.Integer, AbstractMultiRange, "Integer ranges.")
INT8MULTIRANGE = _range_type("INT8MULTIRANGE", sqltypes.BigInteger, AbstractMultiRange, "Big integer ranges.")
NUMMULTIRANGE = _range_type("NUMMULTIRANGE", sqltypes.Numeric, AbstractMultiRange, "Numeric ranges.")
DATEMULTIRANGE = _range_type("DATEMULTIRANGE", sqltypes.Date, AbstractMultiRange, "Date ranges.")
TSMULTIRANGE = _range_type("TSMULTIRANGE", sqltypes.DateTime, AbstractMultiRange, "Timestamp ranges.")
TSTZMULTIRANGE = _range_type("TSTZMULTIRANGE", _tstz, AbstractMultiRange, "Timestamp-with-zone ranges.")

RANGE_TYPES = (INT4RANGE, INT8RANGE, NUMRANGE, DATERANGE, TSRANGE, TSTZRANGE, INT4MULTIRANGE,
               INT8MULTIRANGE, NUMMULTIRANGE, DATEMULTIRANGE, TSMULTIRANGE, TSTZMULTIRANGE)

