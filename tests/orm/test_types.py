"""The type system: Python types, DDL names per dialect, driver conversions, safe literals.

The dialects here are small stand-ins carrying exactly what the types read (``name``,
``paramstyle``, ``colspecs``, a type compiler), so these tests do not depend on the engine layer;
tests/orm/test_type_roundtrip.py runs the same types against the real databases.
"""
from __future__ import annotations

import datetime as dt
import decimal
import enum
import sqlite3
import uuid
from typing import Any

import pytest

from orm import exc
from orm import types as t
from orm.dialects.mysql import types as my_types
from orm.dialects.postgresql import types as pg_types
from orm.dialects.sqlite import types as sqlite_types
from orm.sql.type_compiler import GenericTypeCompiler

D = decimal.Decimal


class _Stub:
    def __init__(self) -> None:
        self.type_compiler = self.type_compiler_cls(self)  # type: ignore[attr-defined]


def _dialect(name: str) -> Any:
    spec = {
        "sqlite": (sqlite_types.SQLiteTypeCompiler, sqlite_types.colspecs, "qmark", "pysqlite"),
        "postgresql": (pg_types.PGTypeCompiler, pg_types.colspecs, "pyformat", "psycopg"),
        "mysql": (my_types.MySQLTypeCompiler, my_types.colspecs, "pyformat", "pymysql"),
        "default": (GenericTypeCompiler, {}, "named", ""),
    }[name]
    # one class per dialect: types cache their dialect impls per dialect class
    cls = type(f"Stub_{name}", (_Stub,), {
        "name": name, "type_compiler_cls": spec[0], "colspecs": spec[1], "paramstyle": spec[2],
        "driver": spec[3],
    })
    return cls()


SQLITE, PG, MYSQL, DEFAULT = (_dialect(n) for n in ("sqlite", "postgresql", "mysql", "default"))
DIALECTS = {"sqlite": SQLITE, "postgresql": PG, "mysql": MYSQL}


def ddl(type_: Any, dialect: Any) -> str:
    return dialect.type_compiler.process(type_)  # type: ignore[no-any-return]


def bind(type_: Any, dialect: Any, value: Any) -> Any:
    proc = type_.dialect_impl(dialect).bind_processor(dialect)
    return proc(value) if proc is not None else value


def result(type_: Any, dialect: Any, value: Any, coltype: Any = None) -> Any:
    proc = type_.dialect_impl(dialect).result_processor(dialect, coltype)
    return proc(value) if proc is not None else value


def literal(type_: Any, dialect: Any, value: Any) -> str:
    proc = type_.dialect_impl(dialect).literal_processor(dialect)
    assert proc is not None, f"{type_!r} has no literal processor on {dialect.name}"
    return proc(value)  # type: ignore[no-any-return]


class Color(enum.Enum):
    red = 1
    green = "g"
    crimson = 1  # an alias of red: not a separate value


# -- python_type ------------------------------------------------------------------------------------
@pytest.mark.parametrize("type_, expected", [
    (t.Integer(), int), (t.BigInteger(), int), (t.SmallInteger(), int), (t.String(5), str),
    (t.Text(), str), (t.Unicode(3), str), (t.UnicodeText(), str), (t.Boolean(), bool),
    (t.Float(), float), (t.Float(asdecimal=True), D), (t.Double(), float), (t.Numeric(), D),
    (t.Numeric(asdecimal=False), float), (t.Date(), dt.date), (t.DateTime(), dt.datetime),
    (t.Time(), dt.time), (t.Interval(), dt.timedelta), (t.JSON(), dict),
    (t.Enum("a", "b"), str), (t.Enum(Color), Color), (t.LargeBinary(), bytes),
    (t.PickleType(), object), (t.Uuid(), uuid.UUID), (t.Uuid(as_uuid=False), str),
    (t.ARRAY(t.Integer), list), (t.TupleType(t.Integer(), t.String()), tuple),
    (t.INTEGER(), int), (t.BIGINT(), int), (t.SMALLINT(), int), (t.VARCHAR(3), str),
    (t.CHAR(2), str), (t.NVARCHAR(3), str), (t.TEXT(), str), (t.CLOB(), str),
    (t.BOOLEAN(), bool), (t.FLOAT(), float), (t.REAL(), float), (t.DOUBLE(), float),
    (t.DOUBLE_PRECISION(), float), (t.NUMERIC(5, 2), D), (t.DECIMAL(5, 2), D),
    (t.DATE(), dt.date), (t.DATETIME(), dt.datetime), (t.TIMESTAMP(), dt.datetime),
    (t.TIME(), dt.time), (t.BLOB(), bytes), (t.BINARY(4), bytes), (t.VARBINARY(4), bytes),
    (t.UUID(), uuid.UUID), (pg_types.JSONB(), dict), (pg_types.INET(), str),
    (pg_types.INTERVAL(), dt.timedelta), (my_types.SET("a"), set), (my_types.YEAR(), int),
    (my_types.TINYINT(), int), (my_types.DOUBLE(), D),
])
def test_python_type(type_: Any, expected: type) -> None:
    assert type_.python_type is expected


def test_python_type_of_type_decorator_and_variant_comes_from_impl() -> None:
    class Money(t.TypeDecorator):
        impl = t.Numeric
        cache_ok = True

    assert Money(10, 2).python_type is D
    assert Money(10, 2).precision == 10  # impl attributes read through
    assert t.Integer().with_variant(t.BigInteger(), "postgresql").python_type is int


