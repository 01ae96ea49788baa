"""Numbers and booleans: Integer, SmallInteger, BigInteger, Numeric, Float, Double, Boolean.

Arithmetic result types follow SQLAlchemy 2.0: ``Integer + Integer`` is Integer (the wider of two
integer types), ``Integer / Integer`` is Numeric (SQL integer division truncates, so the compiler
renders a true division, e.g. ``a / CAST(b AS NUMERIC)`` on PostgreSQL, and the result type says a
fraction comes back), anything with a Float is Float, ``Date + Integer`` is Date.
"""
from __future__ import annotations

import decimal
import math
from typing import Any, Callable, Optional

from .. import operators
from ..type_api import SchemaType, TypeEngine
from . import _literals
from ._repr import generic_repr

_Decimal = decimal.Decimal

_ARITH = (operators.add, operators.sub, operators.mul, operators.truediv, operators.floordiv,
          operators.mod)


def _types() -> Any:
    # Late import: the type modules refer to each other's classes only inside methods.
    import orm.types as t

    return t


class _ArithComparator(TypeEngine.Comparator):
    """A comparator whose type decides arithmetic result types through ``_arith_type``."""

    __slots__ = ()

    def _adapt_expression(self, op: Any, other_comparator: TypeEngine.Comparator) -> tuple[Any, TypeEngine[Any]]:
        if operators.is_comparison(op):
            return op, _types().BOOLEANTYPE
        result = self.type._arith_type(op, other_comparator.type)  # type: ignore[attr-defined]
        return op, (result if result is not None else self.type)


class _Arith:
    """Mixin: default arithmetic result type is the left operand's type."""

    comparator_factory = _ArithComparator

    def _arith_type(self, op: Any, other: TypeEngine[Any]) -> Optional[TypeEngine[Any]]:
        return None


# -- processors shared by the dialects ------------------------------------------------------------
def to_float(value: Any) -> Any:
    return None if value is None else float(value)


def to_decimal_processor(scale: Optional[int]) -> Callable[[Any], Any]:
    """A converter of driver values (float, int, str, Decimal) to Decimal.

    Floats go through ``"%.<scale>f"`` when the scale is known (so ``1.1`` in a NUMERIC(10, 2)
    column comes back as ``Decimal('1.10')``, as with SQLAlchemy) and through ``repr`` otherwise
    (the shortest string that round-trips, instead of inventing digits).
    """
    fmt = None if scale is None else "%." + str(scale) + "f"
    # integers get the scale's zeros written out, exactly (no float on the way): SQLite keeps
    # 1.00 in a NUMERIC column as the integer 1, which must read back as Decimal('1.00')
    int_fmt = "%d." + "0" * scale if scale else None
    D = _Decimal

    def process(value: Any) -> Any:
        if value.__class__ is float:
            if fmt is not None:
                return D(fmt % value)
            return D(repr(value))
        if value is None or value.__class__ is D:
            return value
        if value.__class__ is int and int_fmt is not None:
            return D(int_fmt % value)
        return D(value)

    return process


def _number_literal(type_: Any, dialect: Any) -> Callable[[Any], str]:
    pg = _literals.dialect_name(dialect) == "postgresql"

    def process(value: Any) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, int):
            return str(int(value))
        if isinstance(value, _Decimal):
            if value.is_finite():
                return format(value, "f")
            if pg and value.is_nan():
                return "'NaN'::NUMERIC"
            raise _literals.cannot_render(value, type_, "not a finite number")
        if isinstance(value, float):
            if math.isfinite(value):
                return repr(value)
            if pg:
                word = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
                return f"'{word}'::DOUBLE PRECISION"
            raise _literals.cannot_render(value, type_, "not a finite number")
        raise _literals.no_renderer(value, type_)

    return process


# -- integers -------------------------------------------------------------------------------------
class Integer(_Arith, TypeEngine[int]):
    """An integer column: ``INTEGER``.

    Example::

        Column("id", Integer, primary_key=True)
    """

    __visit_name__ = "integer"
    __repr__ = generic_repr
    _rank = 1

    @property
    def python_type(self) -> type:
        return int

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        num = _number_literal(self, dialect)

        def process(value: Any) -> str:
            if isinstance(value, (float, _Decimal)) and value == int(value):
                value = int(value)
            elif isinstance(value, str):
                raise _literals.no_renderer(value, self)
            return num(value)

        return process

    def _arith_type(self, op: Any, other: TypeEngine[Any]) -> Optional[TypeEngine[Any]]:
        t = _types()
        aff = other._type_affinity
        if aff is Integer:
            if op is operators.truediv:
                return t.Numeric()
            if op in _ARITH:
                rank = getattr(other, "_rank", 1)
                return other if rank > self._rank else self
            return None
        if aff is t.Numeric or aff is t.Float:
            if op is operators.mod:
                return self
            if op in _ARITH:
                return aff()
        if aff is t.Date and op is operators.add:
            return other
        if aff is t.Interval and op is operators.mul:
            return other
        return None


class SmallInteger(Integer):
    """A small integer: ``SMALLINT``."""

    __visit_name__ = "small_integer"
    _rank = 0


