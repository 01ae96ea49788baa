"""Every type through a real table and back, on SQLite, PostgreSQL and MySQL/MariaDB.

Each test creates its own ``typ_<name>_<random>`` table with the public API (``MetaData``,
``Table``, ``create_all``, ``insert``, ``select``), so the tests run in parallel, and drops it after.
The literal tests send ``literal_binds`` renderings of hostile values to the real SQL parsers.
"""
from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from orm import Column, Integer, MetaData, Table, create_engine, insert, select
from orm import types as t
from orm.dialects.mysql import types as my_types
from orm.dialects.postgresql import types as pg_types

D = decimal.Decimal


class Color(enum.Enum):
    red = 1
    green = "g"


@pytest.fixture
def engine(db_url: str) -> Iterator[Any]:
    eng = create_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


def roundtrip(engine: Any, type_: Any, values: list[Any], name: str = "v") -> list[Any]:
    """Insert ``values`` into a fresh one-column table and read them back in order."""
    metadata = MetaData()
    table = Table(f"typ_{name}_{uuid.uuid4().hex[:10]}", metadata,
                  Column("id", Integer, primary_key=True, autoincrement=False),
                  Column("v", type_))
    metadata.create_all(engine, checkfirst=False)
    try:
        with engine.begin() as conn:
            conn.execute(insert(table), [{"id": i, "v": v} for i, v in enumerate(values)])
        with engine.connect() as conn:
            return list(conn.execute(select(table.c.v).order_by(table.c.id)).scalars())
    finally:
        metadata.drop_all(engine, checkfirst=False)


def check(engine: Any, type_: Any, values: list[Any], expected: Any = None, name: str = "v") -> None:
    got = roundtrip(engine, type_, values, name)
    want = values if expected is None else expected
    assert got == want
    for g, w in zip(got, want):
        assert type(g) is type(w), (g, w)


# -- scalars -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("type_", [
    t.Integer(), t.BigInteger(), t.SmallInteger(), t.String(20), t.Text(), t.Boolean(),
    t.Float(), t.Double(), t.Numeric(10, 2), t.Date(), t.DateTime(), t.DateTime(timezone=True),
    t.Time(), t.Interval(), t.JSON(none_as_null=True), t.Enum("a", "b", native_enum=False),
    t.LargeBinary(), t.PickleType(), t.Uuid(), t.Uuid(as_uuid=False),
], ids=repr)
def test_null(engine: Any, type_: Any) -> None:
    assert roundtrip(engine, type_, [None], "null") == [None]


def test_json_none_is_json_null_unless_none_as_null(engine: Any, backend: str) -> None:
    # None is stored as the JSON 'null' document; both read back as None
    assert roundtrip(engine, t.JSON(), [None, t.JSON.NULL, {"a": None}], "jnull") == [
        None, None, {"a": None}]


def test_integers(engine: Any) -> None:
    check(engine, t.BigInteger(), [2 ** 63 - 1, -(2 ** 63), 0], name="bigint")
    check(engine, t.Integer(), [2 ** 31 - 1, -(2 ** 31)], name="int")
    check(engine, t.SmallInteger(), [32767, -32768], name="smallint")


def test_strings_unicode_and_hostile(engine: Any) -> None:
    values = ["plain", "émoji 😀 ✓ 中文", "it's \"quoted\" `x`", "back\\slash \\' \\\\",
              "50% %(x)s %s ? :name $1", "'; DROP TABLE users; --", "/* c */ -- x",
              "line\nbreak\r\ttab \x01\x1f", ""]
    check(engine, t.String(100), values, name="str")
    check(engine, t.Unicode(100), values, name="uni")


def test_one_megabyte_text_and_blob(engine: Any) -> None:
    text = ("0123456789abcdéf😀" * 70_000)[:1_000_000]
    blob = bytes(range(256)) * 4096
    check(engine, t.Text().with_variant(my_types.LONGTEXT(), "mysql"), [text], name="bigtext")
    check(engine, t.LargeBinary().with_variant(my_types.LONGBLOB(), "mysql"), [blob, b""],
          name="bigblob")


def test_numeric_precision(engine: Any, backend: str) -> None:
    if backend == "sqlite":
        # SQLite keeps 15 significant digits (it stores REAL); the scale is restored on the way out
        check(engine, t.Numeric(10, 2), [D("12345678.91"), D("-0.10"), D("0.00")], name="num")
        assert [str(v) for v in roundtrip(engine, t.Numeric(10, 2), [D("1.1")], "num")] == ["1.10"]
        return
    values = [D("1234567890123456789012345678.0123456789"), D("-0.0000000001"), D("0E-10")]
    check(engine, t.Numeric(38, 10), values, name="num")
    got = roundtrip(engine, t.Numeric(38, 10), [D("1.5")], "num")
    assert str(got[0]) == "1.5000000000"


