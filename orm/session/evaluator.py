"""Evaluating WHERE criteria and SET values in Python against objects in the identity map, for
``update()/delete()`` with ``synchronize_session="evaluate"`` (and ``"auto"``).

Example::

    fn = evaluate(User.name == "ed", mapper)
    fn(user)          # True / False / UNKNOWN (an attribute it needs is not loaded)

Comparisons, arithmetic, ``AND/OR/NOT``, ``IN``, ``IS [NOT] NULL`` and string concatenation are
supported; anything else (``LIKE``, functions, subqueries) raises :class:`Unevaluatable`.
"""
from __future__ import annotations

import operator as _op
from typing import Any, Callable

from orm.mapping.base import STATE_KEY
from orm.sql import operators as ops
from orm.sql.elements import (
    BinaryExpression,
    BindParameter,
    BooleanClauseList,
    False_,
    Grouping,
    Null,
    True_,
    UnaryExpression,
)
from orm.sql.schema import Column


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


class Unevaluatable(Exception):
    """The expression has a construct Python evaluation does not cover."""


def _none_safe(fn: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def op(a: Any, b: Any) -> Any:
        if a is None or b is None:
            return None  # SQL: a comparison with NULL is NULL
        return fn(a, b)

    return op


_BINARY: dict[Any, Callable[[Any, Any], Any]] = {
    ops.eq: _none_safe(_op.eq), ops.ne: _none_safe(_op.ne), ops.lt: _none_safe(_op.lt),
    ops.le: _none_safe(_op.le), ops.gt: _none_safe(_op.gt), ops.ge: _none_safe(_op.ge),
    ops.add: _none_safe(_op.add), ops.sub: _none_safe(_op.sub), ops.mul: _none_safe(_op.mul),
    ops.truediv: _none_safe(_op.truediv), ops.mod: _none_safe(_op.mod),
    ops.floordiv: _none_safe(_op.floordiv), ops.concat_op: _none_safe(_op.add),
    ops.is_: lambda a, b: a is b or a == b if b is not None else a is None,
    ops.is_not: lambda a, b: not (a is b or a == b) if b is not None else a is not None,
    ops.in_op: lambda a, b: None if a is None else a in b,
    ops.not_in_op: lambda a, b: None if a is None else a not in b,
}


def evaluate(expr: Any, mapper: Any) -> Callable[[Any], Any]:
    """A function of an object giving the expression's value for it."""
    if hasattr(expr, "__clause_element__"):
        expr = expr.__clause_element__()
    return _compile(expr, mapper)


def _compile(e: Any, mapper: Any) -> Callable[[Any], Any]:
    if isinstance(e, Grouping):
        return _compile(e.element, mapper)
    if isinstance(e, BindParameter):
        value = e.effective_value if e.callable is not None else e.value
        return lambda obj: value
    if isinstance(e, Null):
        return lambda obj: None
    if isinstance(e, True_):
        return lambda obj: True
    if isinstance(e, False_):
        return lambda obj: False
    if isinstance(e, Column):
        prop = mapper._columntoproperty.get(e)
        if prop is None:
            raise Unevaluatable(f"Cannot evaluate column {e}: it is not mapped by {mapper}")
        key = prop.key

        def get(obj: Any) -> Any:
            d = obj.__dict__
            if key in d:
                return d[key]
            st = d.get(STATE_KEY)
            if st is not None and st.key is None:
                return None
            return UNKNOWN
        return get
    if isinstance(e, BooleanClauseList):
        parts = [_compile(c, mapper) for c in e.clauses]
        if e.operator is ops.and_:
            def all_(obj: Any) -> Any:
                # SQL's three-valued AND: FALSE wins, then NULL
                result: Any = True
                for p in parts:
                    v = p(obj)
                    if v is UNKNOWN:
                        return UNKNOWN
                    if v is None:
                        result = None
                    elif not v:
                        return False
                return result
            return all_
        if e.operator is ops.or_:
            def any_(obj: Any) -> Any:
                result: Any = False
                for p in parts:
                    v = p(obj)
                    if v is UNKNOWN:
                        return UNKNOWN
                    if v:
                        return True
                    if v is None:
                        result = None
                return result
            return any_
    if isinstance(e, UnaryExpression):
        inner = _compile(e.element, mapper)
        if e.operator is ops.not_ or e.operator is ops.inv:
            return lambda obj: _not(inner(obj))
        if e.operator is ops.neg:
            return lambda obj: _unary(inner(obj), _op.neg)
        if e.operator is None and e.modifier is None:
            return inner
        raise Unevaluatable(f"Cannot evaluate {type(e).__name__} with operator {e.operator or e.modifier}")
    if isinstance(e, BinaryExpression):
        fn = _BINARY.get(e.operator)
        if fn is None:
            raise Unevaluatable(f"Cannot evaluate BinaryExpression with operator {e.operator}")
        left = _compile(e.left, mapper)
        if hasattr(e.right, "__visit_name__"):
            right = _compile(e.right, mapper)
        else:
            plain = e.right
            right = lambda obj: plain  # noqa: E731

        def binary(obj: Any) -> Any:
            a, b = left(obj), right(obj)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return fn(a, b)
        return binary
    raise Unevaluatable(f"Cannot evaluate {type(e).__name__}")


def _not(v: Any) -> Any:
    if v is UNKNOWN or v is None:
        return v
    return not v


def _unary(v: Any, fn: Callable[[Any], Any]) -> Any:
    if v is UNKNOWN or v is None:
        return v
    return fn(v)
