"""MySQL/MariaDB types: the type compiler, ``colspecs``, ``ischema_names`` and the MySQL-only types
users import (``from orm.dialects.mysql import TINYINT, LONGTEXT, DATETIME, ENUM, SET, ...``).

Conversions with pymysql:

* BOOL is ``TINYINT(1)``: rows bring 0/1, converted to bool.
* TIME comes back from pymysql as ``timedelta``; converted to ``datetime.time``.
* JSON is ``json.dumps`` text both ways (MariaDB's JSON is LONGTEXT).
* Uuid is ``CHAR(32)`` hex; Interval a DATETIME after the 1970 epoch (SQLAlchemy's storage).
* DATETIME / TIME / TIMESTAMP without ``fsp`` drop fractional seconds, as the server does (and as
  SQLAlchemy renders them); ``DATETIME(fsp=6)`` keeps microseconds.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Optional

from orm import exc
from orm import types as sqltypes
from orm.dialects._jsonpath import TEXT_PATH_COLSPECS
from orm.sql.sqltypes import _literals
from orm.sql.sqltypes.numeric import int_to_bool, to_decimal_processor, to_float
from orm.sql.type_compiler import GenericTypeCompiler

__all__ = [
    "MySQLTypeCompiler", "colspecs", "ischema_names", "TINYINT", "SMALLINT", "MEDIUMINT",
    "INTEGER", "BIGINT", "DECIMAL", "NUMERIC", "FLOAT", "DOUBLE", "REAL", "BIT", "DATETIME",
    "TIMESTAMP", "TIME", "YEAR", "VARCHAR", "CHAR", "NVARCHAR", "NCHAR", "TEXT", "TINYTEXT",
    "MEDIUMTEXT", "LONGTEXT", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BLOB", "BINARY", "VARBINARY",
    "JSON", "ENUM", "SET", "BOOLEAN", "DATE", "INET4", "INET6",
]

DATE = sqltypes.DATE

# pymysql FIELD_TYPE codes from cursor.description
_DECIMAL_CODES = frozenset({0, 246})
_FLOAT_CODES = frozenset({4, 5})
_INT_CODES = frozenset({1, 2, 3, 8, 9, 13})


# -- numbers --------------------------------------------------------------------------------------
class _IntegerOpts:
    def __init__(self, display_width: Optional[int] = None, unsigned: bool = False,
                 zerofill: bool = False) -> None:
        self.display_width = display_width
        self.unsigned = unsigned
        self.zerofill = zerofill


class TINYINT(_IntegerOpts, sqltypes.Integer):
    __visit_name__ = "TINYINT"
    _rank = 0


class SMALLINT(_IntegerOpts, sqltypes.SMALLINT):
    pass


class MEDIUMINT(_IntegerOpts, sqltypes.Integer):
    __visit_name__ = "MEDIUMINT"


class INTEGER(_IntegerOpts, sqltypes.INTEGER):
    pass


class BIGINT(_IntegerOpts, sqltypes.BIGINT):
    pass


class _NumericOpts:
    def __init__(self, precision: Optional[int] = None, scale: Optional[int] = None,
                 asdecimal: bool = True, unsigned: bool = False, zerofill: bool = False,
                 decimal_return_scale: Optional[int] = None) -> None:
        self.precision = precision
        self.scale = scale
        self.asdecimal = asdecimal
        self.unsigned = unsigned
        self.zerofill = zerofill
        self.decimal_return_scale = decimal_return_scale


class DECIMAL(_NumericOpts, sqltypes.DECIMAL):
    pass


class NUMERIC(_NumericOpts, sqltypes.NUMERIC):
    pass


class FLOAT(_NumericOpts, sqltypes.FLOAT):
    def __init__(self, precision: Optional[int] = None, scale: Optional[int] = None,
                 asdecimal: bool = False, **kw: Any) -> None:
        super().__init__(precision, scale, asdecimal, **kw)


class DOUBLE(_NumericOpts, sqltypes.DOUBLE):
    """MySQL DOUBLE; like SQLAlchemy's, returns Decimal unless ``asdecimal=False``."""