def test_floats(engine: Any) -> None:
    # values exact in single precision: MySQL's FLOAT is 4 bytes
    check(engine, t.Float(), [1.5, -0.25, 0.0], name="float")
    check(engine, t.Double(), [1e300, -2.5e-300, 0.1], name="double")
    check(engine, t.Float(asdecimal=True), [D("1.5")], name="floatdec")


def test_boolean(engine: Any) -> None:
    check(engine, t.Boolean(), [True, False, None], [True, False, None], name="bool")


# -- dates and times -----------------------------------------------------------------------------------
def test_naive_datetime_with_microseconds(engine: Any, backend: str) -> None:
    values = [dt.datetime(2024, 2, 29, 23, 59, 58, 123456), dt.datetime(1, 1, 1, 0, 0, 0, 1)
              if backend != "mysql" else dt.datetime(1000, 1, 1, 0, 0, 0, 1),
              dt.datetime(9999, 12, 31, 23, 59, 59, 999999)]
    exact = t.DateTime().with_variant(my_types.DATETIME(fsp=6), "mysql")
    check(engine, exact, values, name="dt6")
    if backend == "mysql":
        # a plain DATETIME has no fractional seconds on MySQL (as SQLAlchemy renders it)
        got = roundtrip(engine, t.DateTime(), [dt.datetime(2024, 1, 2, 3, 4, 5, 123)], "dt0")
        assert got == [dt.datetime(2024, 1, 2, 3, 4, 5)]


def test_date_and_time(engine: Any, backend: str) -> None:
    check(engine, t.Date(), [dt.date(2024, 2, 29), dt.date(1999, 12, 31)], name="date")
    time_type = t.Time().with_variant(my_types.TIME(fsp=6), "mysql")
    check(engine, time_type, [dt.time(0, 0), dt.time(13, 14, 15, 161718), dt.time(23, 59, 59)],
          name="time")


def test_timezone_aware_on_postgresql(engine: Any, backend: str) -> None:
    aware = dt.datetime(2024, 3, 31, 1, 30, 0, 250, tzinfo=dt.timezone(dt.timedelta(hours=5,
                                                                                    minutes=30)))
    got = roundtrip(engine, t.DateTime(timezone=True), [aware], "tz")
    if backend == "postgresql":
        assert got == [aware]  # the same instant
        assert got[0].utcoffset() is not None
    elif backend == "sqlite":
        # SQLite has no time zones: the wall time is stored, as SQLAlchemy does
        assert got == [aware.replace(tzinfo=None)]
    else:
        # MariaDB's DATETIME keeps the wall time (no time zone, no fractional seconds here);
        # the value goes to the server as is, as with SQLAlchemy
        assert got == [aware.replace(tzinfo=None, microsecond=0)]


def test_interval(engine: Any, backend: str) -> None:
    micro = 0 if backend == "mysql" else 4  # MySQL's epoch DATETIME has no fractional seconds
    values = [dt.timedelta(days=2, seconds=3, microseconds=micro), dt.timedelta(days=-1, seconds=5),
              dt.timedelta(0)]
    check(engine, t.Interval(), values, name="interval")


# -- structured ------------------------------------------------------------------------------------------
HOSTILE_DOC = {
    "it's": {"a\\b": [1, 2.5, None, True, False, "😀"], "%(x)s": {"": "?"}, "$1": []},
    "'; DROP TABLE t; --": "\"quoted\"", "line\nbreak": {"nested": {"deeper": [[], {}, [1, [2]]]}},
    "ctl\u0001": "tab\tnew\nline", "big": 2 ** 53, "neg": -1.25, "unicode": "中文 é ✓",
}


def test_json_documents(engine: Any) -> None:
    values = [HOSTILE_DOC, [1, "two", None], "just a string", 42, True, {}]
    assert roundtrip(engine, t.JSON(), values, "json") == values


