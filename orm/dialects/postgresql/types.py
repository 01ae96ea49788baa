"""PostgreSQL types: the type compiler, ``colspecs``, ``ischema_names`` and the PostgreSQL-only
types users import (``from orm.dialects.postgresql import JSONB, ARRAY, UUID, INET, ...``).

psycopg 3 converts most values natively (UUID, timedelta for INTERVAL, Decimal for NUMERIC, lists
for arrays, aware datetimes for TIMESTAMP WITH TIME ZONE), so most processors here are None.  JSON is
bound as ``json.dumps`` text: psycopg sends a ``str`` with no type, so the server reads it as
``json`` or ``jsonb`` from the context; JSON/JSONB result columns arrive parsed (checked through the
column's type OID, so a JSON document held in a text column is still parsed).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from orm import exc
from orm import types as sqltypes
from orm.sql import operators
from orm.sql.sqltypes.numeric import to_decimal_processor, to_float
from orm.sql.sqltypes.structured import _ARRAYComparator, _JSONComparator, _json_deserializer
from orm.sql.type_compiler import GenericTypeCompiler

from .ranges import RANGE_TYPES

__all__ = [
    "PGTypeCompiler", "colspecs", "ischema_names", "ARRAY", "JSON", "JSONB", "UUID", "INET", "CIDR",
    "MACADDR", "MACADDR8", "BYTEA", "TSVECTOR", "INTERVAL", "TIMESTAMP", "TIME", "ENUM",
    "DOUBLE_PRECISION", "REAL", "HSTORE", "BIT", "MONEY", "OID", "CITEXT", "TSQUERY", "REGCONFIG",
    "REGCLASS", "JSONPATH",
]

# type OIDs from cursor.description (psycopg's type_code)
_FLOAT_OIDS = frozenset({700, 701})
_DECIMAL_OIDS = frozenset({1700})
_INT_OIDS = frozenset({20, 21, 23, 26})
_JSON_OIDS = frozenset({114, 3802})


# -- the PostgreSQL-only types --------------------------------------------------------------------
class BYTEA(sqltypes.LargeBinary):
    __visit_name__ = "BYTEA"


class INET(sqltypes.TypeEngine[str]):
    __visit_name__ = "INET"

    @property
    def python_type(self) -> type:
        return str


class CIDR(INET):
    __visit_name__ = "CIDR"


class MACADDR(INET):
    __visit_name__ = "MACADDR"


class MACADDR8(INET):
    __visit_name__ = "MACADDR8"


class MONEY(sqltypes.TypeEngine[str]):
    __visit_name__ = "MONEY"

    @property
    def python_type(self) -> type:
        return str


class OID(sqltypes.TypeEngine[int]):
    __visit_name__ = "OID"

    @property
    def python_type(self) -> type:
        return int


class CITEXT(sqltypes.TEXT):
    __visit_name__ = "CITEXT"


class TSVECTOR(sqltypes.TypeEngine[str]):
    __visit_name__ = "TSVECTOR"

    @property
    def python_type(self) -> type:
        return str


class TSQUERY(TSVECTOR):
    """A text-search query (``to_tsquery('a & b')``); values as text."""

    __visit_name__ = "TSQUERY"


class REGCONFIG(TSVECTOR):
    """A text-search configuration name (``'english'::regconfig``); values as text."""

    __visit_name__ = "REGCONFIG"


class REGCLASS(TSVECTOR):
    """A relation name resolved to its OID (``'users'::regclass``); values as text."""

    __visit_name__ = "REGCLASS"


class JSONPATH(TSVECTOR):
    """A SQL/JSON path (``'$.a[*] ? (@ > 1)'``), for ``jsonb_path_query`` and friends; values as
    text (not the ``text[]`` path the ``#>`` operator takes)."""

    __visit_name__ = "JSONPATH"


class BIT(sqltypes.TypeEngine[str]):
    __visit_name__ = "BIT"

    def __init__(self, length: Optional[int] = None, varying: bool = False) -> None:
        self.length = length if length is not None or varying else 1
        self.varying = varying

    @property
    def python_type(self) -> type:
        return str


class HSTORE(sqltypes.TypeEngine[dict]):  # type: ignore[type-arg]
    """A flat ``dict[str, str | None]`` (the ``hstore`` extension)."""

    __visit_name__ = "HSTORE"
    hashable = False

    @property
    def python_type(self) -> type:
        return dict


class DOUBLE_PRECISION(sqltypes.DOUBLE_PRECISION):
    pass


class REAL(sqltypes.REAL):
    pass


class TIMESTAMP(sqltypes.TIMESTAMP):
    """``TIMESTAMP[(precision)] WITH[OUT] TIME ZONE``."""

    def __init__(self, timezone: bool = False, precision: Optional[int] = None) -> None:
        super().__init__(timezone=timezone)
        self.precision = precision


class TIME(sqltypes.TIME):
    """``TIME[(precision)] WITH[OUT] TIME ZONE``."""

    def __init__(self, timezone: bool = False, precision: Optional[int] = None) -> None:
        super().__init__(timezone=timezone)
        self.precision = precision


class INTERVAL(sqltypes.Interval):
    """The native ``INTERVAL [fields] [(precision)]``; values ``datetime.timedelta``."""

    __visit_name__ = "INTERVAL"

    def __init__(self, precision: Optional[int] = None, fields: Optional[str] = None) -> None:
        super().__init__(native=True, second_precision=precision)
        self.precision = precision
        self.fields = fields

    def _native_on(self, dialect: Any) -> bool:
        return True


class UUID(sqltypes.UUID):
    """The native ``UUID``."""


class ENUM(sqltypes.Enum):
    """A named PostgreSQL enum type; ``CREATE TYPE`` is emitted with the table unless
    ``create_type=False``.

    Example::

        ENUM("draft", "published", name="post_status")
    """

    __visit_name__ = "ENUM"

    def __init__(self, *enums: Any, create_type: bool = True, **kw: Any) -> None:
        super().__init__(*enums, **kw)
        self.create_type = create_type


class _PGJSONComparator(_JSONComparator):
    """The JSON comparator plus ``.astext``."""

    __slots__ = ()

    @property
    def astext(self) -> Any:
        """An index expression's element as text: ``doc["k"].astext`` -> ``doc ->> 'k'``
        (``#>>`` for a tuple path).

        Example: ``select(t).where(t.c.doc["name"].astext == "ed")``.
        """
        from orm.sql.elements import BinaryExpression

        expr = self.expr
        if not isinstance(expr, BinaryExpression) or expr.operator not in (
            operators.json_getitem_op, operators.json_path_getitem_op
        ):
            # only an index expression has a text form; a whole JSON column has no .astext
            raise AttributeError(
                f"Neither {type(expr).__name__!r} object nor 'Comparator' object has an attribute 'astext'"
            )
        return self._as(sqltypes.Text(), "astext")


class JSON(sqltypes.JSON):
    """PostgreSQL ``JSON``: the standard JSON type plus ``doc["k"].astext`` (``doc ->> 'k'``)."""

    comparator_factory = _PGJSONComparator

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if coltype in _JSON_OIDS and getattr(dialect, "driver", "psycopg") == "psycopg":
            return None  # psycopg parsed it
        loads = _json_deserializer(dialect)

        def process(value: Any) -> Any:
            if value is None or not isinstance(value, (str, bytes)):
                return value
            return loads(value)

        return process


class _JSONBComparator(_PGJSONComparator):
    __slots__ = ()

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        if op is operators.like_op and kwargs.get("_pattern") == "contains":
            return self.contains(other[0])
        return super().operate(op, *other, **kwargs)

    def _boolean(self, op: Any, other: Any, type_: Any) -> Any:
        from orm.sql.base import ClauseElement
        from orm.sql.elements import BinaryExpression, BindParameter

        if not isinstance(other, ClauseElement):
            other = BindParameter(self.expr.key, other, type_=type_, unique=True)
        return BinaryExpression(self.expr, other, op, type_=sqltypes.Boolean())

    def has_key(self, other: Any) -> Any:
        """``doc ? key``."""
        return self._boolean(operators.has_key_op, other, sqltypes.String())

    def has_all(self, other: Any) -> Any:
        """``doc ?& keys``."""
        return self._boolean(operators.custom_op("?&", 6, True), other, ARRAY(sqltypes.Text()))

    def has_any(self, other: Any) -> Any:
        """``doc ?| keys``."""
        return self._boolean(operators.custom_op("?|", 6, True), other, ARRAY(sqltypes.Text()))

    def contains(self, other: Any, **kwargs: Any) -> Any:
        """``doc @> other``."""
        return self._boolean(operators.contains_op, other, self.type)

    def contained_by(self, other: Any) -> Any:
        """``doc <@ other``."""
        return self._boolean(operators.contained_by_op, other, self.type)


class JSONB(JSON):
    """PostgreSQL ``JSONB``: JSON plus ``has_key``, ``has_all``, ``has_any``, ``contains``,
    ``contained_by``.

    Example::

        select(t).where(t.c.doc.has_key("tags"))
    """

    __visit_name__ = "JSONB"
    comparator_factory = _JSONBComparator


class ARRAY(sqltypes.ARRAY):
    """PostgreSQL array: ``ARRAY(Integer)`` renders ``INTEGER[]``.

    Example::

        Column("scores", ARRAY(Integer, dimensions=2))
    """

    comparator_factory = _ARRAYComparator


# -- impls used through colspecs -------------------------------------------------------------------
def _strict_bool(value: Any) -> Any:
    if value is None or value is True or value is False:
        return value
    if value in (0, 1) and isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, int):
        raise ValueError(f"Value {value!r} is not None, True, or False")
    raise TypeError(f"Not a boolean value: {value!r}")