class REAL(_NumericOpts, sqltypes.REAL):
    pass


class BIT(sqltypes.TypeEngine[int]):
    __visit_name__ = "BIT"

    def __init__(self, length: Optional[int] = None) -> None:
        self.length = length

    @property
    def python_type(self) -> type:
        return int

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        def process(value: Any) -> Any:
            if value is None or isinstance(value, int):
                return value
            return int.from_bytes(value, "big")

        return process


class YEAR(sqltypes.TypeEngine[int]):
    __visit_name__ = "YEAR"

    def __init__(self, display_width: Optional[int] = None) -> None:
        self.display_width = display_width

    @property
    def python_type(self) -> type:
        return int


class BOOLEAN(sqltypes.BOOLEAN):
    pass


# -- dates and times ------------------------------------------------------------------------------
class DATETIME(sqltypes.DATETIME):
    """``DATETIME[(fsp)]``: ``fsp=6`` keeps microseconds."""

    def __init__(self, timezone: bool = False, fsp: Optional[int] = None) -> None:
        super().__init__(timezone=timezone)
        self.fsp = fsp


class TIMESTAMP(sqltypes.TIMESTAMP):
    """``TIMESTAMP[(fsp)]``."""

    def __init__(self, timezone: bool = False, fsp: Optional[int] = None) -> None:
        super().__init__(timezone=timezone)
        self.fsp = fsp


