"""Lists of clauses: comma-separated (``ClauseList``), typed operator lists, ``a AND b`` /
``a OR b`` (``and_``, ``or_``, ``not_``) and row values (``tuple_``).

Example::

    from orm import and_, or_
    where = and_(users.c.id > 5, or_(users.c.name == "a", users.c.name == "b"))
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from . import operators
from .base import ClauseElement
from .elements import AsBoolean, ColumnElement, Grouping, UnaryExpression
from .literals import False_, True_, _BooleanConstant
from .type_api import to_instance


class ClauseList(ClauseElement):
    """A comma (or operator) separated list of clauses."""

    __visit_name__ = "clauselist"
    _children = ("clauses",)
    _attrs = ("operator",)

    def __init__(self, *clauses: Any, operator: Any = operators.comma_op, group: bool = True,
                 group_contents: bool = True) -> None:
        from . import coercions

        self.operator = operator
        self.group = group
        self.clauses = tuple(
            coercions.expect_column_or_literal(c).self_group(against=operator) if group_contents
            else coercions.expect_column_or_literal(c)
            for c in clauses
        )

    def __iter__(self) -> Any:
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)

    def self_group(self, against: Any = None) -> ClauseElement:
        if self.group and operators.is_precedent(self.operator, against):
            return Grouping(self)  # type: ignore[arg-type]
        return self

    @property
    def _from_objects(self) -> list[Any]:
        froms: list[Any] = []
        for c in self.clauses:
            for f in getattr(c, "_from_objects", ()):
                if f not in froms:
                    froms.append(f)
        return froms


class ExpressionClauseList(ColumnElement[Any]):
    """A typed, operator-joined list used as an expression (``tuple_``)."""

    __visit_name__ = "expression_clauselist"
    _children = ("clauses",)
    _attrs = ("operator",)

    def __init__(self, operator: Any, *clauses: Any, type_: Any = None) -> None:
        self.operator = operator
        self.clauses = tuple(clauses)
        self.type = to_instance(type_)


class BooleanClauseList(ColumnElement[bool]):
    """``a AND b AND c`` / ``a OR b``.

    Example::

        and_(users.c.id > 5, users.c.name == "x")
    """

    __visit_name__ = "boolean_clauselist"
    _children = ("clauses",)
    _attrs = ("operator",)

    def __init__(self, operator: Any, clauses: Sequence[ColumnElement[Any]]) -> None:
        from orm.types import BOOLEANTYPE

        self.operator = operator
        self.clauses = tuple(clauses)
        self.type = BOOLEANTYPE

    @classmethod
    def _construct(cls, operator: Any, clauses: Iterable[Any]) -> ColumnElement[Any]:
        from . import coercions

        continue_on = True_ if operator is operators.and_ else False_
        skip_on = False_ if operator is operators.and_ else True_
        flat: list[ColumnElement[Any]] = []
        for c in clauses:
            if c is None:
                continue
            c = coercions.expect_where(c)
            if isinstance(c, AsBoolean) and not c.negated and isinstance(c.element, _BooleanConstant):
                c = c.element  # where(false()) kept as a condition; still a constant here
            if isinstance(c, continue_on):
                continue
            if isinstance(c, skip_on):
                return c
            if isinstance(c, BooleanClauseList) and c.operator is operator:
                flat.extend(c.clauses)
            else:
                flat.append(c)
        if not flat:
            return continue_on() if clauses else cls(operator, ())
        if len(flat) == 1:
            return flat[0].self_group(against=operators.comma_op)
        return cls(operator, [c.self_group(against=operator) for c in flat])

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        if not self.clauses:
            return self
        if operators.is_precedent(self.operator, against):
            return Grouping(self)
        return self

    def _negate(self) -> ColumnElement[Any]:
        return UnaryExpression(self.self_group(against=operators.not_), operator=operators.not_,
                               type_=self.type)

    @property
    def _from_objects(self) -> list[Any]:
        froms: list[Any] = []
        for c in self.clauses:
            for f in c._from_objects:
                if f not in froms:
                    froms.append(f)
        return froms


def and_(*clauses: Any) -> ColumnElement[bool]:
    """``a AND b``: ``and_(users.c.id > 5, users.c.name == "x")``."""
    return BooleanClauseList._construct(operators.and_, clauses)


def or_(*clauses: Any) -> ColumnElement[bool]:
    """``a OR b``: ``or_(users.c.id == 1, users.c.id == 2)``."""
    return BooleanClauseList._construct(operators.or_, clauses)


def not_(clause: Any) -> ColumnElement[bool]:
    """``NOT clause`` (or the negated comparison: ``not_(a == b)`` is ``a != b``)."""
    from . import coercions

    return coercions.expect_where(clause).operate(operators.inv)


class Tuple(ColumnElement[Any]):
    """``(a, b)``: ``tuple_(t.c.a, t.c.b).in_([(1, 2), (3, 4)])``."""

    __visit_name__ = "tuple"
    _children = ("clauses",)

    def __init__(self, *clauses: Any, types: Any = None) -> None:
        from orm.types import TupleType
        from . import coercions

        types = types or [None] * len(clauses)
        self.clauses = tuple(coercions.literal_or_bind(c, to_instance(t) if t else None)
                             for c, t in zip(clauses, types))
        self.type = TupleType(*[c.type for c in self.clauses])

    def self_group(self, against: Any = None) -> "Tuple":
        return self


def tuple_(*clauses: Any, types: Any = None) -> Tuple:
    return Tuple(*clauses, types=types)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, ClauseList):
        return list(value.clauses)
    return [value]