# -- DDL names ----------------------------------------------------------------------------------------
DDL_CASES = [
    # type, generic, sqlite, postgresql, mysql
    (t.Integer(), "INTEGER", "INTEGER", "INTEGER", "INTEGER"),
    (t.BigInteger(), "BIGINT", "BIGINT", "BIGINT", "BIGINT"),
    (t.SmallInteger(), "SMALLINT", "SMALLINT", "SMALLINT", "SMALLINT"),
    (t.String(), "VARCHAR", "VARCHAR", "VARCHAR", exc.CompileError),
    (t.String(50), "VARCHAR(50)", "VARCHAR(50)", "VARCHAR(50)", "VARCHAR(50)"),
    (t.String(50, collation="utf8_bin"), 'VARCHAR(50) COLLATE "utf8_bin"',
     'VARCHAR(50) COLLATE "utf8_bin"', 'VARCHAR(50) COLLATE "utf8_bin"',
     "VARCHAR(50) COLLATE utf8_bin"),
    (t.Text(), "TEXT", "TEXT", "TEXT", "TEXT"),
    (t.Text(100), "TEXT(100)", "TEXT(100)", "TEXT(100)", "TEXT(100)"),
    (t.Unicode(20), "VARCHAR(20)", "VARCHAR(20)", "VARCHAR(20)", "VARCHAR(20)"),
    (t.UnicodeText(), "TEXT", "TEXT", "TEXT", "TEXT"),
    (t.Boolean(), "BOOLEAN", "BOOLEAN", "BOOLEAN", "BOOL"),
    (t.Float(), "FLOAT", "FLOAT", "FLOAT", "FLOAT"),
    (t.Float(10), "FLOAT", "FLOAT", "FLOAT(10)", "FLOAT(10)"),
    (t.Double(), "DOUBLE", "DOUBLE", "DOUBLE PRECISION", "DOUBLE"),
    (t.Numeric(), "NUMERIC", "NUMERIC", "NUMERIC", "NUMERIC"),
    (t.Numeric(10), "NUMERIC(10)", "NUMERIC(10)", "NUMERIC(10)", "NUMERIC(10)"),
    (t.Numeric(10, 2), "NUMERIC(10, 2)", "NUMERIC(10, 2)", "NUMERIC(10, 2)", "NUMERIC(10, 2)"),
    (t.Date(), "DATE", "DATE", "DATE", "DATE"),
    (t.DateTime(), "DATETIME", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE", "DATETIME"),
    (t.DateTime(timezone=True), "DATETIME", "DATETIME", "TIMESTAMP WITH TIME ZONE", "DATETIME"),
    (t.Time(), "TIME", "TIME", "TIME WITHOUT TIME ZONE", "TIME"),
    (t.Time(timezone=True), "TIME", "TIME", "TIME WITH TIME ZONE", "TIME"),
    (t.Interval(), "DATETIME", "DATETIME", "INTERVAL", "DATETIME"),
    (t.JSON(), "JSON", "JSON", "JSON", "JSON"),
    (t.Enum("a", "bcd", name="e"), "VARCHAR(3)", "VARCHAR(3)", "e", "ENUM('a','bcd')"),
    (t.Enum(Color), "VARCHAR(5)", "VARCHAR(5)", "color", "ENUM('red','green')"),
    (t.Enum("a", "b", native_enum=False, length=10), "VARCHAR(10)", "VARCHAR(10)",
     "VARCHAR(10)", "VARCHAR(10)"),
    (t.Enum("a", "b"), "VARCHAR(1)", "VARCHAR(1)", exc.CompileError, "ENUM('a','b')"),
    (t.LargeBinary(), "BLOB", "BLOB", "BYTEA", "BLOB"),
    (t.LargeBinary(100), "BLOB", "BLOB", "BYTEA", "BLOB(100)"),
    (t.PickleType(), "BLOB", "BLOB", "BYTEA", "BLOB"),
    (t.Uuid(), "CHAR(32)", "CHAR(32)", "UUID", "CHAR(32)"),
    (t.Uuid(native_uuid=False), "CHAR(32)", "CHAR(32)", "CHAR(32)", "CHAR(32)"),
    (t.ARRAY(t.Integer), exc.CompileError, exc.CompileError, "INTEGER[]", exc.CompileError),
    (t.INTEGER(), "INTEGER", "INTEGER", "INTEGER", "INTEGER"),
    (t.BIGINT(), "BIGINT", "BIGINT", "BIGINT", "BIGINT"),
    (t.SMALLINT(), "SMALLINT", "SMALLINT", "SMALLINT", "SMALLINT"),
    (t.VARCHAR(10), "VARCHAR(10)", "VARCHAR(10)", "VARCHAR(10)", "VARCHAR(10)"),
    (t.CHAR(), "CHAR", "CHAR", "CHAR", "CHAR"),
    (t.CHAR(3), "CHAR(3)", "CHAR(3)", "CHAR(3)", "CHAR(3)"),
    (t.NVARCHAR(5), "NVARCHAR(5)", "NVARCHAR(5)", "NVARCHAR(5)", "NATIONAL VARCHAR(5)"),
    (t.NCHAR(4), "NCHAR(4)", "NCHAR(4)", "NCHAR(4)", "NATIONAL CHAR(4)"),
    (t.TEXT(), "TEXT", "TEXT", "TEXT", "TEXT"),
    (t.CLOB(), "CLOB", "CLOB", "CLOB", "CLOB"),
    (t.BOOLEAN(), "BOOLEAN", "BOOLEAN", "BOOLEAN", "BOOL"),
    (t.FLOAT(), "FLOAT", "FLOAT", "FLOAT", "FLOAT"),
    (t.REAL(), "REAL", "REAL", "REAL", "REAL"),
    (t.DOUBLE(), "DOUBLE", "DOUBLE", "DOUBLE PRECISION", "DOUBLE"),
    (t.DOUBLE_PRECISION(), "DOUBLE PRECISION", "DOUBLE PRECISION", "DOUBLE PRECISION",
     "DOUBLE PRECISION"),
    (t.NUMERIC(5, 2), "NUMERIC(5, 2)", "NUMERIC(5, 2)", "NUMERIC(5, 2)", "NUMERIC(5, 2)"),
    (t.DECIMAL(5, 2), "DECIMAL(5, 2)", "DECIMAL(5, 2)", "DECIMAL(5, 2)", "DECIMAL(5, 2)"),
    (t.DATE(), "DATE", "DATE", "DATE", "DATE"),
    (t.DATETIME(), "DATETIME", "DATETIME", "DATETIME", "DATETIME"),
    (t.TIMESTAMP(), "TIMESTAMP", "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"),
    (t.TIMESTAMP(timezone=True), "TIMESTAMP", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
     "TIMESTAMP"),
    (t.TIME(), "TIME", "TIME", "TIME WITHOUT TIME ZONE", "TIME"),
    (t.BLOB(), "BLOB", "BLOB", "BLOB", "BLOB"),
    (t.BINARY(16), "BINARY(16)", "BINARY(16)", "BINARY(16)", "BINARY(16)"),
    (t.VARBINARY(16), "VARBINARY(16)", "VARBINARY(16)", "VARBINARY(16)", "VARBINARY(16)"),
    (t.UUID(), "UUID", "UUID", "UUID", "UUID"),
    (t.NullType(), exc.CompileError, exc.CompileError, exc.CompileError, exc.CompileError),
]


@pytest.mark.parametrize("case", DDL_CASES, ids=lambda c: repr(c[0]))
def test_ddl_names(case: tuple[Any, ...]) -> None:
    type_, *expected = case
    for dialect, want in zip((DEFAULT, SQLITE, PG, MYSQL), expected):
        if isinstance(want, type):
            with pytest.raises(want):
                ddl(type_, dialect)
        else:
            assert ddl(type_, dialect) == want, dialect.name


def test_mysql_varchar_without_length_message() -> None:
    with pytest.raises(exc.CompileError, match="^VARCHAR requires a length on dialect mysql$"):
        ddl(t.String(), MYSQL)


def test_pg_enum_without_name_message() -> None:
    with pytest.raises(exc.CompileError, match="^PostgreSQL ENUM type requires a name.$"):
        ddl(t.Enum("a", "b"), PG)


@pytest.mark.parametrize("type_, expected", [
    (pg_types.ARRAY(t.Integer), "INTEGER[]"),
    (pg_types.ARRAY(t.String(5, collation="C"), dimensions=2), 'VARCHAR(5)[][] COLLATE "C"'),
    (pg_types.JSONB(), "JSONB"), (pg_types.JSON(), "JSON"), (pg_types.UUID(), "UUID"),
    (pg_types.INET(), "INET"), (pg_types.CIDR(), "CIDR"), (pg_types.MACADDR(), "MACADDR"),
    (pg_types.BYTEA(), "BYTEA"), (pg_types.TSVECTOR(), "TSVECTOR"), (pg_types.HSTORE(), "HSTORE"),
    (pg_types.INTERVAL(), "INTERVAL"),
    (pg_types.INTERVAL(fields="DAY TO SECOND", precision=3), "INTERVAL DAY TO SECOND (3)"),
    (pg_types.TIMESTAMP(timezone=True, precision=3), "TIMESTAMP(3) WITH TIME ZONE"),
    (pg_types.TIMESTAMP(), "TIMESTAMP WITHOUT TIME ZONE"),
    (pg_types.TIME(precision=2), "TIME(2) WITHOUT TIME ZONE"),
    (pg_types.ENUM("a", "b", name="My Enum"), '"My Enum"'),
    (pg_types.ENUM("a", name="e2", schema="s"), "s.e2"),
    (pg_types.DOUBLE_PRECISION(), "DOUBLE PRECISION"), (pg_types.REAL(), "REAL"),
    (pg_types.BIT(3), "BIT(3)"), (pg_types.BIT(3, varying=True), "BIT VARYING(3)"),
    (pg_types.MONEY(), "MONEY"), (pg_types.CITEXT(), "CITEXT"),
])
def test_postgresql_types_ddl(type_: Any, expected: str) -> None:
    assert ddl(type_, PG) == expected


@pytest.mark.parametrize("type_, expected", [
    (my_types.INTEGER(display_width=11, unsigned=True, zerofill=True),
     "INTEGER(11) UNSIGNED ZEROFILL"),
    (my_types.BIGINT(unsigned=True), "BIGINT UNSIGNED"), (my_types.TINYINT(1), "TINYINT(1)"),
    (my_types.MEDIUMINT(unsigned=True), "MEDIUMINT UNSIGNED"), (my_types.SMALLINT(), "SMALLINT"),
    (my_types.DATETIME(fsp=6), "DATETIME(6)"), (my_types.DATETIME(), "DATETIME"),
    (my_types.TIMESTAMP(fsp=3), "TIMESTAMP(3)"), (my_types.TIME(fsp=6), "TIME(6)"),
    (my_types.VARCHAR(10, charset="utf8mb4", collation="utf8mb4_bin"),
     "VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
    (my_types.CHAR(3, charset="latin1"), "CHAR(3) CHARACTER SET latin1"),
    (my_types.TEXT(collation="utf8mb4_bin"), "TEXT COLLATE utf8mb4_bin"),
    (my_types.LONGTEXT(), "LONGTEXT"), (my_types.MEDIUMTEXT(), "MEDIUMTEXT"),
    (my_types.TINYTEXT(), "TINYTEXT"), (my_types.LONGBLOB(), "LONGBLOB"),
    (my_types.MEDIUMBLOB(), "MEDIUMBLOB"), (my_types.JSON(), "JSON"),
    (my_types.ENUM("a", "it's"), "ENUM('a','it''s')"), (my_types.SET("a", "b"), "SET('a','b')"),
    (my_types.YEAR(), "YEAR"), (my_types.YEAR(4), "YEAR(4)"), (my_types.BIT(), "BIT"),
    (my_types.BIT(8), "BIT(8)"), (my_types.DOUBLE(), "DOUBLE"),
    (my_types.DOUBLE(10, 2), "DOUBLE(10, 2)"), (my_types.FLOAT(10, 2), "FLOAT(10, 2)"),
    (my_types.DECIMAL(10, 2, unsigned=True), "DECIMAL(10, 2) UNSIGNED"),
    (my_types.BOOLEAN(), "BOOL"), (my_types.NVARCHAR(4), "NATIONAL VARCHAR(4)"),
])
def test_mysql_types_ddl(type_: Any, expected: str) -> None:
    assert ddl(type_, MYSQL) == expected


def test_sqlite_types_ddl() -> None:
    assert [ddl(x, SQLITE) for x in (sqlite_types.DATETIME(), sqlite_types.DATE(),
                                     sqlite_types.TIME(), sqlite_types.JSON())] == [
        "DATETIME", "DATE", "TIME", "JSON"]


def test_type_decorator_and_user_defined_ddl() -> None:
    class Tags(t.TypeDecorator):
        impl = t.String
        cache_ok = True

        def load_dialect_impl(self, dialect: Any) -> Any:
            if dialect.name == "postgresql":
                return pg_types.ARRAY(t.String(20))
            return self.impl

    class Point(t.UserDefinedType):
        cache_ok = True

        def get_col_spec(self, **kw: Any) -> str:
            return "POINT"

    assert ddl(Tags(200), SQLITE) == "VARCHAR(200)"
    assert ddl(Tags(200), PG) == "VARCHAR(20)[]"
    assert ddl(Point(), MYSQL) == "POINT"


def test_variant_ddl_and_isinstance() -> None:
    v = t.String(50).with_variant(my_types.VARCHAR(50, charset="utf8mb4"), "mysql")
    assert isinstance(v, t.String) and isinstance(v, t.Variant)
    assert ddl(v, SQLITE) == "VARCHAR(50)"
    assert ddl(v, MYSQL) == "VARCHAR(50) CHARACTER SET utf8mb4"
    assert type(v.dialect_impl(MYSQL)) is my_types.VARCHAR
    with pytest.raises(exc.ArgumentError, match="'mysql' is already present"):
        v.with_variant(t.Text(), "mysql")
    j = t.JSON().with_variant(pg_types.JSONB(), "postgresql")
    assert ddl(j, PG) == "JSONB" and ddl(j, SQLITE) == "JSON"


# -- value conversion -------------------------------------------------------------------------------
NAIVE = dt.datetime(2024, 1, 2, 3, 4, 5, 6)


@pytest.mark.parametrize("type_, value, stored", [
    (t.DateTime(), NAIVE, "2024-01-02 03:04:05.000006"),
    (t.DateTime(), dt.datetime(2024, 1, 2), "2024-01-02 00:00:00.000000"),
    (t.DateTime(timezone=True), dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.timezone.utc),
     "2024-01-02 03:04:00.000000"),
    (t.Date(), dt.date(2024, 1, 2), "2024-01-02"),
    (t.Time(), dt.time(1, 2, 3, 4), "01:02:03.000004"),
    (t.Boolean(), True, 1), (t.Boolean(), False, 0),
    (t.Numeric(10, 2), D("1.10"), 1.1),
    (t.Numeric(20, 0), D("12345678901234567"), 12345678901234567),
    (t.JSON(), {"a": [1, None, "é"]}, '{"a": [1, null, "\\u00e9"]}'),
    (t.JSON(), None, "null"), (t.JSON(none_as_null=True), None, None),
    (t.JSON(none_as_null=True), t.JSON.NULL, "null"),
    (t.Uuid(), uuid.UUID(int=0xABC), "00000000000000000000000000000abc"),
    (t.Uuid(as_uuid=False), "00000000-0000-0000-0000-000000000abc",
     "00000000000000000000000000000abc"),
    (t.Interval(), dt.timedelta(days=1, seconds=2, microseconds=3), "1970-01-02 00:00:02.000003"),
    (t.Interval(), dt.timedelta(days=-2), "1969-12-30 00:00:00.000000"),
    (t.Enum(Color), Color.green, "green"), (t.Enum(Color), Color.crimson, "red"),
    (t.Enum(Color), "red", "red"), (t.Enum("a", "b"), "b", "b"),
])
def test_sqlite_bind(type_: Any, value: Any, stored: Any) -> None:
    got = bind(type_, SQLITE, value)
    assert got == stored and type(got) is type(stored)


@pytest.mark.parametrize("type_, raw, value", [
    (t.DateTime(), "2024-01-02 03:04:05.000006", NAIVE),
    (t.DateTime(), "2024-01-02 03:04:05", dt.datetime(2024, 1, 2, 3, 4, 5)),
    (t.Date(), "2024-01-02", dt.date(2024, 1, 2)),
    (t.Date(), "2024-01-02 00:00:00.000000", dt.date(2024, 1, 2)),
    (t.Time(), "01:02:03.000004", dt.time(1, 2, 3, 4)),
    (t.Boolean(), 1, True), (t.Boolean(), 0, False), (t.Boolean(), None, None),
    (t.Numeric(10, 2), 1.1, D("1.10")), (t.Numeric(10, 2), 5, D("5")),
    (t.Numeric(), 0.1, D("0.1")), (t.Numeric(asdecimal=False), 5, 5.0),
    (t.Float(), 1.5, 1.5), (t.Float(asdecimal=True), 1.5, D("1.5")),
    (t.JSON(), '{"a": [1, null]}', {"a": [1, None]}), (t.JSON(), "null", None),
    (t.JSON(), None, None),
    (t.Uuid(), "00000000000000000000000000000abc", uuid.UUID(int=0xABC)),
    (t.Uuid(as_uuid=False), "00000000000000000000000000000abc",
     "00000000-0000-0000-0000-000000000abc"),
    (t.Interval(), "1970-01-02 00:00:02.000003", dt.timedelta(days=1, seconds=2, microseconds=3)),
    (t.Enum(Color), "green", Color.green), (t.Enum("a", "b"), "a", "a"),
    (t.PickleType(), None, None),
])
def test_sqlite_result(type_: Any, raw: Any, value: Any) -> None:
    got = result(type_, SQLITE, raw)
    assert got == value and type(got) is type(value)


def test_sqlite_numeric_scale_is_kept_in_the_decimal() -> None:
    assert str(result(t.Numeric(10, 2), SQLITE, 1.1)) == "1.10"
    assert str(result(t.Numeric(10, 4), SQLITE, 2)) == "2.0000"  # as SQLAlchemy: the scale applies to whole numbers too


def test_sqlite_datetime_storage_format() -> None:
    fmt = sqlite_types.DATETIME(
        storage_format="%(year)04d/%(month)02d/%(day)02d %(hour)02d:%(minute)02d:%(second)02d",
        regexp=r"(\d+)/(\d+)/(\d+) (\d+):(\d+):(\d+)",
    )
    assert bind(fmt, SQLITE, dt.datetime(2024, 1, 2, 3, 4, 5)) == "2024/01/02 03:04:05"
    assert result(fmt, SQLITE, "2024/01/02 03:04:05") == dt.datetime(2024, 1, 2, 3, 4, 5)


def test_sqlite_rejects_wrong_python_types() -> None:
    with pytest.raises(TypeError, match="only accepts Python datetime and date objects"):
        bind(t.DateTime(), SQLITE, "2024-01-01")
    with pytest.raises(TypeError, match="^Not a boolean value: 'yes'$"):
        bind(t.Boolean(), SQLITE, "yes")
    with pytest.raises(ValueError, match="^Value 2 is not None, True, or False$"):
        bind(t.Boolean(), SQLITE, 2)


def test_postgresql_conversions() -> None:
    u = uuid.uuid4()
    assert t.Uuid().dialect_impl(PG).bind_processor(PG) is None
    assert result(t.Uuid(), PG, u) is u
    assert result(t.Uuid(as_uuid=False), PG, u) == str(u)
    assert t.Interval().dialect_impl(PG).bind_processor(PG) is None
    assert t.DateTime(timezone=True).dialect_impl(PG).result_processor(PG, 1184) is None
    assert bind(t.Boolean(), PG, 1) is True
    assert t.Boolean().dialect_impl(PG).result_processor(PG, 16) is None
    # NUMERIC columns come back as Decimal already; float columns typed Numeric are converted
    assert t.Numeric(10, 2).dialect_impl(PG).result_processor(PG, 1700) is None
    assert result(t.Numeric(10, 2), PG, 1.5, coltype=701) == D("1.50")
    assert result(t.Numeric(asdecimal=False), PG, D("1.5"), coltype=1700) == 1.5
    assert t.Float().dialect_impl(PG).result_processor(PG, 701) is None
    # JSON: bound as text; json/jsonb columns arrive parsed, text columns are parsed here
    assert bind(t.JSON(), PG, {"a": 1}) == '{"a": 1}'
    assert t.JSON().dialect_impl(PG).result_processor(PG, 3802) is None
    assert result(t.JSON(), PG, '{"a": 1}', coltype=25) == {"a": 1}
    assert bind(t.JSONPathType(), PG, ("a", 1)) == ["a", "1"]
    assert bind(t.ARRAY(t.Enum(Color)), PG, (Color.red, Color.green)) == ["red", "green"]
    assert result(t.ARRAY(t.Enum(Color)), PG, [["red"], ["green", None]]) == [
        [Color.red], [Color.green, None]]
    assert result(t.ARRAY(t.Integer, as_tuple=True), PG, [[1], [2]]) == ((1,), (2,))


def test_mysql_conversions() -> None:
    assert result(t.Time(), MYSQL, dt.timedelta(hours=13, minutes=4, seconds=5,
                                                 microseconds=6)) == dt.time(13, 4, 5, 6)
    assert result(t.Boolean(), MYSQL, 1) is True
    assert result(t.Boolean(), MYSQL, 0) is False
    assert result(t.JSON(), MYSQL, '{"k": [true]}') == {"k": [True]}
    assert bind(t.Uuid(), MYSQL, uuid.UUID(int=1)) == "00000000000000000000000000000001"
    assert bind(t.Interval(), MYSQL, dt.timedelta(seconds=3)) == dt.datetime(1970, 1, 1, 0, 0, 3)
    assert result(t.Interval(), MYSQL, dt.datetime(1970, 1, 2)) == dt.timedelta(days=1)
    assert t.Numeric(10, 2).dialect_impl(MYSQL).result_processor(MYSQL, 246) is None
    assert result(t.Numeric(10, 2), MYSQL, 2.5, coltype=5) == D("2.50")
    assert bind(t.JSONStrIndexType(), MYSQL, 'we"ird') == '$."we\\"ird"'
    assert bind(t.JSONIntIndexType(), MYSQL, 3) == "$[3]"
    assert bind(t.JSONPathType(), SQLITE, ("a", 1, "b")) == '$."a"[1]."b"'
    assert result(my_types.SET("a", "b"), MYSQL, "a,b") == {"a", "b"}


# -- Enum ---------------------------------------------------------------------------------------------
def test_enum_from_python_enum_stores_member_names() -> None:
    e = t.Enum(Color)
    assert e.enums == ["red", "green"]
    assert e.name == "color"
    assert e.length == 5
    assert e.enum_class is Color
    assert repr(e) == "Enum(Color)"


def test_enum_values_callable() -> None:
    e = t.Enum(Color, values_callable=lambda cls: [str(m.value) for m in cls])
    assert e.enums == ["1", "g"]
    assert bind(e, SQLITE, Color.green) == "g"
    assert result(e, SQLITE, "1") is Color.red


def test_enum_invalid_value_raises_lookup_error() -> None:
    e = t.Enum("a", "b", "c", "d", "e", "f", name="letters", validate_strings=True)
    with pytest.raises(LookupError) as info:
        bind(e, SQLITE, "x")
    assert str(info.value) == ("'x' is not among the defined enum values. Enum name: letters. "
                               "Possible values: a, b, c, ..., f")
    with pytest.raises(LookupError, match="'zz' is not among the defined enum values"):
        result(e, SQLITE, "zz")
    with pytest.raises(LookupError, match="'blue' is not among the defined enum values. "
                                          "Enum name: color. Possible values: red, green"):
        bind(t.Enum(Color, validate_strings=True), SQLITE, "blue")
    with pytest.raises(LookupError):
        bind(t.Enum(Color), SQLITE, 3)


def test_enum_unvalidated_strings_pass_through() -> None:
    # SQLAlchemy's default: strings are not checked on the way in (the database may check them)
    assert bind(t.Enum("a", "b"), SQLITE, "zzz") == "zzz"


def test_enum_length_must_fit() -> None:
    with pytest.raises(ValueError, match="length must be larger or equal"):
        t.Enum("abc", length=2)
    assert t.Enum("abc", length=10).length == 10


# -- TypeDecorator ------------------------------------------------------------------------------------
class UTCDateTime(t.TypeDecorator):
    impl = t.DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


def test_type_decorator_chains_around_dialect_processors() -> None:
    aware = dt.datetime(2024, 1, 2, 5, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    # the decorator converts to naive UTC, then SQLite's DATETIME impl makes the text
    assert bind(UTCDateTime(), SQLITE, aware) == "2024-01-02 03:00:00.000000"
    back = result(UTCDateTime(), SQLITE, "2024-01-02 03:00:00.000000")
    assert back == aware and back.tzinfo is dt.timezone.utc
    # on PostgreSQL the impl has no conversion; only the decorator runs
    assert bind(UTCDateTime(), PG, aware) == dt.datetime(2024, 1, 2, 3, 0)
    assert UTCDateTime().coerce_compared_value(None, aware).__class__ is UTCDateTime


def test_type_decorator_without_hooks_uses_impl_processors() -> None:
    class Plain(t.TypeDecorator):
        impl = t.Boolean
        cache_ok = True

    assert result(Plain(), SQLITE, 1) is True
    assert literal(Plain(), PG, True) == "true"


def test_type_decorator_literal_goes_through_bind_param_then_impl() -> None:
    class Upper(t.TypeDecorator):
        impl = t.String
        cache_ok = True

        def process_bind_param(self, value: Any, dialect: Any) -> Any:
            return value.upper()

    assert literal(Upper(), SQLITE, "it's") == "'IT''S'"


def test_type_decorator_requires_impl_and_cache_ok() -> None:
    class NoImpl(t.TypeDecorator):
        pass

    with pytest.raises(AssertionError, match="require a class-level variable 'impl'"):
        NoImpl()

    class Unsure(t.TypeDecorator):
        impl = t.String

    from orm.sql.base import _Uncacheable

    with pytest.warns(exc.SAWarning, match="cache_ok"), pytest.raises(_Uncacheable):
        Unsure()._static_cache_key()


def test_pickle_type_round_trip() -> None:
    stored = bind(t.PickleType(), SQLITE, {"x": [1, 2]})
    assert isinstance(stored, bytes)
    assert result(t.PickleType(), SQLITE, stored) == {"x": [1, 2]}


# -- JSON none_as_null --------------------------------------------------------------------------------
def test_json_none_handling() -> None:
    assert t.JSON().should_evaluate_none is True
    assert t.JSON(none_as_null=True).should_evaluate_none is False
    assert bind(t.JSON(), MYSQL, None) == "null"
    assert bind(t.JSON(none_as_null=True), MYSQL, None) is None
    assert bind(t.JSON(none_as_null=True), MYSQL, t.JSON.NULL) == "null"
    assert literal(t.JSON(none_as_null=True), SQLITE, None) == "NULL"
    assert literal(t.JSON(), SQLITE, None) == "'null'"
    assert repr(t.JSON.NULL) == "JSON.NULL"


# -- literals -----------------------------------------------------------------------------------------
HOSTILE = [
    "plain", "it's", "''", "\"double\"", "`back`", "a\\b", "\\'", "trailing\\", "50%", "%(x)s",
    "%s", "?", ":name", "$1", "'; DROP TABLE t; --", "/* c */", "line\nbreak\r\ttab",
    "\x01\x1a\x7f", "émoji 😀 \u200b", "x" * 100_000,
]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:20]))
def test_sqlite_string_literal_reads_back_exactly(value: str) -> None:
    sql = "SELECT " + literal(t.String(), SQLITE, value)
    conn = sqlite3.connect(":memory:")
    try:
        assert conn.execute(sql).fetchone()[0] == value
    finally:
        conn.close()