class _PGBoolean(sqltypes.Boolean):
    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        return _strict_bool

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        return None


class _PGNumeric(sqltypes.Numeric):
    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self.asdecimal:
            if coltype in _DECIMAL_OIDS or coltype in _INT_OIDS:
                return None
            return to_decimal_processor(self._effective_decimal_return_scale)
        if coltype in _FLOAT_OIDS or coltype in _INT_OIDS:
            return None
        return to_float


class _PGFloat(sqltypes.Float):
    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if self.asdecimal:
            if coltype in _DECIMAL_OIDS:
                return None
            return to_decimal_processor(self._effective_decimal_return_scale)
        if coltype in _FLOAT_OIDS or coltype in _INT_OIDS:
            return None
        return to_float


def _uuid_to_str(value: Any) -> Any:
    return None if value is None else str(value)


class _PGUuid(sqltypes.Uuid):
    def _native_on(self, dialect: Any) -> bool:
        return bool(self.native_uuid)

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        if not self.native_uuid:
            return super().bind_processor(dialect)
        return None

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if not self.native_uuid:
            return super().result_processor(dialect, coltype)
        return None if self.as_uuid else _uuid_to_str


class _PGEnum(ENUM):
    __visit_name__ = "enum"


class _PGInterval(INTERVAL):
    __visit_name__ = "interval"


