"""Character and binary types: String, Text, Unicode, UnicodeText, Enum, LargeBinary."""
from __future__ import annotations

import enum as _enum
from typing import Any, Callable, Optional, Sequence

from .. import operators
from ..type_api import Concatenable, NullType, SchemaType, TypeEngine
from . import _literals
from ._repr import generic_repr


class _StringComparator(Concatenable.Comparator):
    """``str_expr + str_expr`` is concatenation (``||``, ``concat()`` on MySQL)."""

    __slots__ = ()

    def _adapt_expression(self, op: Any, other_comparator: TypeEngine.Comparator) -> tuple[Any, TypeEngine[Any]]:
        if operators.is_comparison(op):
            from orm.types import BOOLEANTYPE

            return op, BOOLEANTYPE
        # an untyped operand (a column whose type is not known yet) concatenates too, as in SQLAlchemy
        if op is operators.add and (other_comparator.type._type_affinity is String
                                    or other_comparator.type._type_affinity is NullType
                                    or isinstance(other_comparator, Concatenable.Comparator)):
            return operators.concat_op, self.type
        return op, self.type


class String(Concatenable, TypeEngine[str]):
    """A variable length string: ``VARCHAR(length)``.

    Example::

        Column("name", String(50))                      # VARCHAR(50)
        Column("code", String(10, collation="C"))       # VARCHAR(10) COLLATE "C"
    """

    __visit_name__ = "string"
    __repr__ = generic_repr
    comparator_factory = _StringComparator

    def __init__(self, length: Optional[int] = None, collation: Optional[str] = None) -> None:
        self.length = length
        self.collation = collation

    @property
    def python_type(self) -> type:
        return str

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        return _literals.string_literal(dialect)


class Text(String):
    """A string without a length limit: ``TEXT``."""

    __visit_name__ = "text"


class Unicode(String):
    """A string meant for non-ASCII text: ``VARCHAR(length)`` (every modern driver speaks UTF-8)."""

    __visit_name__ = "unicode"


class UnicodeText(Text):
    """Unlimited Unicode text: ``TEXT``."""

    __visit_name__ = "unicode_text"


# -- Enum -----------------------------------------------------------------------------------------
def _tuple_names(names: Sequence[str]) -> str:
    # SQLAlchemy's way of listing the allowed values in error messages: at most four shown.
    if len(names) > 4:
        names = list(names[:3]) + ["...", names[-1]]
    return ", ".join(str(n) for n in names)