@pytest.mark.parametrize("value, sqlite, pg, mysql", [
    ("it's", "'it''s'", "'it''s'", "'it''s'"),
    ("a\\b", "'a\\b'", "E'a\\\\b'", "'a\\\\b'"),
    ("50%", "'50%'", "'50%%'", "'50%%'"),
    ("%(x)s", "'%(x)s'", "'%%(x)s'", "'%%(x)s'"),
    ("\\'", "'\\'''", "E'\\\\'''", "'\\\\'''"),
    ("'; DROP TABLE t; --", "'''; DROP TABLE t; --'", "'''; DROP TABLE t; --'",
     "'''; DROP TABLE t; --'"),
    ("?:name$1", "'?:name$1'", "'?:name$1'", "'?:name$1'"),
    ("a\x00b", exc.CompileError, exc.CompileError, "'a\\0b'"),
    (None, "NULL", "NULL", "NULL"),
])
def test_string_literal_per_dialect(value: Any, sqlite: Any, pg: Any, mysql: Any) -> None:
    for dialect, want in ((SQLITE, sqlite), (PG, pg), (MYSQL, mysql)):
        if isinstance(want, type):
            with pytest.raises(want, match="NUL character"):
                literal(t.String(), dialect, value)
        else:
            assert literal(t.String(), dialect, value) == want, dialect.name


