"""The base of the type system: ``TypeEngine`` and its ``Comparator``.

A type does three jobs:

* it names itself to the DDL type compiler (``__visit_name__`` -> ``visit_<name>``);
* it converts values on the way in and out of the driver (``bind_processor`` /
  ``result_processor``) and renders safe literals (``literal_processor``), per dialect through
  ``dialect_impl``;
* through its ``Comparator`` it decides what Python operators mean on an expression of this type
  (``String + String`` is concatenation, ``JSON["key"]`` an index, ``Integer / Integer`` keeps a
  numeric type).

Concrete types live in ``orm.types``.
"""
from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import enum as _enum
import uuid as _uuid
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Generic, Optional, TypeVar

from . import operators

if TYPE_CHECKING:
    from .elements import ColumnElement

_T = TypeVar("_T")

BindProcessor = Callable[[Any], Any]
ResultProcessor = Callable[[Any], Any]
LiteralProcessor = Callable[[Any], str]


class TypeEngine(Generic[_T]):
    """Base of all SQL types.

    Example::

        from orm.types import Integer
        Integer().python_type   # int
    """

    __visit_name__: ClassVar[str] = "type"
    hashable: ClassVar[bool] = True
    should_evaluate_none: bool = False
    # Whether comparing a column of this type with a plain value coerces the value to this type.
    _coerce_compared_values: ClassVar[bool] = True

    class Comparator:
        """What operators mean on an expression of the owning type.

        ``expr`` is the expression; ``type`` its type.  ``operate`` handles ``expr <op> other``.
        Subclasses override single operators (``__getitem__`` for JSON) or ``_adapt_expression`` to
        choose the result type and the operator actually used (``+`` becomes ``||`` for strings).
        """

        __slots__ = ("expr", "type")

        def __init__(self, expr: "ColumnElement[Any]") -> None:
            self.expr = expr
            self.type = expr.type

        def operate(self, op: Any, *other: Any, **kwargs: Any) -> "ColumnElement[Any]":
            from . import default_comparator

            fn = default_comparator.OPERATOR_LOOKUP.get(getattr(op, "__name__", None))
            if fn is None or isinstance(op, operators.custom_op):
                return default_comparator._custom_op_operate(self.expr, op, *other, **kwargs)
            return fn(self.expr, op, *other, **kwargs)

        def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> "ColumnElement[Any]":
            from . import default_comparator

            return default_comparator._binary_operate(self.expr, op, other, reverse=True, **kwargs)

        def _adapt_expression(
            self, op: Any, other_comparator: "TypeEngine.Comparator"
        ) -> tuple[Any, "TypeEngine[Any]"]:
            """Return ``(operator, result_type)`` for ``expr <op> other``.

            Comparisons give Boolean; arithmetic keeps this type by default.
            """
            if operators.is_comparison(op):
                from orm.types import BOOLEANTYPE

                return op, BOOLEANTYPE
            return op, self.type

        def __getitem__(self, index: Any) -> "ColumnElement[Any]":
            raise NotImplementedError(
                f"Operator 'getitem' is not supported on this expression of type {self.type!r}"
            )

    comparator_factory: ClassVar[type["TypeEngine.Comparator"]] = Comparator

    # -- Python side -------------------------------------------------------------------------
    @property
    def python_type(self) -> type:
        """The Python type of values of this type (``int`` for ``Integer``)."""
        raise NotImplementedError(f"{type(self).__name__} has no Python type")

    def bind_processor(self, dialect: Any) -> Optional[BindProcessor]:
        """A callable converting a Python value to what the driver takes, or None (as is)."""
        return None

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[ResultProcessor]:
        """A callable converting a driver value to the Python value, or None (as is)."""
        return None

    def literal_processor(self, dialect: Any) -> Optional[LiteralProcessor]:
        """A callable rendering a value as a safe SQL literal, or None when that is impossible."""
        return None

    def coerce_compared_value(self, op: Any, value: Any) -> "TypeEngine[Any]":
        """The type given to a plain Python ``value`` compared with an expression of this type."""
        resolved = resolve_value_type(value)
        if resolved._type_affinity is self._type_affinity or not self._coerce_compared_values:
            return self if resolved._type_affinity is self._type_affinity else resolved
        if isinstance(resolved, NullType):
            return self
        return resolved

    def copy_value(self, value: Any) -> Any:
        return value

    def compare_values(self, x: Any, y: Any) -> bool:
        return bool(x == y)

    # -- dialect side ----------------------------------------------------------------------------
    @property
    def _type_affinity(self) -> type["TypeEngine[Any]"]:
        """The generic type this one belongs to (``VARCHAR`` -> ``String``)."""
        typ: type[TypeEngine[Any]] = type(self)
        for t in type(self).__mro__:
            if t in _GENERIC_ROOTS:
                return t
        return typ

    def dialect_impl(self, dialect: Any) -> "TypeEngine[Any]":
        """This type as ``dialect`` implements it (``dialect.colspecs``), cached per dialect."""
        cache = self.__dict__.get("_dialect_impls")
        if cache is None:
            cache = self.__dict__["_dialect_impls"] = {}
        key = type(dialect)
        impl = cache.get(key)
        if impl is None:
            impl = cache[key] = self._gen_dialect_impl(dialect)
        return impl

    def _gen_dialect_impl(self, dialect: Any) -> "TypeEngine[Any]":
        colspecs = getattr(dialect, "colspecs", None) or {}
        for cls in type(self).__mro__:
            impl_cls = colspecs.get(cls)
            if impl_cls is not None:
                if impl_cls is type(self):
                    return self
                return self.adapt(impl_cls)
        return self

    def adapt(self, cls: type["TypeEngine[Any]"], **kw: Any) -> "TypeEngine[Any]":
        """A new instance of ``cls`` carrying this type's constructor arguments."""
        new = cls.__new__(cls)
        state = {k: v for k, v in self.__dict__.items() if k != "_dialect_impls"}
        new.__dict__.update(state)
        new.__dict__.update(kw)
        return new

    def compile(self, dialect: Any = None) -> str:
        """The DDL name of this type for ``dialect`` (default: a generic dialect)."""
        if dialect is None:
            from .compiler import default_dialect

            dialect = default_dialect()
        return dialect.type_compiler.process(self)

    def _static_cache_key(self) -> tuple[Any, ...]:
        items = tuple(
            (k, v) for k, v in sorted(self.__dict__.items()) if not k.startswith("_") and _hashable(v)
        )
        return (type(self),) + items

    def with_variant(self, type_: Any, *dialect_names: str) -> "TypeEngine[Any]":
        """This type, replaced by ``type_`` on the named dialects."""
        from orm.types import Variant

        return Variant.wrap(self, to_instance(type_), dialect_names)

    def evaluates_none(self) -> "TypeEngine[_T]":
        new = self.adapt(type(self))
        new.should_evaluate_none = True
        return new

    def __repr__(self) -> str:
        args = ", ".join(
            f"{k}={v!r}"
            for k, v in self.__dict__.items()
            if not k.startswith("_") and v is not None and k != "should_evaluate_none"
        )
        return f"{type(self).__name__}({args})"

    def __str__(self) -> str:
        return self.compile()


