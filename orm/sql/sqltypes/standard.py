"""The UPPERCASE types: exactly the SQL-standard type of that name, on every dialect.

``VARCHAR(20)`` renders ``VARCHAR(20)`` everywhere, while the generic ``String(20)`` lets the dialect
choose.  Each one subclasses its generic type, so it converts values the same way.
"""
from __future__ import annotations

from .numeric import BigInteger, Boolean, Double, Float, Integer, Numeric, SmallInteger
from .string import LargeBinary, String, Text, _Binary
from .structured import Uuid
from .temporal import Date, DateTime, Time


class INTEGER(Integer):
    __visit_name__ = "INTEGER"


INT = INTEGER


class BIGINT(BigInteger):
    __visit_name__ = "BIGINT"


class SMALLINT(SmallInteger):
    __visit_name__ = "SMALLINT"


class VARCHAR(String):
    __visit_name__ = "VARCHAR"


class NVARCHAR(String):
    __visit_name__ = "NVARCHAR"


class CHAR(String):
    __visit_name__ = "CHAR"


class NCHAR(String):
    __visit_name__ = "NCHAR"


class TEXT(Text):
    __visit_name__ = "TEXT"


class CLOB(Text):
    __visit_name__ = "CLOB"


class BOOLEAN(Boolean):
    __visit_name__ = "BOOLEAN"


class FLOAT(Float):
    __visit_name__ = "FLOAT"


class REAL(Float):
    __visit_name__ = "REAL"


class DOUBLE(Double):
    __visit_name__ = "DOUBLE"


class DOUBLE_PRECISION(Double):
    __visit_name__ = "DOUBLE_PRECISION"


class NUMERIC(Numeric):
    __visit_name__ = "NUMERIC"


class DECIMAL(Numeric):
    __visit_name__ = "DECIMAL"


class DATE(Date):
    __visit_name__ = "DATE"


class DATETIME(DateTime):
    __visit_name__ = "DATETIME"


class TIMESTAMP(DateTime):
    """``TIMESTAMP`` (``TIMESTAMP WITH TIME ZONE`` on PostgreSQL with ``timezone=True``)."""

    __visit_name__ = "TIMESTAMP"

    def __init__(self, timezone: bool = False) -> None:
        super().__init__(timezone=timezone)


class TIME(Time):
    __visit_name__ = "TIME"


class BLOB(LargeBinary):
    __visit_name__ = "BLOB"


class BINARY(_Binary):
    __visit_name__ = "BINARY"


class VARBINARY(_Binary):
    __visit_name__ = "VARBINARY"


class UUID(Uuid):
    """``UUID`` rendered as such on every dialect (``Uuid`` falls back to CHAR(32))."""

    __visit_name__ = "UUID"