def _timedelta_to_time(value: Any) -> Any:
    if value is None or value.__class__ is _dt.time:
        return value
    if isinstance(value, str):
        return _dt.time.fromisoformat(value)
    seconds = value.seconds
    return _dt.time(seconds // 3600, (seconds // 60) % 60, seconds % 60, value.microseconds)


class TIME(sqltypes.TIME):
    """``TIME[(fsp)]``; pymysql's ``timedelta`` results come back as ``datetime.time``."""

    def __init__(self, timezone: bool = False, fsp: Optional[int] = None) -> None:
        super().__init__(timezone=timezone)
        self.fsp = fsp

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        return _timedelta_to_time


# -- strings --------------------------------------------------------------------------------------
class _StringOpts:
    def __init__(self, length: Optional[int] = None, charset: Optional[str] = None,
                 collation: Optional[str] = None, national: bool = False, ascii: bool = False,
                 unicode: bool = False, binary: bool = False) -> None:
        self.length = length
        self.charset = charset
        self.collation = collation
        self.national = national
        self.ascii = ascii
        self.unicode = unicode
        self.binary = binary


class VARCHAR(_StringOpts, sqltypes.VARCHAR):
    pass


class CHAR(_StringOpts, sqltypes.CHAR):
    pass


class NVARCHAR(_StringOpts, sqltypes.NVARCHAR):
    def __init__(self, length: Optional[int] = None, **kw: Any) -> None:
        kw.setdefault("national", True)
        super().__init__(length, **kw)


class NCHAR(_StringOpts, sqltypes.NCHAR):
    def __init__(self, length: Optional[int] = None, **kw: Any) -> None:
        kw.setdefault("national", True)
        super().__init__(length, **kw)


class TEXT(_StringOpts, sqltypes.TEXT):
    pass


class TINYTEXT(_StringOpts, sqltypes.Text):
    __visit_name__ = "TINYTEXT"


class MEDIUMTEXT(_StringOpts, sqltypes.Text):
    __visit_name__ = "MEDIUMTEXT"


class LONGTEXT(_StringOpts, sqltypes.Text):
    __visit_name__ = "LONGTEXT"


class BLOB(sqltypes.BLOB):
    pass


class TINYBLOB(sqltypes.LargeBinary):
    __visit_name__ = "TINYBLOB"


class MEDIUMBLOB(sqltypes.LargeBinary):
    __visit_name__ = "MEDIUMBLOB"


class LONGBLOB(sqltypes.LargeBinary):
    __visit_name__ = "LONGBLOB"


class BINARY(sqltypes.BINARY):
    pass


class VARBINARY(sqltypes.VARBINARY):
    pass


class ENUM(sqltypes.Enum):
    """The inline ``ENUM('a','b')`` column type.

    Example::

        Column("size", ENUM("small", "large"))
    """

    __visit_name__ = "ENUM"

    def __init__(self, *enums: Any, charset: Optional[str] = None, **kw: Any) -> None:
        super().__init__(*enums, **kw)
        self.charset = charset


class SET(sqltypes.String):
    """``SET('a','b')``: a set of the given strings, values ``set[str]``.

    Example::

        Column("flags", SET("read", "write"))
    """

    __visit_name__ = "SET"

    def __init__(self, *values: str, charset: Optional[str] = None,
                 collation: Optional[str] = None, retrieve_as_bitwise: bool = False) -> None:
        self.values = tuple(values)
        self.charset = charset
        self.collation = collation
        self.retrieve_as_bitwise = retrieve_as_bitwise
        self.length = max((len(v) for v in values), default=0)

    @property
    def python_type(self) -> type:
        return set

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        def process(value: Any) -> Any:
            if value is None or isinstance(value, str):
                return value
            return ",".join(value)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        def process(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, set):
                return value
            return set(value.split(",")) if value else set()

        return process


class JSON(sqltypes.JSON):
    """MySQL ``JSON`` (``LONGTEXT`` with a check on MariaDB)."""


# -- impls used through colspecs -------------------------------------------------------------------
class _MySQLBoolean(sqltypes.Boolean):
    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        return int_to_bool


class _MySQLNumeric(sqltypes.Numeric):
    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self.asdecimal:
            if coltype in _DECIMAL_CODES or coltype in _INT_CODES:
                return None
            return to_decimal_processor(self._effective_decimal_return_scale)
        if coltype in _FLOAT_CODES or coltype in _INT_CODES:
            return None
        return to_float


class _MySQLFloat(sqltypes.Float):
    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self.asdecimal:
            if coltype in _DECIMAL_CODES:
                return None
            return to_decimal_processor(self._effective_decimal_return_scale)
        if coltype in _FLOAT_CODES or coltype in _INT_CODES:
            return None
        return to_float


class _MySQLTime(TIME):
    __visit_name__ = "time"


class _MySQLEnum(ENUM):
    __visit_name__ = "enum"


# -- DDL names ------------------------------------------------------------------------------------
class INET4(sqltypes.TypeEngine[str]):
    """MariaDB's ``INET4`` (10.10+): an IPv4 address, as text both ways (``"192.0.2.1"``).

    Example: ``Column("addr", INET4)``.  MySQL has no such type; its server refuses the DDL.
    """

    __visit_name__ = "INET4"

    @property
    def python_type(self) -> type:
        return str


class INET6(sqltypes.TypeEngine[str]):
    """MariaDB's ``INET6`` (10.5+): an IPv6 (or IPv4-mapped) address, as text both ways."""

    __visit_name__ = "INET6"

    @property
    def python_type(self) -> type:
        return str


class MySQLTypeCompiler(GenericTypeCompiler):
    def visit_INET4(self, type_: Any, **kw: Any) -> str:
        return "INET4"

    def visit_INET6(self, type_: Any, **kw: Any) -> str:
        return "INET6"

    def _collate(self, collation: str) -> str:
        return f"COLLATE {collation}"

    def _string_opts(self, type_: Any, text: str) -> str:
        charset = getattr(type_, "charset", None)
        collation = getattr(type_, "collation", None)
        if getattr(type_, "ascii", False):
            charset = "latin1"
        elif getattr(type_, "unicode", False):
            charset = "ucs2"
        if getattr(type_, "national", False):
            text = "NATIONAL " + text
        parts = [text]
        if charset:
            parts.append(f"CHARACTER SET {charset}")
        if getattr(type_, "binary", False):
            parts.append("BINARY")
        if collation:
            parts.append(f"COLLATE {collation}")
        return " ".join(parts)

    def _sized(self, name: str, length: Optional[int]) -> str:
        return f"{name}({length})" if length else name

    def _number_opts(self, type_: Any, text: str) -> str:
        if getattr(type_, "unsigned", False):
            text += " UNSIGNED"
        if getattr(type_, "zerofill", False):
            text += " ZEROFILL"
        return text

    # integers
    def _int(self, name: str, type_: Any) -> str:
        return self._number_opts(type_, self._sized(name, getattr(type_, "display_width", None)))

    def visit_INTEGER(self, type_: Any, **kw: Any) -> str:
        return self._int("INTEGER", type_)

    def visit_BIGINT(self, type_: Any, **kw: Any) -> str:
        return self._int("BIGINT", type_)

    def visit_SMALLINT(self, type_: Any, **kw: Any) -> str:
        return self._int("SMALLINT", type_)

    def visit_TINYINT(self, type_: Any, **kw: Any) -> str:
        return self._int("TINYINT", type_)

    def visit_MEDIUMINT(self, type_: Any, **kw: Any) -> str:
        return self._int("MEDIUMINT", type_)

    # fixed / floating point
    def _num(self, name: str, type_: Any, scale_needs_precision: bool = True) -> str:
        precision = getattr(type_, "precision", None)
        scale = getattr(type_, "scale", None)
        if precision is None:
            text = name
        elif scale is None:
            text = f"{name}({precision})"
        else:
            text = f"{name}({precision}, {scale})"
        return self._number_opts(type_, text)

    def visit_NUMERIC(self, type_: Any, **kw: Any) -> str:
        return self._num("NUMERIC", type_)

    def visit_DECIMAL(self, type_: Any, **kw: Any) -> str:
        return self._num("DECIMAL", type_)

    def visit_FLOAT(self, type_: Any, **kw: Any) -> str:
        return self._num("FLOAT", type_)

    def visit_DOUBLE(self, type_: Any, **kw: Any) -> str:
        return self._num("DOUBLE", type_)

    def visit_REAL(self, type_: Any, **kw: Any) -> str:
        return self._num("REAL", type_)

    def visit_BIT(self, type_: Any, **kw: Any) -> str:
        return self._sized("BIT", type_.length)

    def visit_YEAR(self, type_: Any, **kw: Any) -> str:
        return self._sized("YEAR", type_.display_width)

    def visit_boolean(self, type_: Any, **kw: Any) -> str:
        return "BOOL"

    def visit_BOOLEAN(self, type_: Any, **kw: Any) -> str:
        return "BOOL"

    # dates
    def visit_DATETIME(self, type_: Any, **kw: Any) -> str:
        return self._sized("DATETIME", getattr(type_, "fsp", None))

    def visit_TIMESTAMP(self, type_: Any, **kw: Any) -> str:
        return self._sized("TIMESTAMP", getattr(type_, "fsp", None))

    def visit_TIME(self, type_: Any, **kw: Any) -> str:
        return self._sized("TIME", getattr(type_, "fsp", None))

    # strings
    def visit_VARCHAR(self, type_: Any, **kw: Any) -> str:
        if not type_.length:
            raise exc.CompileError(f"VARCHAR requires a length on dialect {self.dialect.name}")
        return self._string_opts(type_, f"VARCHAR({type_.length})")

    def visit_NVARCHAR(self, type_: Any, **kw: Any) -> str:
        if not type_.length:
            raise exc.CompileError(f"NVARCHAR requires a length on dialect {self.dialect.name}")
        return self._national(type_, f"VARCHAR({type_.length})")

    def visit_CHAR(self, type_: Any, **kw: Any) -> str:
        return self._string_opts(type_, self._sized("CHAR", type_.length))

    def visit_NCHAR(self, type_: Any, **kw: Any) -> str:
        return self._national(type_, self._sized("CHAR", type_.length))

    def _national(self, type_: Any, text: str) -> str:
        # the generic NVARCHAR/NCHAR carry no ``national`` flag; the MySQL ones set it
        text = self._string_opts(type_, text)
        return text if text.startswith("NATIONAL ") else "NATIONAL " + text

    def visit_TEXT(self, type_: Any, **kw: Any) -> str:
        return self._string_opts(type_, self._sized("TEXT", type_.length))

    def visit_TINYTEXT(self, type_: Any, **kw: Any) -> str:
        return self._string_opts(type_, "TINYTEXT")

    def visit_MEDIUMTEXT(self, type_: Any, **kw: Any) -> str:
        return self._string_opts(type_, "MEDIUMTEXT")

    def visit_LONGTEXT(self, type_: Any, **kw: Any) -> str:
        return self._string_opts(type_, "LONGTEXT")

    def _value_list(self, values: Any) -> str:
        quote = _literals.string_literal(self.dialect)
        return ",".join(quote(v) for v in values)

    def visit_enum(self, type_: Any, **kw: Any) -> str:
        if not type_.native_enum:
            return super().visit_enum(type_, **kw)
        return self.visit_ENUM(type_, **kw)

    def visit_ENUM(self, type_: Any, **kw: Any) -> str:
        return self._string_opts(type_, f"ENUM({self._value_list(type_.enums)})")

    def visit_SET(self, type_: Any, **kw: Any) -> str:
        return self._string_opts(type_, f"SET({self._value_list(type_.values)})")

    # binary
    def visit_BLOB(self, type_: Any, **kw: Any) -> str:
        return self._sized("BLOB", type_.length)

    def visit_TINYBLOB(self, type_: Any, **kw: Any) -> str:
        return "TINYBLOB"

    def visit_MEDIUMBLOB(self, type_: Any, **kw: Any) -> str:
        return "MEDIUMBLOB"

    def visit_LONGBLOB(self, type_: Any, **kw: Any) -> str:
        return "LONGBLOB"


colspecs: dict[type, type] = {
    sqltypes.Boolean: _MySQLBoolean,
    sqltypes.Numeric: _MySQLNumeric,
    sqltypes.Float: _MySQLFloat,
    sqltypes.Time: _MySQLTime,
    sqltypes.JSON: JSON,
    **TEXT_PATH_COLSPECS,
    sqltypes.Enum: _MySQLEnum,
}

# Reflected DATA_TYPE (lower case) -> type class.
ischema_names: dict[str, type] = {
    "bigint": BIGINT,
    "binary": BINARY,
    "bit": BIT,
    "blob": BLOB,
    "boolean": BOOLEAN,
    "char": CHAR,
    "date": sqltypes.DATE,
    "inet4": INET4,
    "inet6": INET6,
    "datetime": DATETIME,
    "decimal": DECIMAL,
    "double": DOUBLE,
    "enum": ENUM,
    "fixed": DECIMAL,
    "float": FLOAT,
    "int": INTEGER,
    "integer": INTEGER,
    "json": JSON,
    "longblob": LONGBLOB,
    "longtext": LONGTEXT,
    "mediumblob": MEDIUMBLOB,
    "mediumint": MEDIUMINT,
    "mediumtext": MEDIUMTEXT,
    "nchar": NCHAR,
    "nvarchar": NVARCHAR,
    "numeric": NUMERIC,
    "set": SET,
    "smallint": SMALLINT,
    "text": TEXT,
    "time": TIME,
    "timestamp": TIMESTAMP,
    "tinyblob": TINYBLOB,
    "tinyint": TINYINT,
    "tinytext": TINYTEXT,
    "uuid": sqltypes.UUID,
    "varbinary": VARBINARY,
    "varchar": VARCHAR,
    "year": YEAR,
    "real": REAL,
}