def _hashable(v: Any) -> bool:
    try:
        hash(v)
    except TypeError:
        return False
    return True


class NullType(TypeEngine[None]):
    """The type of an expression whose type is unknown (a bare ``None``, ``literal_column``)."""

    __visit_name__ = "null"

    @property
    def python_type(self) -> type:  # pragma: no cover - trivial
        return object

    class Comparator(TypeEngine.Comparator):
        __slots__ = ()

        def _adapt_expression(self, op: Any, other_comparator: TypeEngine.Comparator) -> tuple[Any, TypeEngine[Any]]:
            if operators.is_comparison(op):
                from orm.types import BOOLEANTYPE

                return op, BOOLEANTYPE
            if isinstance(other_comparator, NullType.Comparator):
                return op, self.type
            return other_comparator._adapt_expression(op, self)

    comparator_factory = Comparator



# -- abstract bases (what a type supports; SQLAlchemy users test them with isinstance) --------


class Concatenable:
    """Mixin: ``+`` between two expressions of concatenable types is SQL concatenation (``||``).

    ``String`` (and its subclasses, ``Enum``), ``ARRAY`` are concatenable. A user-defined type
    opts in by listing it first::

        class Tags(Concatenable, UserDefinedType):
            cache_ok = True
            def get_col_spec(self, **kw): return "TEXT"

        column("a", Tags()) + column("b", Tags())   # a || b
    """

    __slots__ = ()

    class Comparator(TypeEngine.Comparator):
        __slots__ = ()

        def _adapt_expression(self, op: Any, other_comparator: TypeEngine.Comparator) -> tuple[Any, TypeEngine[Any]]:
            if op is operators.add and isinstance(other_comparator,
                                                  (Concatenable.Comparator, NullType.Comparator)):
                return operators.concat_op, self.expr.type
            return super()._adapt_expression(op, other_comparator)

    comparator_factory: ClassVar[type[TypeEngine.Comparator]] = Comparator


