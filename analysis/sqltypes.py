"""SQL type names and the Python types of their values: the tables the checker and the mypy
plugin share.

Pure data and small functions, importing nothing heavy (no libcst, no ``orm``), so the mypy plugin
can load it at start-up.  ``analysis.typesys`` (operand types and verdicts) and
``analysis.index.columns`` (reading column definitions) build on it; so does
``mypy_plugin/models/coltypes.py``, which reads the same facts off mypy's types.

Example::

    SQL_TO_PYTHON["BigInteger"]                                   # "int"
    python_type_from_arguments(["Numeric"], asdecimal=False)      # "float"
    display("datetime.date")                                      # "date"
"""
from __future__ import annotations

from typing import Iterable, Optional

# the checker's names of Python value types
INT, FLOAT, DECIMAL, BOOL, STR, BYTES = "int", "float", "decimal.Decimal", "bool", "str", "bytes"
DATE, DATETIME, TIME, TIMEDELTA, UUID = ("datetime.date", "datetime.datetime", "datetime.time",
                                         "datetime.timedelta", "uuid.UUID")
NONE, LIST, TUPLE, SET, DICT = "None", "list", "tuple", "set", "dict"
NUMBERS = frozenset({INT, FLOAT, DECIMAL})
TEMPORAL = frozenset({DATE, DATETIME, TIME, TIMEDELTA})
COLLECTIONS = frozenset({LIST, TUPLE, SET})

# SQL types whose comparisons mean something else (JSON paths, arrays, pickles): never judged
OPAQUE_SQL_TYPES = frozenset({"JSON", "JSONB", "ARRAY", "PickleType", "HSTORE", "Variant"})

# SQL type class name -> Python type of its values (None: it depends, or it is not known)
SQL_TO_PYTHON: dict[str, Optional[str]] = {}
for _names, _py in (
    ("Integer BigInteger SmallInteger INTEGER BIGINT SMALLINT INT TINYINT MEDIUMINT", "int"),
    ("String Text Unicode UnicodeText VARCHAR CHAR NVARCHAR NCHAR TEXT CLOB CITEXT TINYTEXT "
     "MEDIUMTEXT LONGTEXT", "str"),
    ("Float REAL DOUBLE Double DOUBLE_PRECISION FLOAT", "float"),
    ("Numeric DECIMAL NUMERIC", "decimal.Decimal"),
    ("Boolean BOOLEAN", "bool"),
    ("Date DATE", "datetime.date"),
    ("DateTime DATETIME TIMESTAMP", "datetime.datetime"),
    ("Time TIME", "datetime.time"),
    ("Interval INTERVAL", "datetime.timedelta"),
    ("LargeBinary BLOB BINARY VARBINARY BYTEA LONGBLOB MEDIUMBLOB", "bytes"),
    ("Uuid UUID", "uuid.UUID"),
    ("ARRAY", "list"),
):
    for _name in _names.split():
        SQL_TO_PYTHON[_name] = _py

# Python annotation -> SQL type, as declarative's default type_annotation_map has it
PYTHON_TO_SQL: dict[str, str] = {
    "int": "Integer", "float": "Float", "bool": "Boolean", "str": "String", "bytes": "LargeBinary",
    "datetime.datetime": "DateTime", "datetime.date": "Date", "datetime.time": "Time",
    "datetime.timedelta": "Interval", "decimal.Decimal": "Numeric", "uuid.UUID": "Uuid",
}
# SQL types whose literal arguments fix the Python type of their values, by class name (a
# subclass counts: its caller passes the names of the type's library classes along the MRO)
NUMERIC_SQL_TYPES = frozenset({"Numeric", "NUMERIC", "DECIMAL", "Float", "FLOAT", "REAL", "Double",
                               "DOUBLE", "DOUBLE_PRECISION"})   # asdecimal=
UUID_SQL_TYPES = frozenset({"Uuid", "UUID"})                      # as_uuid=
ENUM_SQL_TYPES = frozenset({"Enum"})                              # Enum("a", "b") / Enum(PyEnum)


def python_type_from_arguments(sql_types: Iterable[str], *, asdecimal: Optional[bool] = None,
                               as_uuid: Optional[bool] = None,
                               enum_of_strings: Optional[bool] = None) -> Optional[str]:
    """The Python type that a SQL type's literal arguments decide, or None when they decide
    nothing (then the type's own Python type holds).

    ``sql_types`` are the class names of the type (and of its library bases); ``asdecimal`` /
    ``as_uuid`` the literal values given (None: not given or not literal); ``enum_of_strings``
    whether an ``Enum``'s values are given as strings (True) rather than as a Python enum class
    (False: its members, which only the caller can name).

    Example: ``python_type_from_arguments(["Float", "Numeric"], asdecimal=True)`` ->
    ``"decimal.Decimal"``; ``python_type_from_arguments(["Uuid"], as_uuid=False)`` -> ``"str"``;
    ``python_type_from_arguments(["Enum"], enum_of_strings=True)`` -> ``"str"``.
    """
    names = set(sql_types)
    if names & NUMERIC_SQL_TYPES and asdecimal is not None:
        return DECIMAL if asdecimal else FLOAT
    if names & UUID_SQL_TYPES and as_uuid is not None:
        return UUID if as_uuid else STR
    if names & ENUM_SQL_TYPES and enum_of_strings:
        return STR
    return None


_DISPLAY = {DECIMAL: "Decimal", DATE: "date", DATETIME: "datetime", TIME: "time",
            TIMEDELTA: "timedelta", UUID: "UUID"}


def display(type_name: str) -> str:
    """The short name users write: ``"datetime.date"`` -> ``"date"``."""
    return _DISPLAY.get(type_name, type_name)


__all__ = ["BOOL", "BYTES", "COLLECTIONS", "DATE", "DATETIME", "DECIMAL", "DICT", "ENUM_SQL_TYPES",
           "FLOAT", "INT", "LIST", "NONE", "NUMBERS", "NUMERIC_SQL_TYPES", "OPAQUE_SQL_TYPES",
           "PYTHON_TO_SQL", "SET", "SQL_TO_PYTHON", "STR", "TEMPORAL", "TIME", "TIMEDELTA", "TUPLE",
           "UUID", "UUID_SQL_TYPES", "display", "python_type_from_arguments"]
