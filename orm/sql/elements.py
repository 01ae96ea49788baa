"""Column-level expression nodes: ``ColumnElement`` (the base of every value expression), named
columns, labels and groupings, and the expressions operators build (``BinaryExpression``,
``UnaryExpression``, ``AsBoolean``) with the ordering/modifier functions (``asc``, ``desc``,
``distinct``, ``between``, ``collate``, ``any_``, ``all_``).

The other expression nodes live beside this module, by concept, and are re-exported here so
``orm.sql.elements`` keeps offering every name it always did:

- ``orm.sql.literals``: bound parameters, literal values and constants, ``text()``;
- ``orm.sql.clauselist``: comma/AND/OR lists (``and_``, ``or_``, ``not_``) and ``tuple_``;
- ``orm.sql.casts``: ``CAST``, ``type_coerce``, ``CASE``, ``EXTRACT``;
- ``orm.sql.window``: window functions (``over``), ``WITHIN GROUP``, ``FILTER``.

Example::

    from orm import column, literal, and_
    expr = and_(column("a") == 5, column("b").like("x%"))
"""
from __future__ import annotations

from typing import Any, Generic, Optional, TypeVar

from . import operators
from .base import AnonLabel, ClauseElement, _Uncacheable, anon_name
from .operators_mixin import ColumnOperators
from .type_api import NULLTYPE, TypeEngine, to_instance

_T = TypeVar("_T")

# Where a Boolean-typed value stands as a whole condition (see AsBoolean).
_BOOLEAN_CONTEXTS = frozenset({operators.and_, operators.or_, operators._asbool})