def _path_to_list(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return [str(value)]
    return [str(v) for v in value]


class _PGJSONPath(sqltypes.JSONPathType):
    """``#>`` takes a ``text[]`` path."""

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        return _path_to_list

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        from orm.sql.sqltypes import _literals

        quote = _literals.string_literal(dialect)

        def process(value: Any) -> str:
            items = _path_to_list(value)
            return "ARRAY[" + ", ".join(quote(v) for v in items) + "]::TEXT[]"

        return process


# -- DDL names ------------------------------------------------------------------------------------
class PGTypeCompiler(GenericTypeCompiler):
    def _precision(self, type_: Any) -> str:
        p = getattr(type_, "precision", None)
        return f"({p})" if p is not None else ""

    def visit_FLOAT(self, type_: Any, **kw: Any) -> str:
        return f"FLOAT({type_.precision})" if type_.precision else "FLOAT"

    def visit_double(self, type_: Any, **kw: Any) -> str:
        return "DOUBLE PRECISION"

    def visit_DOUBLE(self, type_: Any, **kw: Any) -> str:
        # PostgreSQL has no DOUBLE; the SQL-standard spelling it knows is DOUBLE PRECISION
        return "DOUBLE PRECISION"

    def visit_datetime(self, type_: Any, **kw: Any) -> str:
        return self.visit_TIMESTAMP(type_, **kw)

    def visit_TIMESTAMP(self, type_: Any, **kw: Any) -> str:
        zone = "WITH" if getattr(type_, "timezone", False) else "WITHOUT"
        return f"TIMESTAMP{self._precision(type_)} {zone} TIME ZONE"

    def visit_time(self, type_: Any, **kw: Any) -> str:
        return self.visit_TIME(type_, **kw)

    def visit_TIME(self, type_: Any, **kw: Any) -> str:
        zone = "WITH" if getattr(type_, "timezone", False) else "WITHOUT"
        return f"TIME{self._precision(type_)} {zone} TIME ZONE"

    def visit_interval(self, type_: Any, **kw: Any) -> str:
        if not type_.native:
            return self.visit_DATETIME(type_, **kw)
        return self.visit_INTERVAL(type_, **kw)

    def visit_INTERVAL(self, type_: Any, **kw: Any) -> str:
        text = "INTERVAL"
        fields = getattr(type_, "fields", None)
        if fields:
            text += " " + fields
        precision = getattr(type_, "precision", None)
        if precision is None:
            precision = getattr(type_, "second_precision", None)
        if precision is not None:
            text += f" ({precision})"
        return text

    def visit_large_binary(self, type_: Any, **kw: Any) -> str:
        return "BYTEA"

    def visit_BYTEA(self, type_: Any, **kw: Any) -> str:
        return "BYTEA"

    def visit_uuid(self, type_: Any, **kw: Any) -> str:
        if type_.native_uuid:
            return "UUID"
        return "CHAR(32)"

    def visit_enum(self, type_: Any, **kw: Any) -> str:
        if not type_.native_enum:
            return self.visit_VARCHAR(type_, **kw)
        return self.visit_ENUM(type_, **kw)

    def visit_ENUM(self, type_: Any, **kw: Any) -> str:
        if not type_.name:
            raise exc.CompileError("PostgreSQL ENUM type requires a name.")
        name = self.quote_identifier(type_.name)
        if type_.schema:
            name = self.quote_identifier(type_.schema) + "." + name
        return name

    def visit_ARRAY(self, type_: Any, **kw: Any) -> str:
        inner = self.process(type_.item_type, **kw)
        brackets = "[]" * (type_.dimensions if type_.dimensions is not None else 1)
        # the brackets go before a COLLATE clause of the item type
        head, sep, collate = inner.partition(" COLLATE ")
        return head + brackets + (sep + collate if sep else "")

    def visit_JSONB(self, type_: Any, **kw: Any) -> str:
        return "JSONB"

    def visit_INET(self, type_: Any, **kw: Any) -> str:
        return "INET"

    def visit_CIDR(self, type_: Any, **kw: Any) -> str:
        return "CIDR"

    def visit_MACADDR(self, type_: Any, **kw: Any) -> str:
        return "MACADDR"

    def visit_MACADDR8(self, type_: Any, **kw: Any) -> str:
        return "MACADDR8"

    def visit_MONEY(self, type_: Any, **kw: Any) -> str:
        return "MONEY"

    def visit_OID(self, type_: Any, **kw: Any) -> str:
        return "OID"

    def visit_CITEXT(self, type_: Any, **kw: Any) -> str:
        return "CITEXT"

    def visit_TSVECTOR(self, type_: Any, **kw: Any) -> str:
        return "TSVECTOR"

    def visit_TSQUERY(self, type_: Any, **kw: Any) -> str:
        return "TSQUERY"

    def visit_REGCONFIG(self, type_: Any, **kw: Any) -> str:
        return "REGCONFIG"

    def visit_REGCLASS(self, type_: Any, **kw: Any) -> str:
        return "REGCLASS"

    def visit_JSONPATH(self, type_: Any, **kw: Any) -> str:
        return "JSONPATH"

    def visit_HSTORE(self, type_: Any, **kw: Any) -> str:
        return "HSTORE"

    def visit_BIT(self, type_: Any, **kw: Any) -> str:
        if type_.varying:
            return "BIT VARYING" + (f"({type_.length})" if type_.length else "")
        return f"BIT({type_.length})"


def _range_name(self: Any, type_: Any, **kw: Any) -> str:
    return str(type_.__visit_name__)


for _range in RANGE_TYPES:
    setattr(PGTypeCompiler, "visit_" + _range.__visit_name__, _range_name)


colspecs: dict[type, type] = {
    sqltypes.Boolean: _PGBoolean,
    sqltypes.Numeric: _PGNumeric,
    sqltypes.Float: _PGFloat,
    sqltypes.Uuid: _PGUuid,
    sqltypes.Interval: _PGInterval,
    sqltypes.JSON: JSON,
    sqltypes.JSONPathType: _PGJSONPath,
    sqltypes.Enum: _PGEnum,
    sqltypes.ARRAY: ARRAY,
}

# Reflected type name (as format_type()/information_schema spell it) -> type class.
ischema_names: dict[str, type] = {
    "_array": ARRAY,
    "hstore": HSTORE,
    "json": JSON,
    "jsonb": JSONB,
    "integer": sqltypes.INTEGER,
    "bigint": sqltypes.BIGINT,
    "smallint": sqltypes.SMALLINT,
    "character varying": sqltypes.VARCHAR,
    "character": sqltypes.CHAR,
    '"char"': sqltypes.String,
    "name": sqltypes.String,
    "text": sqltypes.TEXT,
    "numeric": sqltypes.NUMERIC,
    "float": sqltypes.FLOAT,
    "real": REAL,
    "inet": INET,
    "cidr": CIDR,
    "citext": CITEXT,
    "uuid": UUID,
    "bit": BIT,
    "bit varying": BIT,
    "macaddr": MACADDR,
    "macaddr8": MACADDR8,
    "money": MONEY,
    "oid": OID,
    "double precision": DOUBLE_PRECISION,
    "timestamp": TIMESTAMP,
    "timestamp with time zone": TIMESTAMP,
    "timestamp without time zone": TIMESTAMP,
    "time with time zone": TIME,
    "time without time zone": TIME,
    "time": TIME,
    "date": sqltypes.DATE,
    "bytea": BYTEA,
    "boolean": sqltypes.BOOLEAN,
    "interval": INTERVAL,
    "tsvector": TSVECTOR,
    "tsquery": TSQUERY,
    "regconfig": REGCONFIG,
    "regclass": REGCLASS,
    "jsonpath": JSONPATH,
    **{r.__visit_name__.lower(): r for r in RANGE_TYPES},
}
