"""Python value types of query operands, and whether a column accepts them.

The model index gives each column the Python type of its values (``ColumnInfo.python_type``:
``"int"``, ``"str"``, ``"datetime.date"``, ...).  This module gives the other side its type -- a
literal, an annotation, a call whose result type is known (``date.today()``) -- and says whether
the two are compatible.  The verdict is deliberately three-valued: ``"incompatible"`` only for
pairs that no database compares meaningfully (an Integer column against ``"abc"``, a Date against
``20240101``, a Boolean against ``"yes"``), ``"ok"`` for pairs drivers accept (int with float or
Decimal, a DateTime with a ``date``, None with anything), ``"unknown"`` for everything else.
Rules report only ``"incompatible"``.

Example::

    reader = TypeReader(qualify=lambda dotted: {"date": "datetime.date"}.get(dotted, dotted))
    vt = reader.expression(cst.parse_expression("date(2024, 1, 1)"))
    vt.names                                        # frozenset({"datetime.date"})
    verdict("datetime.datetime", vt)                # "ok"
    verdict("int", reader.expression(cst.parse_expression('"abc"')))   # "incompatible"
    reader.annotation(cst.parse_expression("Optional[str]")).names     # {"str", "None"}
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Literal, Optional

import libcst as cst

from analysis.sqltypes import (BOOL, BYTES, COLLECTIONS, DATE, DATETIME, DECIMAL, DICT,
                               ENUM_SQL_TYPES, FLOAT, INT, LIST, NONE, NUMBERS, NUMERIC_SQL_TYPES,
                               OPAQUE_SQL_TYPES, SET, STR, TEMPORAL, TIME, TIMEDELTA, TUPLE, UUID,
                               UUID_SQL_TYPES, display, python_type_from_arguments)

Verdict = Literal["ok", "incompatible", "unknown"]


# column python type -> value types that can never be a meaningful operand for it, on any of the
# three databases.  Pairs a driver or database quietly converts (a str to a DateTime, an int 0/1
# to a Boolean on SQLite and MySQL) are absent on purpose: reporting them would report working code.
_NEVER: dict[str, frozenset[str]] = {
    INT: frozenset({STR, BYTES, DATE, DATETIME, TIME, TIMEDELTA, UUID}),
    FLOAT: frozenset({STR, BYTES, DATE, DATETIME, TIME, TIMEDELTA, UUID}),
    DECIMAL: frozenset({STR, BYTES, DATE, DATETIME, TIME, TIMEDELTA, UUID}),
    BOOL: frozenset({STR, BYTES, DATE, DATETIME, TIME, TIMEDELTA, UUID, FLOAT, DECIMAL}),
    STR: frozenset({INT, FLOAT, DECIMAL, BOOL}),
    DATE: frozenset({INT, FLOAT, DECIMAL, BOOL, BYTES, TIME, TIMEDELTA, UUID}),
    DATETIME: frozenset({INT, FLOAT, DECIMAL, BOOL, BYTES, TIME, TIMEDELTA, UUID}),
    TIME: frozenset({INT, FLOAT, DECIMAL, BOOL, BYTES, TIMEDELTA, UUID}),
    TIMEDELTA: frozenset({BOOL, BYTES, DATE, DATETIME, TIME, UUID}),
    UUID: frozenset({INT, FLOAT, DECIMAL, BOOL, DATE, DATETIME, TIME, TIMEDELTA}),
    BYTES: frozenset({INT, FLOAT, DECIMAL, BOOL, DATE, DATETIME, TIME, TIMEDELTA, UUID}),
}
# Pairs whose verdict depends on the database (rules/orm2_dialects.py says which a project runs
# on); verified with SQLAlchemy 2.0 on SQLite, PostgreSQL and MariaDB.
# On PostgreSQL only: a Boolean against a number (operator does not exist: boolean = integer);
# SQLite and MySQL store booleans as 0/1.
_NEVER_ON_POSTGRESQL: dict[tuple[str, Optional[str]], frozenset[str]] = {
    (INT, None): frozenset({BOOL}), (FLOAT, None): frozenset({BOOL}),
    (DECIMAL, None): frozenset({BOOL}), (BOOL, None): frozenset({INT}),
}
# Everywhere but PostgreSQL: a str against the backend-agnostic Uuid (as_uuid=True), which stores
# ``value.hex`` on SQLite and MySQL ('str' object has no attribute 'hex'); PostgreSQL's native
# uuid takes the string.  (An ISO string against a Date is in neither table: SQLite, MySQL and
# psycopg2 accept it, only psycopg 3 refuses - a driver's choice, not a type error.)
_NEVER_OFF_POSTGRESQL: dict[tuple[str, Optional[str]], frozenset[str]] = {
    (UUID, "Uuid"): frozenset({STR}),
}
# values that can stand for any column (NULL) or that describe no single scalar
_NEUTRAL = frozenset({NONE})

@dataclass(frozen=True)
class ValueType:
    """The possible Python types of a value: ``names`` are alternatives (``{"str", "None"}`` for
    ``Optional[str]``); ``element`` is the element type of a list/tuple/set value when known."""

    names: frozenset[str]
    element: Optional["ValueType"] = None

    @classmethod
    def of(cls, *names: str, element: Optional["ValueType"] = None) -> "ValueType":
        return cls(frozenset(names), element)

    def describe(self) -> str:
        scalar = sorted(display(n) for n in self.names if n != NONE)
        text = " | ".join(scalar) or "None"
        if NONE in self.names and scalar:
            text += " | None"
        if self.element is not None and self.names <= COLLECTIONS:
            text += f"[{self.element.describe()}]"
        return text

    @property
    def is_collection(self) -> bool:
        return bool(self.names) and self.names <= COLLECTIONS


def union(types: list[Optional[ValueType]]) -> Optional[ValueType]:
    """Alternatives of several types; None (unknown) when any of them is unknown."""
    if not types or any(t is None for t in types):
        return None
    names: set[str] = set()
    elements: list[Optional[ValueType]] = []
    for t in types:
        assert t is not None
        names |= t.names
        if t.is_collection:
            elements.append(t.element)
    element = union(elements) if elements else None
    return ValueType(frozenset(names), element)


def verdict(column_type: Optional[str], value: Optional[ValueType],
            sql_type: Optional[str] = None, postgresql_only: bool = False) -> Verdict:
    """Whether a column of Python type ``column_type`` can be compared with ``value``.

    ``"incompatible"`` only when every alternative of ``value`` (None aside) is a type the column
    never accepts.  ``postgresql_only``: the project runs on PostgreSQL alone (its verdicts
    differ for a few pairs, see ``_NEVER_ON_POSTGRESQL``).  Example:
    ``verdict("int", ValueType.of("str"))`` -> ``"incompatible"``;
    ``verdict("int", ValueType.of("str", "int"))`` -> ``"ok"``;
    ``verdict("bool", ValueType.of("int"))`` -> ``"ok"``, with ``postgresql_only=True``
    ``"incompatible"``.
    """
    if column_type is None or value is None or not value.names:
        return "unknown"
    if sql_type in OPAQUE_SQL_TYPES:
        return "unknown"
    never = _NEVER.get(column_type)
    if never is None:
        return "unknown"
    by_database = _NEVER_ON_POSTGRESQL if postgresql_only else _NEVER_OFF_POSTGRESQL
    never = never | by_database.get((column_type, None), frozenset()) | \
        by_database.get((column_type, sql_type), frozenset())
    scalars = value.names - _NEUTRAL
    if not scalars:
        return "ok"
    if scalars <= never:
        return "incompatible"
    if scalars & never or not scalars <= _known_scalars():
        return "unknown"
    return "ok"


def element_verdict(column_type: Optional[str], value: Optional[ValueType],
                    sql_type: Optional[str] = None, postgresql_only: bool = False) -> Verdict:
    """``verdict`` for the elements of a collection operand (``in_([...])``)."""
    if value is None or not value.is_collection or value.element is None:
        return "unknown"
    return verdict(column_type, value.element, sql_type, postgresql_only)


def _known_scalars() -> frozenset[str]:
    return frozenset(_NEVER)


# ------------------------------------------------------------------------------ reading types
# qualified names of callables whose result type is fixed
_CALL_RESULTS: dict[str, str] = {
    "int": INT, "float": FLOAT, "str": STR, "bool": BOOL, "bytes": BYTES, "len": INT,
    "repr": STR, "ord": INT, "chr": STR, "hex": STR, "oct": STR, "bin": STR,
    "decimal.Decimal": DECIMAL,
    "datetime.date": DATE, "datetime.date.today": DATE, "datetime.date.fromisoformat": DATE,
    "datetime.date.fromtimestamp": DATE, "datetime.date.fromordinal": DATE,
    "datetime.datetime": DATETIME, "datetime.datetime.now": DATETIME,
    "datetime.datetime.utcnow": DATETIME, "datetime.datetime.today": DATETIME,
    "datetime.datetime.fromisoformat": DATETIME, "datetime.datetime.strptime": DATETIME,
    "datetime.datetime.fromtimestamp": DATETIME, "datetime.datetime.utcfromtimestamp": DATETIME,
    "datetime.datetime.combine": DATETIME,
    "datetime.time": TIME, "datetime.time.fromisoformat": TIME,
    "datetime.timedelta": TIMEDELTA,
    "uuid.UUID": UUID, "uuid.uuid1": UUID, "uuid.uuid3": UUID, "uuid.uuid4": UUID,
    "uuid.uuid5": UUID, "time.time": FLOAT, "time.monotonic": FLOAT, "time.time_ns": INT,
}
# methods whose result type follows from the receiver's type
_METHOD_RESULTS: dict[tuple[str, str], str] = {
    (DATETIME, "date"): DATE, (DATETIME, "time"): TIME, (DATETIME, "replace"): DATETIME,
    (DATETIME, "astimezone"): DATETIME, (DATETIME, "isoformat"): STR,
    (DATETIME, "timestamp"): FLOAT,
    (DATETIME, "strftime"): STR, (DATE, "replace"): DATE, (DATE, "isoformat"): STR,
    (DATE, "strftime"): STR, (STR, "lower"): STR, (STR, "upper"): STR, (STR, "strip"): STR,
    (STR, "lstrip"): STR, (STR, "rstrip"): STR, (STR, "title"): STR, (STR, "format"): STR,
    (STR, "replace"): STR, (STR, "casefold"): STR, (UUID, "hex"): STR,
}
_ANNOTATION_NAMES: dict[str, str] = {
    "int": INT, "float": FLOAT, "str": STR, "bool": BOOL, "bytes": BYTES,
    "decimal.Decimal": DECIMAL, "datetime.date": DATE, "datetime.datetime": DATETIME,
    "datetime.time": TIME, "datetime.timedelta": TIMEDELTA, "uuid.UUID": UUID,
    "None": NONE, "typing.Text": STR, "builtins.int": INT, "builtins.str": STR,
}
_OPTIONAL = {"typing.Optional", "typing_extensions.Optional"}
_UNION = {"typing.Union", "typing_extensions.Union"}
_LITERAL = {"typing.Literal", "typing_extensions.Literal"}
_ANNOTATED = {"typing.Annotated", "typing_extensions.Annotated"}
_COLLECTION_ANNOTATIONS: dict[str, str] = {
    "list": LIST, "typing.List": LIST, "tuple": TUPLE, "typing.Tuple": TUPLE, "set": SET,
    "typing.Set": SET, "frozenset": SET, "typing.FrozenSet": SET,
    "typing.Sequence": LIST, "collections.abc.Sequence": LIST, "typing.Iterable": LIST,
    "collections.abc.Iterable": LIST, "typing.Collection": LIST,
    "collections.abc.Collection": LIST, "typing.AbstractSet": SET, "collections.abc.Set": SET,
    "typing.MutableSequence": LIST, "collections.abc.MutableSequence": LIST,
}
_MAX_DEPTH = 8

Qualify = Callable[[str], Optional[str]]
Lookup = Callable[[cst.Name], Optional[ValueType]]
AttributeLookup = Callable[[cst.Attribute], Optional[ValueType]]


def _dotted(node: cst.BaseExpression) -> Optional[str]:
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


class TypeReader:
    """Reads the Python type of expressions and annotations (libcst nodes).

    ``qualify(dotted)`` turns a name as written into its qualified name (``"date"`` ->
    ``"datetime.date"``; builtins stay as they are; None for a name the module rebinds, which
    makes the reader say "unknown").  ``lookup(name_node)`` gives the type a variable holds (its
    annotation, its one assignment) or None; ``attribute(node)`` the type of ``obj.attr`` (a
    mapped column of an instance) or None.
    """

    def __init__(self, qualify: Qualify, lookup: Optional[Lookup] = None,
                 attribute: Optional[AttributeLookup] = None) -> None:
        self.qualify = qualify
        self.lookup = lookup or (lambda node: None)
        self.attribute = attribute or (lambda node: None)

    # ---------------------------------------------------------------- expressions
    def expression(self, node: cst.BaseExpression, depth: int = 0) -> Optional[ValueType]:
        """The type of a value expression, or None when it is not known for certain."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, cst.Integer):
            return ValueType.of(INT)
        if isinstance(node, cst.Float):
            return ValueType.of(FLOAT)
        if isinstance(node, cst.Imaginary):
            return None
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            return self._string(node)
        if isinstance(node, cst.FormattedString):
            return ValueType.of(BYTES if "b" in node.prefix.lower() else STR)
        if isinstance(node, cst.UnaryOperation):
            if isinstance(node.operator, cst.Not):
                return ValueType.of(BOOL)
            inner = self.expression(node.expression, depth + 1)
            if inner is not None and inner.names <= {INT, FLOAT, DECIMAL}:
                return inner
            return None
        if isinstance(node, cst.Name):
            if node.value in ("True", "False"):
                return ValueType.of(BOOL)
            if node.value == "None":
                return ValueType.of(NONE)
            return self.lookup(node)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            kind = {cst.List: LIST, cst.Tuple: TUPLE, cst.Set: SET}[type(node)]
            elements = []
            for element in node.elements:
                if isinstance(element, cst.StarredElement):
                    return ValueType.of(kind)
                elements.append(self.expression(element.value, depth + 1))
            return ValueType.of(kind, element=union(elements) if elements else None)
        if isinstance(node, cst.Dict):
            return ValueType.of(DICT)
        if isinstance(node, cst.Attribute):
            return self.attribute(node)
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        if isinstance(node, cst.BinaryOperation):
            return self._binary(node, depth)
        if isinstance(node, cst.Comparison):
            # a Python comparison of Python values is a bool; one involving SQL columns is not,
            # and this reader cannot tell them apart cheaply
            return None
        if isinstance(node, cst.IfExp):
            return union([self.expression(node.body, depth + 1),
                          self.expression(node.orelse, depth + 1)])
        return None

    def _string(self, node: cst.BaseExpression) -> Optional[ValueType]:
        prefixes: list[str] = []
        stack = [node]
        while stack:
            part = stack.pop()
            if isinstance(part, cst.ConcatenatedString):
                stack.extend((part.left, part.right))
            elif isinstance(part, cst.SimpleString):
                prefixes.append(part.prefix.lower())
            elif isinstance(part, cst.FormattedString):
                prefixes.append(part.prefix.lower())
            else:
                return None
        is_bytes = ["b" in p for p in prefixes]
        if all(is_bytes):
            return ValueType.of(BYTES)
        if not any(is_bytes):
            return ValueType.of(STR)
        return None

    def _call(self, node: cst.Call, depth: int) -> Optional[ValueType]:
        func = node.func
        dotted = _dotted(func)
        if dotted is not None:
            qualified = self.qualify(dotted)
            if qualified is not None and qualified in _CALL_RESULTS:
                return ValueType.of(_CALL_RESULTS[qualified])
        if isinstance(func, cst.Attribute):
            receiver = func.value
            # "...".format(...), "".join(...)
            if isinstance(receiver, (cst.SimpleString, cst.ConcatenatedString)):
                if func.attr.value in ("format", "join", "lower", "upper", "strip", "replace"):
                    base = self._string(receiver)
                    return base if base is not None and base.names == {STR} else None
                return None
            receiver_type = self.expression(receiver, depth + 1)
            if receiver_type is not None and len(receiver_type.names) == 1:
                (name,) = receiver_type.names
                result = _METHOD_RESULTS.get((name, func.attr.value))
                if result is not None:
                    return ValueType.of(result)
        return None

    def _binary(self, node: cst.BinaryOperation, depth: int) -> Optional[ValueType]:
        left = self.expression(node.left, depth + 1)
        if isinstance(node.operator, cst.Modulo) and left is not None and left.names == {STR}:
            return left                      # "..." % args
        right = self.expression(node.right, depth + 1)
        if left is None or right is None or len(left.names) != 1 or len(right.names) != 1:
            return None
        (a,), (b,) = left.names, right.names
        op = node.operator
        if isinstance(op, cst.Add):
            if a == b == STR or a == b == BYTES:
                return left
            if {a, b} <= NUMBERS | {BOOL} and a != BOOL and b != BOOL:
                return ValueType.of(_wider(a, b))
            if a in (DATE, DATETIME) and b == TIMEDELTA or a == TIMEDELTA and b in (DATE, DATETIME):
                return ValueType.of(a if a != TIMEDELTA else b)
            if a == b == TIMEDELTA:
                return left
            return None
        if isinstance(op, cst.Subtract):
            if a in (DATE, DATETIME) and b == TIMEDELTA:
                return left
            if a == b and a in (DATE, DATETIME, TIMEDELTA):
                return ValueType.of(TIMEDELTA)
            if {a, b} <= NUMBERS:
                return ValueType.of(_wider(a, b))
            return None
        if isinstance(op, (cst.Multiply, cst.FloorDivide, cst.Modulo, cst.Power)):
            if {a, b} <= NUMBERS:
                return ValueType.of(_wider(a, b))
            if isinstance(op, cst.Multiply) and {a, b} == {STR, INT}:
                return ValueType.of(STR)
            return None
        if isinstance(op, cst.Divide) and {a, b} <= NUMBERS:
            return ValueType.of(DECIMAL if DECIMAL in (a, b) else FLOAT)
        return None

    # ---------------------------------------------------------------- annotations
    def annotation(self, node: Optional[cst.BaseExpression], depth: int = 0
                   ) -> Optional[ValueType]:
        """The type an annotation promises (``Optional[int]`` -> ``{"int", "None"}``)."""
        if node is None or depth > _MAX_DEPTH:
            return None
        if isinstance(node, cst.SimpleString):
            text = node.evaluated_value
            if not isinstance(text, str):
                return None
            try:
                inner = cst.parse_expression(text.strip())
            except Exception:   # noqa: BLE001 - any unparsable string annotation is unknown
                return None
            return self.annotation(inner, depth + 1)
        if isinstance(node, cst.Name) and node.value == "None":
            return ValueType.of(NONE)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            return union([self.annotation(node.left, depth + 1),
                          self.annotation(node.right, depth + 1)])
        dotted = _dotted(node)
        if dotted is not None:
            qualified = self.qualify(dotted)
            if qualified in _ANNOTATION_NAMES:
                return ValueType.of(_ANNOTATION_NAMES[qualified])
            if qualified in _COLLECTION_ANNOTATIONS:
                return ValueType.of(_COLLECTION_ANNOTATIONS[qualified])
            return None
        if isinstance(node, cst.Subscript):
            base = _dotted(node.value)
            qualified = self.qualify(base) if base is not None else None
            if qualified is None:
                return None
            args = [el.slice.value for el in node.slice if isinstance(el.slice, cst.Index)]
            if len(args) != len(node.slice):
                return None
            if qualified in _OPTIONAL and len(args) == 1:
                return union([self.annotation(args[0], depth + 1), ValueType.of(NONE)])
            if qualified in _UNION:
                return union([self.annotation(a, depth + 1) for a in args])
            if qualified in _ANNOTATED and args:
                return self.annotation(args[0], depth + 1)
            if qualified in _LITERAL:
                return union([self.expression(a, depth + 1) for a in args])
            if qualified in _COLLECTION_ANNOTATIONS:
                kind = _COLLECTION_ANNOTATIONS[qualified]
                if kind == TUPLE and len(args) == 2 and isinstance(args[1], cst.Ellipsis):
                    return ValueType.of(TUPLE, element=self.annotation(args[0], depth + 1))
                if kind == TUPLE:
                    return ValueType.of(TUPLE, element=union(
                        [self.annotation(a, depth + 1) for a in args]))
                if len(args) == 1:
                    return ValueType.of(kind, element=self.annotation(args[0], depth + 1))
            return None
        return None


def _wider(a: str, b: str) -> str:
    for candidate in (DECIMAL, FLOAT, INT):
        if candidate in (a, b):
            return candidate
    return a


__all__ = ["BOOL", "BYTES", "DATE", "DATETIME", "DECIMAL", "ENUM_SQL_TYPES", "FLOAT", "INT", "NONE",
           "NUMERIC_SQL_TYPES", "OPAQUE_SQL_TYPES", "STR", "TIME", "TIMEDELTA", "TypeReader", "UUID",
           "UUID_SQL_TYPES", "ValueType", "Verdict", "display", "element_verdict",
           "python_type_from_arguments", "union", "verdict"]