class BigInteger(Integer):
    """A 64-bit integer: ``BIGINT``."""

    __visit_name__ = "big_integer"
    _rank = 2


# -- fixed and floating point ---------------------------------------------------------------------
class Numeric(_Arith, TypeEngine[Any]):
    """An exact number: ``NUMERIC(precision, scale)``, returned as ``Decimal`` (``asdecimal=True``).

    Example::

        Column("price", Numeric(10, 2))     # Decimal('19.99')
    """

    __visit_name__ = "numeric"
    __repr__ = generic_repr
    _default_decimal_return_scale = None

    def __init__(self, precision: Optional[int] = None, scale: Optional[int] = None,
                 decimal_return_scale: Optional[int] = None, asdecimal: bool = True) -> None:
        self.precision = precision
        self.scale = scale
        self.decimal_return_scale = decimal_return_scale
        self.asdecimal = asdecimal

    @property
    def python_type(self) -> type:
        return _Decimal if self.asdecimal else float

    @property
    def _effective_decimal_return_scale(self) -> Optional[int]:
        if self.decimal_return_scale is not None:
            return self.decimal_return_scale
        if getattr(self, "scale", None) is not None:
            return self.scale
        return self._default_decimal_return_scale

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        return _number_literal(self, dialect)

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        # Portable default; the dialects' impls skip the work when the driver already returns the
        # right Python type for the column.
        if self.asdecimal:
            return to_decimal_processor(self._effective_decimal_return_scale)
        return to_float

    def _arith_type(self, op: Any, other: TypeEngine[Any]) -> Optional[TypeEngine[Any]]:
        t = _types()
        aff = other._type_affinity
        if aff is t.Float and op in (operators.add, operators.sub, operators.mul, operators.truediv):
            return t.Float()
        if aff is t.Interval and op is operators.mul:
            return other
        return None


class Float(Numeric):
    """A floating point number: ``FLOAT(precision)``, returned as ``float``.

    Example::

        Column("ratio", Float)
    """

    __visit_name__ = "float"
    _default_decimal_return_scale = None

    def __init__(self, precision: Optional[int] = None, asdecimal: bool = False,
                 decimal_return_scale: Optional[int] = None) -> None:
        self.precision = precision
        self.asdecimal = asdecimal
        self.decimal_return_scale = decimal_return_scale

    @property
    def python_type(self) -> type:
        return _Decimal if self.asdecimal else float

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self.asdecimal:
            return to_decimal_processor(self._effective_decimal_return_scale)
        return None

    def _arith_type(self, op: Any, other: TypeEngine[Any]) -> Optional[TypeEngine[Any]]:
        if other._type_affinity is _types().Interval and op is operators.mul:
            return other
        return None


class Double(Float):
    """A double precision float: ``DOUBLE`` (``DOUBLE PRECISION`` on PostgreSQL)."""

    __visit_name__ = "double"


# -- booleans -------------------------------------------------------------------------------------
def _not_boolean(value: Any) -> Exception:
    if isinstance(value, int):
        return ValueError(f"Value {value!r} is not None, True, or False")
    return TypeError(f"Not a boolean value: {value!r}")


class _BoolLookup(dict):  # type: ignore[type-arg]
    """0/1/None -> False/True/None at C speed (``dict.__getitem__``); anything else -> ``bool``."""

    def __missing__(self, key: Any) -> Any:
        if key == "0":
            return False
        return bool(key)


#: SQLite/MySQL integers back to bool; a bound ``__getitem__`` costs no Python frame per row.
int_to_bool = _BoolLookup({0: False, 1: True, None: None}).__getitem__


class Boolean(SchemaType, TypeEngine[bool]):
    """A boolean: ``BOOLEAN`` (``BOOL`` on MySQL); only ``True``, ``False``, ``None``, 1 and 0 bind.

    Example::

        Column("active", Boolean, default=True)
    """

    __visit_name__ = "boolean"
    __repr__ = generic_repr

    def __init__(self, create_constraint: bool = False, name: Optional[str] = None) -> None:
        self.create_constraint = create_constraint
        self.name = name

    @property
    def python_type(self) -> type:
        return bool

    def _native(self, dialect: Any) -> bool:
        flag = getattr(dialect, "supports_native_boolean", None)
        if flag is None:
            return _literals.dialect_name(dialect) == "postgresql"
        return bool(flag)

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        native = self._native(dialect)

        def process(value: Any) -> Any:
            if value is None:
                return None
            if value is True or value is False:
                return value if native else int(value)
            if value == 1 or value == 0:
                if isinstance(value, (int, float, _Decimal)):
                    return bool(value) if native else int(value)
            raise _not_boolean(value)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if _literals.dialect_name(dialect) == "postgresql":
            return None
        return int_to_bool

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        words = _literals.dialect_name(dialect) == "postgresql"

        def process(value: Any) -> str:
            if value is None:
                return "NULL"
            if value is True or value is False or value in (0, 1):
                if words:
                    return "true" if value else "false"
                return "1" if value else "0"
            raise _literals.no_renderer(value, self)

        return process