class Indexable:
    """Mixin: expressions of this type take ``expr[index]`` (``ARRAY``, ``JSON``).

    A type's comparator implements ``_setup_getitem(index)`` returning ``(operator, right,
    result_type)``; ``expr[index]`` builds the binary expression from it. Without an
    implementation, indexing raises ``NotImplementedError`` (as in SQLAlchemy)::

        isinstance(JSON(), Indexable)   # True
    """

    __slots__ = ()

    class Comparator(TypeEngine.Comparator):
        __slots__ = ()

        def _setup_getitem(self, index: Any) -> tuple[Any, Any, TypeEngine[Any]]:
            raise NotImplementedError(
                f"{type(self.type).__name__} is Indexable but its comparator does not implement "
                "_setup_getitem(index)"
            )

        def __getitem__(self, index: Any) -> "ColumnElement[Any]":
            from .elements import BinaryExpression

            op, right, result_type = self._setup_getitem(index)
            return BinaryExpression(self.expr, right, op, type_=result_type)

    comparator_factory: ClassVar[type[TypeEngine.Comparator]] = Comparator


class SchemaType:
    """Base of types that may own schema objects beside the column: a CHECK constraint
    (``Enum``/``Boolean`` with ``create_constraint=True``) or a named type (PostgreSQL
    ``CREATE TYPE`` of an ``Enum``)::

        isinstance(Enum("a", "b"), SchemaType)   # True
    """

    __slots__ = ()


class ExternalType:
    """Base of types defined outside orm (``TypeDecorator``, ``UserDefinedType``): their
    ``cache_ok`` says whether their constructor state may be part of a statement's cache key."""

    __slots__ = ()

    cache_ok: ClassVar[Optional[bool]] = None


def adapt_type(typeobj: TypeEngine[Any], colspecs: dict[type, type]) -> TypeEngine[Any]:
    """``typeobj`` as the first class of its MRO found in ``colspecs`` implements it (a new
    instance with the same arguments), or ``typeobj`` itself when none matches or it already is
    that class::

        adapt_type(String(30), {String: Unicode})   # Unicode(length=30)
    """
    if isinstance(typeobj, type):
        typeobj = typeobj()
    for cls in type(typeobj).__mro__:
        impl = colspecs.get(cls)
        if impl is not None:
            break
    else:
        return typeobj
    if impl is type(typeobj) or isinstance(typeobj, impl):
        return typeobj
    return typeobj.adapt(impl)

NULLTYPE = NullType()

# Filled by orm.types: the generic roots for _type_affinity and the value -> type map.
_GENERIC_ROOTS: set[type] = set()
_VALUE_TYPES: dict[type, TypeEngine[Any]] = {}


def resolve_value_type(value: Any) -> TypeEngine[Any]:
    """The type of a plain Python value (``5`` -> Integer, ``"x"`` -> String, ``None`` -> NullType)."""
    if not _VALUE_TYPES:
        import orm.types  # noqa: F401  (registers the map)
    typ = _VALUE_TYPES.get(type(value))
    if typ is not None:
        return typ
    if isinstance(value, bool):
        return _VALUE_TYPES[bool]
    if isinstance(value, _enum.Enum):
        from orm.types import Enum

        return Enum(type(value))
    for base in (int, float, str, bytes, _decimal.Decimal, _dt.datetime, _dt.date, _dt.time,
                 _dt.timedelta, _uuid.UUID):
        if isinstance(value, base) and base in _VALUE_TYPES:
            return _VALUE_TYPES[base]
    return NULLTYPE


def to_instance(typeobj: Any, *arg: Any, **kw: Any) -> TypeEngine[Any]:
    """``Integer`` -> ``Integer()``; an instance passes through; None -> NULLTYPE."""
    if typeobj is None:
        return NULLTYPE
    if isinstance(typeobj, type):
        return typeobj(*arg, **kw)
    return typeobj