@pytest.mark.parametrize("type_, value, sqlite, pg, mysql", [
    (t.Integer(), 5, "5", "5", "5"),
    (t.BigInteger(), 10 ** 20, "100000000000000000000", "100000000000000000000",
     "100000000000000000000"),
    (t.Numeric(10, 2), D("1.50"), "1.50", "1.50", "1.50"),
    (t.Numeric(), D("1E+3"), "1000", "1000", "1000"),
    (t.Numeric(), D("NaN"), exc.CompileError, "'NaN'::NUMERIC", exc.CompileError),
    (t.Float(), 1.5, "1.5", "1.5", "1.5"),
    (t.Float(), float("inf"), exc.CompileError, "'Infinity'::DOUBLE PRECISION",
     exc.CompileError),
    (t.Boolean(), True, "1", "true", "1"),
    (t.Boolean(), False, "0", "false", "0"),
    (t.Date(), dt.date(2024, 1, 2), "'2024-01-02'", "'2024-01-02'", "'2024-01-02'"),
    (t.DateTime(), NAIVE, "'2024-01-02 03:04:05.000006'", "'2024-01-02 03:04:05.000006'",
     "'2024-01-02 03:04:05.000006'"),
    (t.DateTime(timezone=True), dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc),
     "'2024-01-02 00:00:00.000000'", "'2024-01-02 00:00:00.000000+00:00'",
     "'2024-01-02 00:00:00.000000'"),
    (t.Time(), dt.time(1, 2, 3, 4), "'01:02:03.000004'", "'01:02:03.000004'",
     "'01:02:03.000004'"),
    (t.Interval(), dt.timedelta(days=1, seconds=5), "'1970-01-02 00:00:05.000000'",
     "INTERVAL '1 days 5.000000 seconds'", "'1970-01-02 00:00:05.000000'"),
    (t.LargeBinary(), b"\x00'a", "X'002761'", "E'\\\\x002761'::BYTEA", "X'002761'"),
    (t.JSON(), {"k'": "50%"}, "'{\"k''\": \"50%\"}'", "'{\"k''\": \"50%%\"}'",
     "'{\"k''\": \"50%%\"}'"),
    (t.Uuid(), uuid.UUID(int=5), "'00000000000000000000000000000005'",
     "'00000000-0000-0000-0000-000000000005'", "'00000000000000000000000000000005'"),
    (t.Enum(Color), Color.green, "'green'", "'green'", "'green'"),
    (t.Integer(), None, "NULL", "NULL", "NULL"),
    (t.Integer(), "1; DROP TABLE t", exc.CompileError, exc.CompileError, exc.CompileError),
    (t.LargeBinary(), "text", exc.CompileError, exc.CompileError, exc.CompileError),
])
def test_literals_per_dialect(type_: Any, value: Any, sqlite: Any, pg: Any, mysql: Any) -> None:
    for dialect, want in ((SQLITE, sqlite), (PG, pg), (MYSQL, mysql)):
        if isinstance(want, type):
            with pytest.raises(want):
                literal(type_, dialect, value)
        else:
            assert literal(type_, dialect, value) == want, dialect.name


