"""SQLite types: the type compiler, ``colspecs`` (generic type -> SQLite impl) and ``ischema_names``.

The stdlib ``sqlite3`` driver runs without ``detect_types``, so every conversion happens here:

* DATETIME / DATE / TIME are text in SQLAlchemy's format (``2024-01-02 03:04:05.000006``,
  ``2024-01-02``, ``03:04:05.000006``), parsed back with the C-level ``fromisoformat``;
  a time zone on a bound value is dropped (the wall time is stored), as in SQLAlchemy.
* NUMERIC: SQLite's NUMERIC affinity keeps at most 15 significant digits (it stores REAL) whatever
  the bound type is, and a bound *text* would compare as text against expressions without affinity
  (``SUM(x) > '10'`` is always false), so Decimals bind as float (as SQLAlchemy does), except integral
  Decimals beyond 15 digits, which bind as int and stay exact up to 2**63.  Results come back as
  Decimal quantized to the column's scale (``"%.<scale>f"``) or, without a scale, from the float's
  shortest ``repr``.
* BOOLEAN: 0/1, back to bool.  JSON: ``json.dumps`` text.  Uuid: 32 hex digits.
* Interval: a DATETIME holding ``1970-01-01 + value`` (SQLAlchemy's storage).
"""
from __future__ import annotations

import datetime as _dt
import decimal
import json as _json
import re
from typing import Any, Callable, Optional

from orm.sql.sqltypes.numeric import int_to_bool, to_decimal_processor
from orm.sql.type_compiler import GenericTypeCompiler
from orm import types as sqltypes
from orm.dialects._jsonpath import TEXT_PATH_COLSPECS

__all__ = ["SQLiteTypeCompiler", "colspecs", "ischema_names", "DATETIME", "DATE", "TIME", "JSON"]

_datetime = _dt.datetime
_date = _dt.date
_time = _dt.time


def _fields(value: Any) -> dict[str, int]:
    return {
        "year": value.year, "month": value.month, "day": value.day,
        "hour": getattr(value, "hour", 0), "minute": getattr(value, "minute", 0),
        "second": getattr(value, "second", 0), "microsecond": getattr(value, "microsecond", 0),
    }


def _regexp_parser(regexp: Any, build: Callable[..., Any]) -> Callable[[Any], Any]:
    pattern = re.compile(regexp) if isinstance(regexp, str) else regexp

    def process(value: Any) -> Any:
        if value is None:
            return None
        m = pattern.match(value)
        if m is None:
            raise ValueError(f"Couldn't parse {build.__name__} string {value!r}")
        groups = m.groupdict() or None
        if groups:
            return build(**{k: int(v) for k, v in groups.items()})
        return build(*(int(v or 0) for v in m.groups()))

    return process


