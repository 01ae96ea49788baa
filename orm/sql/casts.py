"""Expressions whose SQL type comes from the construct rather than from their operands:
``CAST`` (``cast``), ``type_coerce`` (a Python-side type, no SQL), ``CASE`` (``case``) and
``EXTRACT`` (``extract``).

Example::

    from orm import case, cast, String
    select(cast(users.c.id, String), case((users.c.age < 18, "minor"), else_="adult"))
"""
from __future__ import annotations

from typing import Any, TypeVar

from .base import ClauseElement
from .clauselist import BooleanClauseList
from .elements import BinaryExpression, ColumnElement, Grouping, UnaryExpression
from .type_api import NULLTYPE, to_instance

_T = TypeVar("_T")


class TypeClause(ClauseElement):
    __visit_name__ = "typeclause"
    _attrs = ("type",)

    def __init__(self, type_: Any) -> None:
        self.type = to_instance(type_)


class Case(ColumnElement[_T]):
    """``CASE WHEN ... THEN ... ELSE ... END``.

    Example::

        case((users.c.age < 18, "minor"), else_="adult")
    """

    __visit_name__ = "case"
    _children = ("value", "whens", "else_")

    def __init__(self, *whens: Any, value: Any = None, else_: Any = None) -> None:
        from . import coercions

        if len(whens) == 1 and isinstance(whens[0], dict):
            pairs = list(whens[0].items())
        elif len(whens) == 1 and isinstance(whens[0], list):
            pairs = list(whens[0])
        else:
            pairs = list(whens)
        if value is not None:
            self.value = coercions.expect_column_or_literal(value)
            self.whens = tuple(
                (coercions.literal_or_bind(w, self.value.type), coercions.literal_or_bind(r))
                for w, r in pairs
            )
        else:
            self.value = None
            self.whens = tuple(
                (_group_when(coercions.expect_where(w)), coercions.literal_or_bind(r)) for w, r in pairs
            )
        self.else_ = coercions.literal_or_bind(else_) if else_ is not None else None
        type_ = NULLTYPE
        for _, r in self.whens:
            if r.type is not NULLTYPE:
                type_ = r.type
                break
        if type_ is NULLTYPE and self.else_ is not None:
            type_ = self.else_.type
        self.type = type_

    def get_children(self) -> Any:
        if self.value is not None:
            yield self.value
        for w, r in self.whens:
            yield w
            yield r
        if self.else_ is not None:
            yield self.else_


def _group_when(cond: Any) -> Any:
    """WHEN conditions are parenthesised: ``CASE WHEN (a > b) THEN ...``."""
    if isinstance(cond, (BinaryExpression, BooleanClauseList, UnaryExpression)):
        return Grouping(cond)
    return cond


def case(*whens: Any, value: Any = None, else_: Any = None) -> Case[Any]:
    return Case(*whens, value=value, else_=else_)


class Cast(ColumnElement[_T]):
    """``CAST(expr AS type)``."""

    __visit_name__ = "cast"
    _children = ("clause", "typeclause")

    def __init__(self, expression: Any, type_: Any) -> None:
        from . import coercions

        self.type = to_instance(type_)
        self.clause = coercions.literal_or_bind(expression, self.type)
        self.typeclause = TypeClause(self.type)

    @property
    def _from_objects(self) -> list[Any]:
        return list(self.clause._from_objects)

    @property
    def _select_name(self) -> Any:
        # CAST(users.id AS ...) AS id: the cast keeps its column's name, as a label
        name = getattr(self.clause, "name", None) if getattr(self.clause, "_is_named", False) else None
        return (name, True) if name and type(name) is str else None


def cast(expression: Any, type_: Any) -> Cast[Any]:
    """``CAST(expression AS type)``: ``cast(users.c.id, String)``."""
    return Cast(expression, type_)


class TypeCoerce(ColumnElement[_T]):
    """An expression given a Python-side type without SQL CAST."""

    __visit_name__ = "type_coerce"
    _children = ("clause",)
    _attrs = ("type",)

    def __init__(self, expression: Any, type_: Any) -> None:
        from . import coercions

        self.type = to_instance(type_)
        self.clause = coercions.literal_or_bind(expression, self.type)

    @property
    def _from_objects(self) -> list[Any]:
        return list(self.clause._from_objects)

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        inner = self.clause.self_group(against=against)
        if inner is not self.clause:
            return TypeCoerce(inner, self.type)
        return self

    _select_name = Cast._select_name


def type_coerce(expression: Any, type_: Any) -> TypeCoerce[Any]:
    return TypeCoerce(expression, type_)


class Extract(ColumnElement[int]):
    """``EXTRACT(field FROM expr)``."""

    __visit_name__ = "extract"
    _children = ("expr",)
    _attrs = ("field",)

    def __init__(self, field: str, expr: Any) -> None:
        from orm.types import Integer
        from . import coercions

        self.type = Integer()
        self.field = field
        self.expr = coercions.expect_column_or_literal(expr)


def extract(field: str, expr: Any) -> Extract:
    return Extract(field, expr)