def test_unrenderable_literal_message() -> None:
    with pytest.raises(exc.CompileError) as info:
        literal(t.LargeBinary(), SQLITE, object)
    assert str(info.value) == ("No literal value renderer is available for literal value "
                               "<class 'object'> with datatype LargeBinary()")


def test_pg_array_literal() -> None:
    assert literal(pg_types.ARRAY(t.String()), PG, ["a", "it's"]) == "ARRAY['a', 'it''s']"
    assert literal(pg_types.ARRAY(t.Integer()), PG, [[1, 2], [3, 4]]) == "ARRAY[[1, 2], [3, 4]]"


# -- value types and affinity -------------------------------------------------------------------------
def test_value_types_registered() -> None:
    from orm.sql.type_api import resolve_value_type

    expected = [
        (5, t.Integer), ("x", t.String), (1.5, t.Float), (D("1"), t.Numeric), (True, t.Boolean),
        (NAIVE, t.DateTime), (dt.date(2024, 1, 1), t.Date), (dt.time(1), t.Time),
        (dt.timedelta(1), t.Interval), (b"x", t.LargeBinary), (uuid.UUID(int=1), t.Uuid),
    ]
    for value, cls in expected:
        assert type(resolve_value_type(value)) is cls, value
    assert type(resolve_value_type(Color.red)) is t.Enum