class DATETIME(sqltypes.DateTime):
    """SQLite DATETIME stored as text; ``storage_format``/``regexp`` choose another text layout.

    Example::

        DATETIME(storage_format="%(year)04d/%(month)02d/%(day)02d %(hour)02d:%(minute)02d:%(second)02d",
                 regexp=r"(\\d+)/(\\d+)/(\\d+) (\\d+):(\\d+):(\\d+)")
    """

    __visit_name__ = "DATETIME"

    def __init__(self, *args: Any, storage_format: Optional[str] = None, regexp: Any = None,
                 truncate_microseconds: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.storage_format = storage_format
        self.regexp = regexp
        self.truncate_microseconds = truncate_microseconds

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        fmt = getattr(self, "storage_format", None)
        if fmt is None and getattr(self, "truncate_microseconds", False):
            fmt = "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"
        if fmt is not None:
            def process_fmt(value: Any) -> Any:
                if value is None:
                    return None
                if not isinstance(value, _date):
                    raise TypeError("SQLite DateTime type only accepts Python datetime and date "
                                    "objects as input.")
                return fmt % _fields(value)

            return process_fmt

        def process(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, _datetime):
                if value.tzinfo is not None:
                    value = value.replace(tzinfo=None)
                return value.isoformat(" ", "microseconds")
            if isinstance(value, _date):
                return value.isoformat() + " 00:00:00.000000"
            raise TypeError("SQLite DateTime type only accepts Python datetime and date objects "
                            "as input.")

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        return _temporal_parser(getattr(self, "regexp", None), _datetime)


def _temporal_parser(regexp: Any, cls: Any) -> Callable[[Any], Any]:
    """Stored text -> datetime/date/time: the ISO form we write, or a user's ``regexp`` storage."""
    if regexp is not None:
        return _regexp_parser(regexp, cls)
    parse = cls.fromisoformat

    def process(value: Any) -> Any:
        return None if value is None else parse(value)

    return process


class DATE(sqltypes.Date):
    """SQLite DATE stored as ``'YYYY-MM-DD'`` text."""

    __visit_name__ = "DATE"

    def __init__(self, storage_format: Optional[str] = None, regexp: Any = None) -> None:
        self.storage_format = storage_format
        self.regexp = regexp

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        fmt = getattr(self, "storage_format", None)

        def process(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, _datetime):
                value = value.date()
            elif not isinstance(value, _date):
                raise TypeError("SQLite Date type only accepts Python date objects as input.")
            if fmt is not None:
                return fmt % _fields(value)
            return value.isoformat()

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        regexp = getattr(self, "regexp", None)
        if regexp is not None:
            return _regexp_parser(regexp, _date)
        parse = _date.fromisoformat
        parse_dt = _datetime.fromisoformat

        def process(value: Any) -> Any:
            if value is None:
                return None
            try:
                return parse(value)
            except ValueError:
                # a DATETIME-shaped value in a DATE column (written by other tools)
                return parse_dt(value).date()

        return process


class TIME(sqltypes.Time):
    """SQLite TIME stored as ``'HH:MM:SS.ffffff'`` text."""

    __visit_name__ = "TIME"

    def __init__(self, *args: Any, storage_format: Optional[str] = None, regexp: Any = None,
                 truncate_microseconds: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.storage_format = storage_format
        self.regexp = regexp
        self.truncate_microseconds = truncate_microseconds

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        fmt = getattr(self, "storage_format", None)
        timespec = "seconds" if getattr(self, "truncate_microseconds", False) else "microseconds"

        def process(value: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, _time):
                raise TypeError("SQLite Time type only accepts Python time objects as input.")
            if fmt is not None:
                return fmt % {"hour": value.hour, "minute": value.minute,
                              "second": value.second, "microsecond": value.microsecond}
            if value.tzinfo is not None:
                value = value.replace(tzinfo=None)
            return value.isoformat(timespec)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        return _temporal_parser(getattr(self, "regexp", None), _time)


class JSON(sqltypes.JSON):
    """SQLite JSON: text made by ``json.dumps``; queried with the JSON1 functions."""

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        loads = getattr(dialect, "_json_deserializer", None) or _json.loads

        def process(value: Any) -> Any:
            if value is None:
                return None
            if value.__class__ is str:
                return loads(value)
            # A column declared JSON has NUMERIC affinity, so a document that is a bare number
            # ('42') is stored, and returned, as a number.
            return value if isinstance(value, (int, float)) else loads(value)

        return process


# -- impls used only through colspecs -------------------------------------------------------------
_Decimal = decimal.Decimal
_INT64 = (-(2 ** 63), 2 ** 63)


def _bind_decimal(value: Any) -> Any:
    if value.__class__ is not _Decimal:
        return value
    sign, digits, exponent = value.as_tuple()
    if len(digits) > 15 and isinstance(exponent, int) and exponent >= 0:
        as_int = int(value)
        if _INT64[0] <= as_int < _INT64[1]:
            return as_int
    return float(value)


def _bind_decimal_or_none(value: Any) -> Any:
    if value is None:
        return None
    return _bind_decimal(value)


class _SQLiteNumeric(sqltypes.Numeric):
    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        return _bind_decimal_or_none

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self.asdecimal:
            return to_decimal_processor(self._effective_decimal_return_scale)
        return _to_float


def _to_float(value: Any) -> Any:
    return None if value is None else float(value)


class _SQLiteFloat(sqltypes.Float):
    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        return _bind_decimal_or_none

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self.asdecimal:
            return to_decimal_processor(self._effective_decimal_return_scale)
        return None


def _bind_bool(value: Any) -> Any:
    if value is None:
        return None
    if value is True:
        return 1
    if value is False:
        return 0
    if value in (0, 1) and isinstance(value, (int, float, _Decimal)):
        return int(value)
    if isinstance(value, int):
        raise ValueError(f"Value {value!r} is not None, True, or False")
    raise TypeError(f"Not a boolean value: {value!r}")


class _SQLiteBoolean(sqltypes.Boolean):
    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        return _bind_bool

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        return int_to_bool


class SQLiteTypeCompiler(GenericTypeCompiler):
    """Type names for SQLite (its type affinity rules accept them all)."""

    def visit_large_binary(self, type_: Any, **kw: Any) -> str:
        return "BLOB"


colspecs: dict[type, type] = {
    sqltypes.DateTime: DATETIME,
    sqltypes.Date: DATE,
    sqltypes.Time: TIME,
    sqltypes.JSON: JSON,
    sqltypes.Numeric: _SQLiteNumeric,
    sqltypes.Float: _SQLiteFloat,
    sqltypes.Boolean: _SQLiteBoolean,
    **TEXT_PATH_COLSPECS,
}

# Reflected declared type name (upper-cased, without arguments) -> type class.
ischema_names: dict[str, type] = {
    "BIGINT": sqltypes.BIGINT,
    "BLOB": sqltypes.BLOB,
    "BOOL": sqltypes.BOOLEAN,
    "BOOLEAN": sqltypes.BOOLEAN,
    "CHAR": sqltypes.CHAR,
    "DATE": sqltypes.DATE,
    "DATE_CHAR": sqltypes.DATE,
    "DATETIME": sqltypes.DATETIME,
    "DATETIME_CHAR": sqltypes.DATETIME,
    "DOUBLE": sqltypes.DOUBLE,
    "DOUBLE PRECISION": sqltypes.DOUBLE_PRECISION,
    "DECIMAL": sqltypes.DECIMAL,
    "FLOAT": sqltypes.FLOAT,
    "INT": sqltypes.INTEGER,
    "INTEGER": sqltypes.INTEGER,
    "JSON": JSON,
    "NUMERIC": sqltypes.NUMERIC,
    "REAL": sqltypes.REAL,
    "SMALLINT": sqltypes.SMALLINT,
    "TEXT": sqltypes.TEXT,
    "TIME": sqltypes.TIME,
    "TIME_CHAR": sqltypes.TIME,
    "TIMESTAMP": sqltypes.TIMESTAMP,
    "VARCHAR": sqltypes.VARCHAR,
    "NVARCHAR": sqltypes.NVARCHAR,
    "NCHAR": sqltypes.NCHAR,
    "CLOB": sqltypes.CLOB,
    "UUID": sqltypes.UUID,
    "VARBINARY": sqltypes.VARBINARY,
    "BINARY": sqltypes.BINARY,
}
