"""PostgreSQL array expressions: the ``ARRAY[...]`` literal (``array``), ``array_agg`` typed as a
PostgreSQL ``ARRAY``, and the ``Any`` / ``All`` spellings of ``arr.any(x)`` / ``arr.all(x)``.

Example::

    from orm.dialects.postgresql import array, array_agg, Any
    select(array([1, 2, t.c.id])[2])                  # (ARRAY[%(param_1)s, ...])[%(param_3)s]
    select(t.c.id).where(Any("x", t.c.tags))          # %(tags_1)s = ANY (t.tags)
    select(array_agg(t.c.name)).group_by(t.c.kind)    # typed ARRAY(String): [1] indexes it
"""
from __future__ import annotations

from typing import Any as _Any, Iterable  # Any is also a construct's name here

from orm import exc
from orm.sql import operators
from orm.sql.elements import ColumnElement, Grouping
from orm.sql.sqltypes.structured import _ARRAYComparator
from orm.sql.type_api import NULLTYPE, to_instance

from .types import ARRAY

__all__ = ["array", "array_agg", "Any", "All"]


class _ArrayLiteralComparator(_ARRAYComparator):
    __slots__ = ()

    def _bind(self, value: _Any, type_: _Any) -> _Any:
        # a list compared with an ARRAY[...] literal is another literal: ARRAY[1, 2] @> ARRAY[%(p)s]
        if isinstance(value, (list, tuple)):
            return array(value, type_=self.type.item_type)
        return super()._bind(value, type_)


class _ArrayLiteralType(ARRAY):
    """The type of an ``array(...)`` expression: an ARRAY whose list operands become literals."""

    comparator_factory = _ArrayLiteralComparator


class array(ColumnElement[_Any]):
    """An ``ARRAY[a, b, ...]`` literal; items are bound values or expressions.

    ``type_`` is the item type (otherwise the first item's type); an array of arrays is a
    two-dimensional array.  Indexing, slicing and ``contains``/``overlap`` work as on ARRAY columns.

    Example::

        select(array([1, 2]) + array([3]))
        select(t.c.tags.overlap(array(["a", "b"])))
    """

    __visit_name__ = "pg_array"
    _children = ("clauses",)
    key = None  # bound items and indexes get anonymous names, as SQLAlchemy's (param_N)

    def __init__(self, clauses: Iterable[_Any], type_: _Any = None, **kw: _Any) -> None:
        from orm.sql import coercions

        if kw:
            raise exc.ArgumentError(f"array() got unexpected keyword arguments: {sorted(kw)}")
        if isinstance(clauses, (str, bytes)) or not hasattr(clauses, "__iter__"):
            raise exc.ArgumentError(f"array() takes an iterable of items, got {clauses!r}")
        item_type = to_instance(type_) if type_ is not None else None
        self.clauses = tuple(coercions.literal_or_bind(c, item_type) for c in clauses)
        if item_type is None:
            item_type = self.clauses[0].type if self.clauses else NULLTYPE
        if isinstance(item_type, ARRAY):
            # an array of arrays is one array with one more dimension
            dims = item_type.dimensions + 1 if item_type.dimensions is not None else 2
            self.type = _ArrayLiteralType(item_type.item_type, dimensions=dims)
        else:
            self.type = _ArrayLiteralType(item_type)

    def self_group(self, against: _Any = None) -> ColumnElement[_Any]:
        # (ARRAY[...])[1]: PostgreSQL needs the literal parenthesised before a subscript
        if against in (operators.any_op, operators.all_op, operators.getitem):
            return Grouping(self)
        return self


def render_array(compiler: _Any, element: array, **kw: _Any) -> str:
    return "ARRAY[" + ", ".join(compiler.process(c, **kw) for c in element.clauses) + "]"


def array_agg(*args: _Any, **kw: _Any) -> _Any:
    """``array_agg(expr)`` typed as a PostgreSQL ``ARRAY`` of the aggregated expression's type
    (unless ``type_`` is given), so the result can be indexed and compared like an array column.

    Example: ``select(array_agg(t.c.name)[1])`` -> ``(array_agg(t.name))[%(array_agg_1)s]``.
    """
    from orm.sql.functions import func

    if "type_" not in kw and args:
        # (aggregate_order_by(expr, ...) has expr's type)
        first = getattr(args[0], "type", None)
        if first is not None and first is not NULLTYPE:
            kw["type_"] = first if isinstance(first, ARRAY) else ARRAY(first)
    return func.array_agg(*args, **kw)


def Any(other: _Any, arrexpr: _Any, operator: _Any = operators.eq) -> ColumnElement[_Any]:  # noqa: N802
    """``other <op> ANY (arrexpr)``: the same as ``arrexpr.any(other, operator)``.

    Example: ``Any("x", t.c.tags)`` -> ``%(tags_1)s = ANY (t.tags)``.
    """
    return _quantified(arrexpr, "any", other, operator)


def All(other: _Any, arrexpr: _Any, operator: _Any = operators.eq) -> ColumnElement[_Any]:  # noqa: N802
    """``other <op> ALL (arrexpr)``: the same as ``arrexpr.all(other, operator)``.

    Example: ``All(0, t.c.scores, operator=operators.lt)`` -> ``%(scores_1)s < ALL (t.scores)``.
    """
    return _quantified(arrexpr, "all", other, operator)


def _quantified(arrexpr: _Any, which: str, other: _Any, operator: _Any) -> ColumnElement[_Any]:
    from orm.types import ARRAY as _GenericARRAY

    if not isinstance(getattr(arrexpr, "type", None), _GenericARRAY):
        raise exc.ArgumentError(
            f"{which.capitalize()}() needs an ARRAY expression as its second argument, got {arrexpr!r}"
        )
    return getattr(arrexpr.comparator, which)(other, operator)