def test_type_affinity() -> None:
    assert t.VARCHAR(3)._type_affinity is t.String
    assert t.Enum("a")._type_affinity is t.String
    assert t.BIGINT()._type_affinity is t.Integer
    assert t.Double()._type_affinity is t.Float
    assert t.NUMERIC()._type_affinity is t.Numeric
    assert t.TIMESTAMP()._type_affinity is t.DateTime
    assert pg_types.JSONB()._type_affinity is t.JSON
    assert UTCDateTime()._type_affinity is t.DateTime


def test_singletons() -> None:
    assert type(t.BOOLEANTYPE) is t.Boolean
    assert type(t.INTEGERTYPE) is t.Integer
    assert type(t.STRINGTYPE) is t.String
    assert type(t.NULLTYPE) is t.NullType


# -- comparators ---------------------------------------------------------------------------------------
def _col(name: str, type_: Any) -> Any:
    from orm import column

    return column(name, type_)


@pytest.mark.parametrize("left, op, right, result_type", [
    (t.Integer(), "add", t.Integer(), t.Integer),
    (t.Integer(), "truediv", t.Integer(), t.Numeric),  # rendered as a true division
    (t.Integer(), "floordiv", t.Integer(), t.Integer),
    (t.Integer(), "add", t.BigInteger(), t.BigInteger),
    (t.BigInteger(), "add", t.Integer(), t.BigInteger),
    (t.Integer(), "mul", t.Numeric(), t.Numeric),
    (t.Integer(), "add", t.Float(), t.Float),
    (t.Numeric(), "add", t.Integer(), t.Numeric),
    (t.Numeric(), "mul", t.Float(), t.Float),
    (t.Float(), "sub", t.Numeric(), t.Float),
    (t.Integer(), "add", t.Date(), t.Date),
    (t.Date(), "add", t.Integer(), t.Date),
    (t.Date(), "sub", t.Date(), t.Integer),
    (t.Date(), "add", t.Interval(), t.DateTime),
    (t.DateTime(), "add", t.Interval(), t.DateTime),
    (t.DateTime(), "sub", t.Interval(), t.DateTime),
    (t.DateTime(), "sub", t.DateTime(), t.Interval),
    (t.Interval(), "add", t.DateTime(), t.DateTime),
    (t.Time(), "sub", t.Time(), t.Interval),
    (t.Date(), "add", t.Time(), t.DateTime),
    (t.Interval(), "mul", t.Integer(), t.Interval),
    (t.Integer(), "mul", t.Interval(), t.Interval),
    (t.String(), "add", t.Integer(), t.String),
])
def test_arithmetic_result_types(left: Any, op: str, right: Any, result_type: type) -> None:
    import operator

    expr = getattr(operator, op)(_col("a", left), _col("b", right))
    assert type(expr.type) is result_type