def test_json_element_reads(engine: Any, backend: str) -> None:
    metadata = MetaData()
    table = Table(f"typ_jsel_{uuid.uuid4().hex[:10]}", metadata,
                  Column("id", Integer, primary_key=True, autoincrement=False),
                  Column("doc", t.JSON))
    metadata.create_all(engine, checkfirst=False)
    try:
        with engine.begin() as conn:
            conn.execute(insert(table), [{"id": 1, "doc": {"name": "it's", "n": 7,
                                                             "tags": ["x", "y"]}}])
            doc = table.c.doc
            row = conn.execute(select(doc["tags"], doc[("tags", 1)].as_string(),
                                      doc["n"].as_integer(), doc["name"].as_string())).one()
        assert tuple(row) == (["x", "y"], "y", 7, "it's")
    finally:
        metadata.drop_all(engine, checkfirst=False)


def test_uuid(engine: Any) -> None:
    u = uuid.UUID("5f0c0b1e-8d1a-4a7e-9f6a-0123456789ab")
    check(engine, t.Uuid(), [u, uuid.UUID(int=0)], name="uuid")
    check(engine, t.Uuid(as_uuid=False), [str(u)], name="uuidstr")


def test_enum(engine: Any, backend: str) -> None:
    suffix = uuid.uuid4().hex[:8]
    check(engine, t.Enum(Color, name=f"typ_color_{suffix}"), [Color.green, Color.red, None],
          name="enum")
    check(engine, t.Enum("small", "it's", name=f"typ_size_{suffix}"), ["it's", "small"],
          name="enumstr")
    check(engine, t.Enum(Color, native_enum=False), [Color.red], name="enumvc")


def test_pickle(engine: Any) -> None:
    value = {"when": dt.datetime(2024, 1, 1), "set": {1, 2}, "dec": D("1.5")}
    assert roundtrip(engine, t.PickleType(), [value], "pickle") == [value]


def test_type_decorator_round_trip(engine: Any) -> None:
    class UTCDateTime(t.TypeDecorator):
        impl = t.DateTime
        cache_ok = True

        def process_bind_param(self, value: Any, dialect: Any) -> Any:
            return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

        def process_result_value(self, value: Any, dialect: Any) -> Any:
            return value.replace(tzinfo=dt.timezone.utc)

    aware = dt.datetime(2024, 1, 2, 5, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert roundtrip(engine, UTCDateTime(), [aware], "utc") == [aware]


def test_postgresql_array(engine: Any, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("ARRAY is PostgreSQL-only")
    check(engine, pg_types.ARRAY(t.Integer), [[1, 2, 3], [], [None, 5]], name="arr")
    check(engine, pg_types.ARRAY(t.Text, dimensions=2), [[["a", "it's"], ["\\", "😀"]]],
          name="arr2")
    check(engine, pg_types.JSONB(), [HOSTILE_DOC], name="jsonb")


# -- literal_binds against the real parsers ------------------------------------------------------------
HOSTILE_LITERALS = [
    "plain", "it's", "''", "\"double\"", "`back`", "a\\b", "\\'", "trailing\\", "\\\\'; --",
    "50%", "%(x)s", "%s", "?", ":name", "$1", "'; DROP TABLE t; --", "/* c */",
    "line\nbreak\r\ttab", "\x01\x1a\x7f", "émoji 😀", "x" * 100_000,
]


def _select_literal(engine: Any, type_: Any, value: Any) -> Any:
    """``SELECT <literal>`` rendered by the type's literal processor, run on the raw driver."""
    dialect = engine.dialect
    rendered = type_.dialect_impl(dialect).literal_processor(dialect)(value)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        # a parameter container makes pyformat drivers undo the %% doubling, as compiled
        # statements are always executed
        cur.execute("SELECT " + rendered, {} if dialect.paramstyle in ("format", "pyformat") else ())
        return cur.fetchone()[0]
    finally:
        raw.close()


@pytest.mark.parametrize("value", HOSTILE_LITERALS, ids=lambda v: repr(v[:20]))
def test_string_literals_read_back_exactly(engine: Any, value: str) -> None:
    assert _select_literal(engine, t.String(), value) == value


def test_other_literals_read_back(engine: Any, backend: str) -> None:
    got = _select_literal(engine, t.Integer(), 2 ** 62)
    assert got == 2 ** 62
    got = _select_literal(engine, t.Numeric(20, 10), D("-12345.0000000001"))
    assert D(str(got)) == D("-12345.0000000001")
    got = _select_literal(engine, t.LargeBinary(), b"\x00'\\\xff")
    assert bytes(got) == b"\x00'\\\xff"
    got = _select_literal(engine, t.JSON(), HOSTILE_DOC)
    assert (got if not isinstance(got, str) else __import__("json").loads(got)) == HOSTILE_DOC
    assert _select_literal(engine, t.Boolean(), True) in (True, 1)
