"""``ColumnOperators``: the Python operator surface of column expressions.

Every method funnels into ``self.operate(op, *other, **kw)`` (or ``reverse_operate``); the
expression's type's ``Comparator`` decides what each operator builds.
"""
from __future__ import annotations

from typing import Any

from . import operators as ops


class ColumnOperators:
    """Operators shared by columns, expressions and ORM attributes.

    Example::

        users.c.name.like("a%") & (users.c.id > 5)
    """

    __slots__ = ()

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError()

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError()

    # comparison
    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return self.operate(ops.eq, other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return self.operate(ops.ne, other)

    def __lt__(self, other: Any) -> Any:
        return self.operate(ops.lt, other)

    def __le__(self, other: Any) -> Any:
        return self.operate(ops.le, other)

    def __gt__(self, other: Any) -> Any:
        return self.operate(ops.gt, other)

    def __ge__(self, other: Any) -> Any:
        return self.operate(ops.ge, other)

    __hash__ = object.__hash__

    # arithmetic
    def __add__(self, other: Any) -> Any:
        return self.operate(ops.add, other)

    def __radd__(self, other: Any) -> Any:
        return self.reverse_operate(ops.add, other)

    def __sub__(self, other: Any) -> Any:
        return self.operate(ops.sub, other)

    def __rsub__(self, other: Any) -> Any:
        return self.reverse_operate(ops.sub, other)

    def __mul__(self, other: Any) -> Any:
        return self.operate(ops.mul, other)

    def __rmul__(self, other: Any) -> Any:
        return self.reverse_operate(ops.mul, other)

    def __truediv__(self, other: Any) -> Any:
        return self.operate(ops.truediv, other)

    def __rtruediv__(self, other: Any) -> Any:
        return self.reverse_operate(ops.truediv, other)

    def __floordiv__(self, other: Any) -> Any:
        return self.operate(ops.floordiv, other)

    def __rfloordiv__(self, other: Any) -> Any:
        return self.reverse_operate(ops.floordiv, other)

    def __mod__(self, other: Any) -> Any:
        return self.operate(ops.mod, other)

    def __rmod__(self, other: Any) -> Any:
        return self.reverse_operate(ops.mod, other)

    def __neg__(self) -> Any:
        return self.operate(ops.neg)

    def __invert__(self) -> Any:
        return self.operate(ops.inv)

    def __getitem__(self, index: Any) -> Any:
        return self.operate(ops.getitem, index)

    # boolean combination
    def __and__(self, other: Any) -> Any:
        return self.operate(ops.and_, other)

    def __rand__(self, other: Any) -> Any:
        return self.reverse_operate(ops.and_, other)

    def __or__(self, other: Any) -> Any:
        return self.operate(ops.or_, other)

    def __ror__(self, other: Any) -> Any:
        return self.reverse_operate(ops.or_, other)

    # named operators
    def concat(self, other: Any) -> Any:
        return self.operate(ops.concat_op, other)

    def like(self, other: Any, escape: Any = None) -> Any:
        return self.operate(ops.like_op, other, escape=escape)

    def ilike(self, other: Any, escape: Any = None) -> Any:
        return self.operate(ops.ilike_op, other, escape=escape)

    def not_like(self, other: Any, escape: Any = None) -> Any:
        return self.operate(ops.not_like_op, other, escape=escape)

    notlike = not_like

    def not_ilike(self, other: Any, escape: Any = None) -> Any:
        return self.operate(ops.not_ilike_op, other, escape=escape)

    notilike = not_ilike

    def in_(self, other: Any) -> Any:
        return self.operate(ops.in_op, other)

    def not_in(self, other: Any) -> Any:
        return self.operate(ops.not_in_op, other)

    notin_ = not_in

    def is_(self, other: Any) -> Any:
        return self.operate(ops.is_, other)

    def is_not(self, other: Any) -> Any:
        return self.operate(ops.is_not, other)

    isnot = is_not

    def is_distinct_from(self, other: Any) -> Any:
        return self.operate(ops.is_distinct_from, other)

    def is_not_distinct_from(self, other: Any) -> Any:
        return self.operate(ops.is_not_distinct_from, other)

    isnot_distinct_from = is_not_distinct_from

    def startswith(self, other: Any, escape: Any = None, autoescape: bool = False) -> Any:
        return self.operate(ops.like_op, other, escape=escape, autoescape=autoescape, _pattern="startswith")

    def endswith(self, other: Any, escape: Any = None, autoescape: bool = False) -> Any:
        return self.operate(ops.like_op, other, escape=escape, autoescape=autoescape, _pattern="endswith")

    def contains(self, other: Any, escape: Any = None, autoescape: bool = False, **kw: Any) -> Any:
        return self.operate(ops.like_op, other, escape=escape, autoescape=autoescape, _pattern="contains")

    def istartswith(self, other: Any, escape: Any = None, autoescape: bool = False) -> Any:
        return self.operate(ops.ilike_op, other, escape=escape, autoescape=autoescape, _pattern="startswith")

    def iendswith(self, other: Any, escape: Any = None, autoescape: bool = False) -> Any:
        return self.operate(ops.ilike_op, other, escape=escape, autoescape=autoescape, _pattern="endswith")

    def icontains(self, other: Any, escape: Any = None, autoescape: bool = False) -> Any:
        return self.operate(ops.ilike_op, other, escape=escape, autoescape=autoescape, _pattern="contains")

    def match(self, other: Any, **kwargs: Any) -> Any:
        return self.operate(ops.match_op, other, **kwargs)

    def regexp_match(self, pattern: Any, flags: Any = None) -> Any:
        return self.operate(ops.regexp_match_op, pattern, flags=flags)

    def between(self, cleft: Any, cright: Any, symmetric: bool = False) -> Any:
        return self.operate(ops.between_op, cleft, cright, symmetric=symmetric)

    def collate(self, collation: str) -> Any:
        return self.operate(ops.collate, collation)

    def asc(self) -> Any:
        return self.operate(ops.asc_op)

    def desc(self) -> Any:
        return self.operate(ops.desc_op)

    def nulls_first(self) -> Any:
        return self.operate(ops.nulls_first_op)

    nullsfirst = nulls_first

    def nulls_last(self) -> Any:
        return self.operate(ops.nulls_last_op)

    nullslast = nulls_last

    def distinct(self) -> Any:
        return self.operate(ops.distinct_op)

    def any_(self) -> Any:
        return self.operate(ops.any_op)

    def all_(self) -> Any:
        return self.operate(ops.all_op)

    def bitwise_and(self, other: Any) -> Any:
        return self.operate(ops.bitwise_and_op, other)

    def bitwise_or(self, other: Any) -> Any:
        return self.operate(ops.bitwise_or_op, other)

    def bitwise_xor(self, other: Any) -> Any:
        return self.operate(ops.bitwise_xor_op, other)

    def op(
        self,
        opstring: str,
        precedence: int = 0,
        is_comparison: bool = False,
        return_type: Any = None,
    ) -> Any:
        """A custom binary operator: ``col.op("&")(0xff)``."""
        operator = ops.custom_op(opstring, precedence, is_comparison, return_type)

        def against(other: Any) -> Any:
            return self.operate(operator, other)

        return against

    def bool_op(self, opstring: str, precedence: int = 0) -> Any:
        return self.op(opstring, precedence=precedence, is_comparison=True)