def test_string_plus_string_is_concatenation() -> None:
    from orm.sql import operators

    s = _col("s", t.String(20))
    assert (s + "x").operator is operators.concat_op
    assert ("x" + s).operator is operators.concat_op
    assert (s + _col("e", t.Enum("a"))).operator is operators.concat_op
    assert (s + _col("i", t.Integer())).operator is operators.add
    assert type((s + "x").type) is t.String


def test_comparisons_are_boolean_and_bind_with_the_column_type() -> None:
    d = _col("d", t.DateTime())
    expr = d > NAIVE
    assert isinstance(expr.type, t.Boolean)
    assert expr.right.type is d.type  # so the DateTime bind processor runs on the value
    e = _col("e", t.Enum(Color))
    assert (e == Color.red).right.type is e.type
    assert (e == "red").right.type is e.type
    u = _col("u", UTCDateTime())
    assert (u == NAIVE).right.type is u.type


def test_json_getitem() -> None:
    from orm.sql import operators
    from orm.sql.elements import BinaryExpression, BindParameter

    j = _col("doc", t.JSON())
    by_key = j["k"]
    assert isinstance(by_key, BinaryExpression) and by_key.operator is operators.json_getitem_op
    assert isinstance(by_key.right, BindParameter) and by_key.right.value == "k"
    assert type(by_key.right.type) is t.JSONStrIndexType and isinstance(by_key.right.type, t.String)
    assert isinstance(by_key.type, t.JSON)
    by_index = j[3]
    assert type(by_index.right.type) is t.JSONIntIndexType and isinstance(by_index.right.type,
                                                                           t.Integer)
    path = j[("a", 1)]
    assert path.operator is operators.json_path_getitem_op and path.right.value == ("a", 1)
    assert type(path.right.type) is t.JSONPathType
    nested = j["a"]["b"]
    assert nested.operator is operators.json_getitem_op and isinstance(nested.type, t.JSON)