class Enum(SchemaType, String):
    """A value from a fixed set: a native ``ENUM`` where the database has one (PostgreSQL named
    type, MySQL inline ``ENUM('a','b')``), else ``VARCHAR(n)``.

    Given a Python ``enum.Enum`` class, the database stores the *names* of the members (or the values
    ``values_callable(enum_class)`` returns) and rows come back as members; given strings, the
    strings themselves.  A value outside the set raises ``LookupError``.

    Example::

        class Status(enum.Enum):
            active = 1
            banned = 2

        Column("status", Enum(Status))                   # stores 'active' / 'banned'
        Column("kind", Enum("a", "b", name="kind"))
    """

    __visit_name__ = "enum"
    create_type = True  # PostgreSQL ENUM: whether CREATE TABLE emits CREATE TYPE

    def __init__(self, *enums: Any, name: Optional[str] = None, native_enum: bool = True,
                 create_constraint: bool = False, length: Optional[int] = None,
                 values_callable: Optional[Callable[[Any], Sequence[str]]] = None,
                 validate_strings: bool = False, omit_aliases: bool = True,
                 schema: Optional[str] = None, metadata: Any = None, inherit_schema: bool = False,
                 quote: Any = None, sort_key_function: Any = None,
                 collation: Optional[str] = None, **kw: Any) -> None:
        enum_class = None
        if len(enums) == 1 and isinstance(enums[0], type) and issubclass(enums[0], _enum.Enum):
            enum_class = enums[0]
            if omit_aliases:
                members = {m.name: m for m in enum_class}
            else:
                members = dict(enum_class.__members__)
            objects: list[Any] = list(members.values())
            values = (list(values_callable(enum_class)) if values_callable is not None
                      else list(members.keys()))
            if name is None:
                name = enum_class.__name__.lower()
        else:
            values = [str(e) if not isinstance(e, str) else e for e in enums]
            objects = list(values)
        self.enum_class = enum_class
        self.enums = values
        self.name = name
        self.native_enum = native_enum
        self.create_constraint = create_constraint
        self.values_callable = values_callable
        self.validate_strings = validate_strings
        self.schema = schema
        self.metadata = metadata
        self.inherit_schema = inherit_schema
        if "create_type" in kw:
            self.create_type = kw.pop("create_type")
        if kw:
            raise TypeError(f"Enum() got unexpected keyword arguments {sorted(kw)}")
        longest = max((len(v) for v in values), default=0)
        if length is not None and length < longest:
            raise ValueError(
                f"When provided, length must be larger or equal than the length of the longest "
                f"enum value. {length} < {longest}"
            )
        self.length = length if length is not None else longest
        self.collation = collation
        # db value -> object, and object (or db value) -> db value
        self._object_lookup: dict[Any, Any] = dict(zip(values, objects))
        valid: dict[Any, Any] = dict(zip(reversed(objects), reversed(values)))
        for v in values:
            valid[v] = valid[self._object_lookup[v]]
        self._valid_lookup = valid

    @property
    def python_type(self) -> type:
        return self.enum_class if self.enum_class is not None else str

    def _lookup_error(self, value: Any) -> LookupError:
        return LookupError(
            f"'{value}' is not among the defined enum values. Enum name: {self.name}. "
            f"Possible values: {_tuple_names(self.enums)}"
        )

    def _db_value(self, value: Any) -> Any:
        try:
            return self._valid_lookup[value]
        except (KeyError, TypeError):
            if not self.validate_strings and isinstance(value, str):
                return value
            raise self._lookup_error(value) from None

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        lookup = dict(self._valid_lookup)
        lookup[None] = None
        loose = not self.validate_strings
        error = self._lookup_error

        def process(value: Any) -> Any:
            try:
                return lookup[value]
            except (KeyError, TypeError):
                if loose and isinstance(value, str):
                    return value
                raise error(value) from None

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        lookup = dict(self._object_lookup)
        lookup[None] = None
        error = self._lookup_error

        def process(value: Any) -> Any:
            try:
                return lookup[value]
            except (KeyError, TypeError):
                raise error(value) from None

        return process

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        quote = _literals.string_literal(dialect)

        def process(value: Any) -> str:
            if value is None:
                return "NULL"
            return quote(self._db_value(value))

        return process

    def _static_cache_key(self) -> tuple[Any, ...]:
        return super()._static_cache_key() + (("enums", tuple(self.enums)),)

    def __repr__(self) -> str:
        if self.enum_class is not None:
            args = [self.enum_class.__name__]
        else:
            args = [repr(e) for e in self.enums]
        if self.name is not None and (self.enum_class is None
                                      or self.name != self.enum_class.__name__.lower()):
            args.append(f"name={self.name!r}")
        if not self.native_enum:
            args.append("native_enum=False")
        if self.create_constraint:
            args.append("create_constraint=True")
        return f"{type(self).__name__}({', '.join(args)})"


# -- binary ---------------------------------------------------------------------------------------
def binary_literal(dialect: Any, type_: Any) -> Callable[[Any], str]:
    pg = _literals.dialect_name(dialect) == "postgresql"

    def process(value: Any) -> str:
        if value is None:
            return "NULL"
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise _literals.no_renderer(value, type_)
        hexed = bytes(value).hex()
        if pg:
            # E'' so the backslash means the same whatever standard_conforming_strings is
            return "E'\\\\x" + hexed + "'::BYTEA"
        return "X'" + hexed + "'"

    return process


class _Binary(TypeEngine[bytes]):
    def __init__(self, length: Optional[int] = None) -> None:
        self.length = length

    @property
    def python_type(self) -> type:
        return bytes

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        return binary_literal(dialect, self)

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        # sqlite3, psycopg and pymysql all return bytes already.
        return None


class LargeBinary(_Binary):
    """Binary data: ``BLOB`` (``BYTEA`` on PostgreSQL).

    Example::

        Column("avatar", LargeBinary)
    """

    __visit_name__ = "large_binary"
    __repr__ = generic_repr
