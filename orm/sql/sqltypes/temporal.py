"""Dates and times: Date, DateTime, Time, Interval.

Storage where the database has no native type (the dialects' impls do the conversion):

* SQLite stores text in SQLAlchemy's format, so databases written by either library read back the
  same: DATETIME ``'YYYY-MM-DD HH:MM:SS.ffffff'`` (always six fractional digits, so equal values
  compare equal as text and order correctly), DATE ``'YYYY-MM-DD'``, TIME ``'HH:MM:SS.ffffff'``.
  A time zone is dropped (the wall time is kept), as SQLAlchemy does.
* Interval without a native INTERVAL (SQLite, MySQL) is stored as a DATETIME holding
  ``1970-01-01 + value``, SQLAlchemy's representation; on MySQL a plain DATETIME drops microseconds.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Optional

from .. import operators
from ..type_api import TypeEngine
from . import _literals
from ._repr import generic_repr
from .numeric import _Arith, _types


def _temporal_literal(type_: Any, dialect: Any, kinds: tuple[type, ...],
                      fmt: Callable[[Any], str]) -> Callable[[Any], str]:
    quote = _literals.string_literal(dialect)

    def process(value: Any) -> str:
        if value is None:
            return "NULL"
        if not isinstance(value, kinds):
            raise _literals.no_renderer(value, type_)
        return quote(fmt(value))

    return process


class Date(_Arith, TypeEngine[_dt.date]):
    """A calendar date: ``DATE``, values ``datetime.date``.

    Example::

        Column("born", Date)
    """

    __visit_name__ = "date"
    __repr__ = generic_repr

    @property
    def python_type(self) -> type:
        return _dt.date

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        def fmt(value: Any) -> str:
            if isinstance(value, _dt.datetime):
                value = value.date()
            return value.isoformat()

        return _temporal_literal(self, dialect, (_dt.date,), fmt)

    def _arith_type(self, op: Any, other: TypeEngine[Any]) -> Optional[TypeEngine[Any]]:
        t = _types()
        aff = other._type_affinity
        if op is operators.add:
            if aff is t.Interval or aff is t.Time:
                return t.DateTime()
            return None
        if op is operators.sub:
            if aff is Date:
                return t.Integer()
            if aff is t.Interval:
                return t.DateTime()
        return None


class DateTime(_Arith, TypeEngine[_dt.datetime]):
    """A date and time: ``DATETIME`` / ``TIMESTAMP``; ``timezone=True`` asks for a time zone aware
    column where there is one (PostgreSQL ``TIMESTAMP WITH TIME ZONE``).

    Example::

        Column("created_at", DateTime(timezone=True))
    """

    __visit_name__ = "datetime"
    __repr__ = generic_repr

    def __init__(self, timezone: bool = False) -> None:
        self.timezone = timezone

    @property
    def python_type(self) -> type:
        return _dt.datetime

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        keep_tz = _literals.dialect_name(dialect) == "postgresql"

        def fmt(value: Any) -> str:
            if not isinstance(value, _dt.datetime):
                value = _dt.datetime(value.year, value.month, value.day)
            if value.tzinfo is not None and not keep_tz:
                value = value.replace(tzinfo=None)
            return value.isoformat(" ", "microseconds")

        return _temporal_literal(self, dialect, (_dt.date,), fmt)

    def _arith_type(self, op: Any, other: TypeEngine[Any]) -> Optional[TypeEngine[Any]]:
        t = _types()
        if op is operators.sub and other._type_affinity is DateTime:
            return t.Interval()
        return None


class Time(_Arith, TypeEngine[_dt.time]):
    """A time of day: ``TIME``, values ``datetime.time``.

    Example::

        Column("opens_at", Time)
    """

    __visit_name__ = "time"
    __repr__ = generic_repr

    def __init__(self, timezone: bool = False) -> None:
        self.timezone = timezone

    @property
    def python_type(self) -> type:
        return _dt.time

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        keep_tz = _literals.dialect_name(dialect) == "postgresql"

        def fmt(value: Any) -> str:
            if value.tzinfo is not None and not keep_tz:
                value = value.replace(tzinfo=None)
            return value.isoformat("microseconds")

        return _temporal_literal(self, dialect, (_dt.time,), fmt)

    def _arith_type(self, op: Any, other: TypeEngine[Any]) -> Optional[TypeEngine[Any]]:
        t = _types()
        aff = other._type_affinity
        if op is operators.add and aff is Date:
            return t.DateTime()
        if op is operators.sub and aff is Time:
            return t.Interval()
        return None


EPOCH = _dt.datetime(1970, 1, 1)


class Interval(_Arith, TypeEngine[_dt.timedelta]):
    """A duration, values ``datetime.timedelta``: ``INTERVAL`` on PostgreSQL; elsewhere a DATETIME
    holding ``1970-01-01 + value`` (SQLAlchemy's storage).

    Example::

        Column("duration", Interval)
    """

    __visit_name__ = "interval"
    __repr__ = generic_repr
    epoch = EPOCH

    def __init__(self, native: bool = True, second_precision: Optional[int] = None,
                 day_precision: Optional[int] = None) -> None:
        self.native = native
        self.second_precision = second_precision
        self.day_precision = day_precision

    @property
    def python_type(self) -> type:
        return _dt.timedelta

    def _native_on(self, dialect: Any) -> bool:
        return self.native and bool(getattr(dialect, "supports_native_interval",
                                            _literals.dialect_name(dialect) == "postgresql"))

    def _storage(self, dialect: Any) -> TypeEngine[Any]:
        return DateTime().dialect_impl(dialect)

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        if self._native_on(dialect):
            return None
        inner = self._storage(dialect).bind_processor(dialect)
        epoch = self.epoch

        if inner is None:
            def process(value: Any) -> Any:
                return None if value is None else epoch + value
        else:
            def process(value: Any) -> Any:
                return None if value is None else inner(epoch + value)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self._native_on(dialect):
            return None
        inner = self._storage(dialect).result_processor(dialect, coltype)
        epoch = self.epoch

        if inner is None:
            def process(value: Any) -> Any:
                return None if value is None else value - epoch
        else:
            def process(value: Any) -> Any:
                if value is None:
                    return None
                return inner(value) - epoch

        return process

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        if self._native_on(dialect):
            def process(value: Any) -> str:
                if value is None:
                    return "NULL"
                if not isinstance(value, _dt.timedelta):
                    raise _literals.no_renderer(value, self)
                secs = value.seconds + value.microseconds / 1e6
                return f"INTERVAL '{value.days} days {secs:.6f} seconds'"

            return process
        as_datetime = DateTime().literal_processor(dialect)
        assert as_datetime is not None

        def process_epoch(value: Any) -> str:
            if value is None:
                return "NULL"
            if not isinstance(value, _dt.timedelta):
                raise _literals.no_renderer(value, self)
            return as_datetime(self.epoch + value)

        return process_epoch

    def _arith_type(self, op: Any, other: TypeEngine[Any]) -> Optional[TypeEngine[Any]]:
        t = _types()
        aff = other._type_affinity
        if op is operators.add:
            if aff is Date:
                return t.DateTime()
            if aff is DateTime or aff is Time:
                return other
        return None