@pytest.mark.parametrize("method, type_", [
    ("as_string", t.String), ("as_integer", t.Integer), ("as_float", t.Float),
    ("as_boolean", t.Boolean), ("as_json", t.JSON),
])
def test_json_element_casts(method: str, type_: type) -> None:
    from orm.sql import operators

    elem = getattr(_col("doc", t.JSON())["k"], method)()
    assert type(elem.type) is type_
    assert elem.operator is operators.json_getitem_op
    assert elem.right.value == "k"


def test_json_cast_needs_an_index_expression() -> None:
    with pytest.raises(exc.InvalidRequestError, match=r"JSON.as_string\(\) only works"):
        _col("doc", t.JSON()).as_string()
    assert type(_col("doc", t.JSON())["k"].as_numeric(10, 2).type) is t.Numeric


def test_array_comparator() -> None:
    from orm.dialects import postgresql
    from orm.sql import operators

    a = _col("a", pg_types.ARRAY(t.Integer))
    assert type(a[1].type) is t.Integer and a[1].operator is operators.getitem
    assert a[1].right.value == 1
    assert _col("z", pg_types.ARRAY(t.Integer, zero_indexes=True))[0].right.value == 1
    assert isinstance(a[2:3].type, t.ARRAY)
    assert isinstance(_col("m", pg_types.ARRAY(t.Integer, dimensions=2))[1].type, t.ARRAY)
    for expr, op in ((a.contains([1]), operators.contains_op),
                     (a.contained_by([1]), operators.contained_by_op),
                     (a.overlap([1]), operators.overlap_op)):
        assert expr.operator is op and isinstance(expr.type, t.Boolean)
        assert expr.right.type is a.type  # the list binds as the array type
    d = postgresql.dialect()
    assert str(a.any(5).compile(dialect=d)) == "%(a_1)s = ANY (a)"
    assert str(a.all(5).compile(dialect=d)) == "%(a_1)s = ALL (a)"
    assert str(a.contains([1]).compile(dialect=d)) == "a @> %(a_1)s"
    assert str(a.overlap([1]).compile(dialect=d)) == "a && %(a_1)s"


def test_jsonb_comparator() -> None:
    from orm.sql import operators

    j = _col("doc", pg_types.JSONB())
    assert j.has_key("k").operator is operators.has_key_op
    assert j.contains({"a": 1}).operator is operators.contains_op
    assert j.contains({"a": 1}).right.type is j.type
    assert j.contained_by({"a": 1}).operator is operators.contained_by_op


def test_sqlite_json_number_documents_survive_numeric_affinity() -> None:
    # a column declared JSON has NUMERIC affinity in SQLite: the document '42' comes back as 42
    assert result(t.JSON(), SQLITE, 42) == 42
    assert result(t.JSON(), SQLITE, 1.5) == 1.5
    assert result(t.JSON(), SQLITE, "true") is True
