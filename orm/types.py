"""The type system users import: ``from orm.types import Integer, String, TypeDecorator``.

Generic (CamelCase) types let each dialect choose its DDL and conversions; UPPERCASE types render
exactly that SQL type.  Every type knows ``python_type``, which the static checker and the mypy
plugin read as well.

Example::

    from orm import Column, Integer, String, Table, MetaData
    users = Table("users", MetaData(), Column("id", Integer, primary_key=True),
                  Column("name", String(50)))

The classes live in ``orm.sql.sqltypes`` (split by concept); this module also registers the value ->
type map that gives bound literals their type (``literal(5)`` is Integer, ``literal("x")`` String).
"""
from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import uuid as _uuid

from .sql import type_api as _type_api
from .sql.sqltypes.decorator import PickleType, TypeDecorator, UserDefinedType, Variant
from .sql.sqltypes.numeric import (
    BigInteger,
    Boolean,
    Double,
    Float,
    Integer,
    Numeric,
    SmallInteger,
)
from .sql.sqltypes.standard import (
    BIGINT,
    BINARY,
    BLOB,
    BOOLEAN,
    CHAR,
    CLOB,
    DATE,
    DATETIME,
    DECIMAL,
    DOUBLE,
    DOUBLE_PRECISION,
    FLOAT,
    INT,
    INTEGER,
    NCHAR,
    NUMERIC,
    NVARCHAR,
    REAL,
    SMALLINT,
    TEXT,
    TIME,
    TIMESTAMP,
    UUID,
    VARBINARY,
    VARCHAR,
)
from .sql.sqltypes.string import Enum, LargeBinary, String, Text, Unicode, UnicodeText, _Binary
from .sql.sqltypes.structured import (
    ARRAY,
    JSON,
    JSONIntIndexType,
    JSONPathType,
    JSONStrIndexType,
    TupleType,
    Uuid,
)
from .sql.sqltypes.temporal import Date, DateTime, Interval, Time
from .sql.type_api import (
    NULLTYPE,
    Concatenable,
    ExternalType,
    Indexable,
    NullType,
    SchemaType,
    TypeEngine,
    adapt_type,
    to_instance,
)

__all__ = [
    "Concatenable", "Indexable", "SchemaType", "ExternalType", "adapt_type",
    "TypeEngine", "TypeDecorator", "UserDefinedType", "Variant", "NullType", "NULLTYPE",
    "Integer", "BigInteger", "SmallInteger", "String", "Text", "Unicode", "UnicodeText",
    "Boolean", "Float", "Double", "Numeric", "Date", "DateTime", "Time", "Interval", "JSON",
    "Enum", "LargeBinary", "PickleType", "Uuid", "ARRAY", "TupleType",
    "INTEGER", "INT", "BIGINT", "SMALLINT", "VARCHAR", "CHAR", "NCHAR", "NVARCHAR", "TEXT", "CLOB",
    "BOOLEAN", "FLOAT", "REAL", "DOUBLE", "DOUBLE_PRECISION", "NUMERIC", "DECIMAL", "DATE",
    "DATETIME", "TIMESTAMP", "TIME", "BLOB", "BINARY", "VARBINARY", "UUID",
    "BOOLEANTYPE", "INTEGERTYPE", "STRINGTYPE", "MatchType", "to_instance",
    "JSONIntIndexType", "JSONStrIndexType", "JSONPathType",
]


class MatchType(Boolean):
    """The type of ``col.match(...)``: a boolean."""

    __visit_name__ = "boolean"


BOOLEANTYPE = Boolean()
INTEGERTYPE = Integer()
STRINGTYPE = String()

# The generic roots: ``_type_affinity`` walks a type's MRO to the first of these, so VARCHAR and
# Enum belong with String, BIGINT with Integer, Double with Float.
_type_api._GENERIC_ROOTS.update({
    Integer, Numeric, Float, String, Boolean, Date, DateTime, Time, Interval, _Binary, JSON, ARRAY,
    Uuid, TupleType,
})

# Plain Python value -> the type its bound parameter gets.
_type_api._VALUE_TYPES.update({
    int: Integer(),
    str: String(),
    float: Float(),
    _decimal.Decimal: Numeric(),
    bool: BOOLEANTYPE,
    _dt.datetime: DateTime(),
    _dt.date: Date(),
    _dt.time: Time(),
    _dt.timedelta: Interval(),
    bytes: LargeBinary(),
    bytearray: LargeBinary(),
    _uuid.UUID: Uuid(),
})