class ColumnElement(ColumnOperators, ClauseElement, Generic[_T]):
    """An expression that yields a value: a column, a bound parameter, ``a + b``, ``func.x()``."""

    __visit_name__ = "column_element"
    type: TypeEngine[Any] = NULLTYPE
    key: Optional[str] = None
    # a column-level element is "named" when it can be selected without a label
    _is_named = False
    primary_key = False
    foreign_keys: Any = frozenset()
    _proxies: tuple["ColumnElement[Any]", ...] = ()
    __hash__ = ClauseElement.__hash__

    # -- operators -------------------------------------------------------------------------------
    @property
    def comparator(self) -> TypeEngine.Comparator:
        try:
            return self.__dict__["_comparator"]
        except KeyError:
            comp = self.__dict__["_comparator"] = self.type.comparator_factory(self)
            return comp

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> "ColumnElement[Any]":
        return self.comparator.operate(op, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> "ColumnElement[Any]":
        return self.comparator.reverse_operate(op, other, **kwargs)

    def __getattr__(self, key: str) -> Any:
        # Type-specific comparator methods (``JSON.as_string``, ``ARRAY.any``) reach the expression.
        if key.startswith("_") or key in ("comparator", "type"):
            raise AttributeError(key)
        comp = self.comparator
        try:
            return getattr(comp, key)
        except AttributeError:
            raise AttributeError(
                f"Neither {type(self).__name__!r} object nor {type(comp).__name__!r} object "
                f"has an attribute {key!r}"
            ) from None

    # -- naming ----------------------------------------------------------------------------------
    def label(self, name: Optional[str]) -> "Label[_T]":
        """``expr AS name``; ``label(None)`` gives an anonymous label."""
        return Label(name, self, self.type)

    @property
    def anon_label(self) -> str:
        return anon_name(getattr(self, "name", None) or "anon")

    def cast(self, type_: Any) -> "Cast[Any]":
        return Cast(self, type_)

    def self_group(self, against: Any = None) -> "ColumnElement[Any]":
        if against in _BOOLEAN_CONTEXTS and self._is_boolean_value():
            return AsBoolean(self)
        return self

    def _is_boolean_value(self) -> bool:
        """A Boolean-typed value that is not itself a comparison (a column, a constant, a bind)."""
        from orm.types import Boolean

        return isinstance(self.type, Boolean)

    def _negate(self) -> "ColumnElement[Any]":
        if self._is_boolean_value():
            return AsBoolean(self, negated=True)
        return UnaryExpression(self.self_group(against=operators.not_), operator=operators.not_,
                               type_=self.type)

    def _proxy_set(self) -> set["ColumnElement[Any]"]:
        """This column and every column it was derived from (aliases, subqueries)."""
        result = {self}
        for p in self._proxies:
            result |= p._proxy_set()
        return result

    def shares_lineage(self, other: "ColumnElement[Any]") -> bool:
        return bool(self._proxy_set() & other._proxy_set())

    def _make_proxy(self, selectable: Any, name: Optional[str] = None, key: Optional[str] = None) -> "ColumnClause[Any]":
        """A column of ``selectable`` (a subquery/alias) that stands for this expression."""
        name = name or getattr(self, "name", None) or self.anon_label
        col = ColumnClause(name, self.type, _selectable=selectable)
        col.key = key or name
        col._proxies = (self,)
        col.primary_key = self.primary_key
        col.foreign_keys = self.foreign_keys
        return col

    @property
    def expression(self) -> "ColumnElement[_T]":
        return self

    def _select_iterable(self) -> list["ColumnElement[Any]"]:
        return [self]

    @property
    def _from_objects(self) -> list[Any]:
        froms: list[Any] = []
        for child in self.get_children():
            for f in getattr(child, "_from_objects", ()):
                if f not in froms:
                    froms.append(f)
        return froms


class WrapsColumnExpression:
    """Marker for elements that wrap one column expression (labels, groupings)."""


class BinaryExpression(ColumnElement[_T]):
    """``left <operator> right``."""

    __visit_name__ = "binary"
    _children = ("left", "right")
    _attrs = ("operator", "negate", "_modifiers_key")

    def __init__(self, left: ColumnElement[Any], right: Any, operator: Any, type_: Any = None,
                 negate: Any = None, modifiers: Optional[dict[str, Any]] = None) -> None:
        self.left = left.self_group(against=operator)
        self.right = right.self_group(against=operator) if isinstance(right, ClauseElement) else right
        self.operator = operator
        self.type = to_instance(type_)
        self.negate = negate
        self.modifiers = modifiers or {}

    @property
    def _modifiers_key(self) -> tuple[Any, ...]:
        return tuple(sorted(self.modifiers.items())) if self.modifiers else ()

    def __bool__(self) -> bool:
        # ``col1 == col2`` used in an ``if`` (or a dict key test) compares identity, as SQLAlchemy does.
        if self.operator in (operators.eq, operators.ne):
            same = hash(self.left) == hash(self.right) and self.left is self.right
            return same if self.operator is operators.eq else not same
        raise TypeError("Boolean value of this clause is not defined")

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        if operators.is_precedent(self.operator, against):
            return Grouping(self)
        return self

    def _negate(self) -> ColumnElement[Any]:
        if self.negate is not None:
            negated = BinaryExpression(self.left, self.right, self.negate, type_=self.type,
                                       negate=self.operator, modifiers=self.modifiers)
            if self.negate is operators.not_in_op:
                return Grouping(negated)
            return negated
        return UnaryExpression(self.self_group(against=operators.inv), operator=operators.not_,
                               type_=self.type)

    @property
    def _from_objects(self) -> list[Any]:
        froms = list(self.left._from_objects)
        for f in getattr(self.right, "_from_objects", ()):
            if f not in froms:
                froms.append(f)
        return froms


class UnaryExpression(ColumnElement[_T]):
    """``NOT x``, ``-x``, ``x DESC``, ``DISTINCT x``, ``EXISTS (...)``."""

    __visit_name__ = "unary"
    _children = ("element",)
    _attrs = ("operator", "modifier")

    def __init__(self, element: Any, operator: Any = None, modifier: Any = None, type_: Any = None,
                 wraps_column_expression: bool = False) -> None:
        self.operator = operator
        self.modifier = modifier
        self.element = element.self_group(against=operator or modifier)
        self.type = to_instance(type_) if type_ is not None else getattr(element, "type", NULLTYPE)

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        if self.operator and operators.is_precedent(self.operator, against):
            return Grouping(self)
        return self

    def _negate(self) -> ColumnElement[Any]:
        from orm.types import Boolean

        if self.operator is operators.not_:
            return self.element.element if isinstance(self.element, Grouping) else self.element
        if isinstance(self.type, Boolean):
            return UnaryExpression(self.self_group(against=operators.inv), operator=operators.not_,
                                   type_=self.type)
        return UnaryExpression(self, operator=operators.inv, type_=self.type)

    @property
    def _from_objects(self) -> list[Any]:
        return list(getattr(self.element, "_from_objects", ()))

    @property
    def _select_name(self) -> Any:
        # -users.id stays named "id", without a label
        el = self.element
        if self.operator in (operators.neg, operators.distinct_op) and getattr(el, "_is_named", False) \
                and type(getattr(el, "name", None)) is str:
            return (el.name, False)
        return None

    @property
    def _order_by_label_element(self) -> Any:
        if self.modifier in (operators.desc_op, operators.asc_op, operators.nulls_first_op,
                             operators.nulls_last_op):
            return getattr(self.element, "_order_by_label_element", None)
        return None


class AsBoolean(UnaryExpression[bool]):
    """A Boolean-typed value used as a whole condition (``WHERE flag``, ``a AND flag``, ``NOT flag``).

    Rendered ``flag`` / ``NOT flag`` where the database has a boolean type, ``flag = 1`` /
    ``flag = 0`` where it has not (SQLite, MySQL).
    """

    __visit_name__ = "as_boolean"
    _attrs = ("negated",)

    def __init__(self, element: Any, negated: bool = False) -> None:
        self.element = element
        self.negated = negated
        self.operator = operators.not_ if negated else None
        self.modifier = None
        self.type = element.type

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        return self

    def _negate(self) -> ColumnElement[Any]:
        return AsBoolean(self.element, not self.negated)

    @property
    def _select_name(self) -> Any:
        name = getattr(self.element, "name", None)
        return (name, False) if type(name) is str else None


class Grouping(ColumnElement[_T]):
    """Parentheses around an expression."""

    __visit_name__ = "grouping"
    _children = ("element",)

    def __init__(self, element: Any) -> None:
        self.element = element
        self.type = getattr(element, "type", NULLTYPE)

    def self_group(self, against: Any = None) -> "Grouping[_T]":
        return self

    def _negate(self) -> ColumnElement[Any]:
        inner = self.element
        if isinstance(inner, BinaryExpression):
            negated = inner._negate()
            return negated if isinstance(negated, Grouping) else Grouping(negated)
        if hasattr(inner, "_negate"):
            return inner._negate().self_group(against=operators.not_)
        return UnaryExpression(self, operator=operators.not_)

    @property
    def _from_objects(self) -> list[Any]:
        return list(getattr(self.element, "_from_objects", ()))

    @property
    def key(self) -> Optional[str]:  # type: ignore[override]
        return getattr(self.element, "key", None)

    @property
    def name(self) -> Optional[str]:
        return getattr(self.element, "name", None)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") or attr in ("element", "type"):
            raise AttributeError(attr)
        return getattr(self.element, attr)


class Label(ColumnElement[_T]):
    """``expr AS name``."""

    __visit_name__ = "label"
    _children = ("element",)
    _attrs = ("name",)
    _is_named = True

    def __init__(self, name: Optional[str], element: Any, type_: Any = None) -> None:
        from . import coercions

        element = coercions.expect_column_or_literal(element)
        while isinstance(element, Label):
            element = element.element
        self.name = name if name is not None else anon_name(getattr(element, "name", None) or "anon")
        self.key = self.name
        self.element = element
        self.type = to_instance(type_) if type_ is not None else element.type

    @property
    def _order_by_label_element(self) -> "Label[_T]":
        return self

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        # (a || b) = :param_1 -- outside the columns clause a label renders as its grouped element
        inner = self.element.self_group(against=against)
        if inner is self.element:
            return self
        new = self._generate()
        new.element = inner
        return new

    @property
    def _from_objects(self) -> list[Any]:
        return list(self.element._from_objects)

    @property
    def primary_key(self) -> bool:  # type: ignore[override]
        return bool(getattr(self.element, "primary_key", False))

    def _make_proxy(self, selectable: Any, name: Optional[str] = None, key: Optional[str] = None) -> "ColumnClause[Any]":
        col = super()._make_proxy(selectable, name=name or self.name, key=key)
        col._proxies = (self, self.element)
        return col


class ColumnClause(ColumnElement[_T]):
    """A named column, optionally of a table: ``column("name")``, ``table.c.name``."""

    __visit_name__ = "column"
    _attrs = ("name", "is_literal", "_table_key")
    _is_named = True
    is_literal = False
    onupdate = default = server_default = server_onupdate = None

    def __init__(self, text: str, type_: Any = None, is_literal: bool = False, _selectable: Any = None) -> None:
        self.name = text
        self.key = text
        self.type = to_instance(type_)
        self.is_literal = is_literal
        self.table = _selectable

    @property
    def _table_key(self) -> Any:
        t = self.table
        if t is None:
            return None
        return t._table_identity()

    @property
    def _from_objects(self) -> list[Any]:
        return [self.table] if self.table is not None else []

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        t = self.table
        if t is None:
            tkey = None
        else:
            tkey = t._gen_cache_key(binds) if getattr(t, "_is_derived", False) else t._table_identity()
        name = self.name
        if type(name) is AnonLabel:
            name = binds.anon_map.setdefault(name, ("anon", len(binds.anon_map)))  # type: ignore[attr-defined]
        return (type(self), name, self.is_literal, tkey, self.type._static_cache_key())

    def __hash__(self) -> int:
        return id(self)


def column(text: str, type_: Any = None, is_literal: bool = False, _selectable: Any = None) -> ColumnClause[Any]:
    """A free-standing column: ``select(column("a")).select_from(table("t"))``."""
    return ColumnClause(text, type_, is_literal, _selectable)


def literal_column(text: str, type_: Any = None) -> ColumnClause[Any]:
    """Literal SQL text used as a column (no quoting): ``literal_column("'%'")``."""
    return ColumnClause(text, type_, is_literal=True)


class CollationClause(ColumnElement[Any]):
    __visit_name__ = "collation"
    _attrs = ("collation",)

    def __init__(self, collation: str) -> None:
        self.collation = collation


def collate(expression: Any, collation: str) -> ColumnElement[Any]:
    from . import coercions

    return coercions.expect_column_or_literal(expression).collate(collation)


def distinct(expr: Any) -> ColumnElement[Any]:
    from . import coercions

    return coercions.expect_column_or_literal(expr).distinct()


def between(expr: Any, lower: Any, upper: Any, symmetric: bool = False) -> ColumnElement[bool]:
    from . import coercions

    return coercions.expect_column_or_literal(expr).between(lower, upper, symmetric=symmetric)


def _order_modifier(expr: Any, modifier: Any) -> ColumnElement[Any]:
    """``expr DESC`` etc.; a string names a label or column of the enclosing SELECT (``desc("cnt")``)."""
    from . import coercions

    element = coercions.expect_order_by(expr)
    if isinstance(element, ColumnElement):
        return element.operate(modifier)
    return UnaryExpression(element, modifier=modifier)


def asc(expr: Any) -> ColumnElement[Any]:
    return _order_modifier(expr, operators.asc_op)


def desc(expr: Any) -> ColumnElement[Any]:
    return _order_modifier(expr, operators.desc_op)


def nulls_first(expr: Any) -> ColumnElement[Any]:
    return _order_modifier(expr, operators.nulls_first_op)


def nulls_last(expr: Any) -> ColumnElement[Any]:
    return _order_modifier(expr, operators.nulls_last_op)


def any_(expr: Any) -> ColumnElement[Any]:
    from . import coercions

    return coercions.expect_column_or_literal(expr).any_()


def all_(expr: Any) -> ColumnElement[Any]:
    from . import coercions

    return coercions.expect_column_or_literal(expr).all_()


# The nodes defined beside this module (imported last: they build on the classes above).
from .literals import (  # noqa: E402
    _NO_VALUE, BindParameter, False_, Null, TextClause, True_, _BooleanConstant, bindparam, false,
    literal, null, text, true,
)
from .clauselist import (  # noqa: E402
    BooleanClauseList, ClauseList, ExpressionClauseList, Tuple, _as_list, and_, not_, or_, tuple_,
)
from .casts import (  # noqa: E402
    Case, Cast, Extract, TypeClause, TypeCoerce, _group_when, case, cast, extract, type_coerce,
)
from .window import FunctionFilter, Over, WithinGroup, funcfilter, over, within_group  # noqa: E402

__all__ = [
    "ColumnElement", "BindParameter", "TextClause", "Null", "True_", "False_", "ClauseList",
    "BooleanClauseList", "BinaryExpression", "UnaryExpression", "Grouping", "Label", "ColumnClause",
    "Case", "Cast", "TypeCoerce", "Extract", "Tuple", "Over", "WithinGroup", "FunctionFilter",
    "and_", "or_", "not_", "column", "literal_column", "literal", "bindparam", "null", "true",
    "false", "case", "cast", "type_coerce", "extract", "tuple_", "collate", "distinct", "between",
    "asc", "desc", "nulls_first", "nulls_last", "over", "within_group", "funcfilter", "any_",
    "all_", "text", "_Uncacheable",
]
