"""Window functions and aggregate modifiers: ``func.x().over(...)`` (``Over``), ``WITHIN GROUP
(ORDER BY ...)`` and ``FILTER (WHERE ...)``.

Example::

    from orm import func
    select(func.row_number().over(partition_by=users.c.team, order_by=users.c.id))
"""
from __future__ import annotations

from typing import Any, Optional, TypeVar

from .clauselist import ClauseList, _as_list, and_
from .elements import ColumnElement
from .literals import BindParameter

_T = TypeVar("_T")


class Over(ColumnElement[_T]):
    """A window function: ``func.row_number().over(partition_by=..., order_by=...)``."""

    __visit_name__ = "over"
    _children = ("element", "partition_by", "order_by", "_frame_binds")
    _attrs = ("_frame_shape",)

    def __init__(self, element: Any, partition_by: Any = None, order_by: Any = None,
                 range_: Any = None, rows: Any = None) -> None:
        from . import coercions

        self.element = element
        self.type = element.type
        self.partition_by = (
            ClauseList(*_as_list(partition_by), group=False) if partition_by is not None else None
        )
        self.order_by = (
            ClauseList(*[coercions.expect_order_by(o) for o in _as_list(order_by)], group=False)
            if order_by is not None else None
        )
        if range_ is not None and rows is not None:
            from orm import exc

            raise exc.ArgumentError("'range_' and 'rows' are mutually exclusive")
        self.range_ = self._interpret(range_)
        self.rows = self._interpret(rows)
        from orm.types import Integer

        frame = self.range_ or self.rows or ()
        self._frame_binds = tuple(BindParameter(None, abs(v), type_=Integer(), unique=True)
                                  for v in frame if v)

    @property
    def _frame_shape(self) -> Any:
        def sign(v: Any) -> Any:
            return None if v is None else (v > 0) - (v < 0)

        kind = "range" if self.range_ is not None else "rows" if self.rows is not None else None
        frame = self.range_ or self.rows or (None, None)
        return (kind, sign(frame[0]), sign(frame[1]))

    @staticmethod
    def _interpret(rng: Any) -> Optional[tuple[Any, Any]]:
        if rng is None:
            return None
        lo, hi = rng
        for v in (lo, hi):
            if v is not None and not isinstance(v, int):
                from orm import exc

                raise exc.ArgumentError("Integer or None expected for range value")
        return (lo, hi)

    @property
    def _from_objects(self) -> list[Any]:
        froms: list[Any] = []
        for c in self.get_children():
            for f in c._from_objects:  # type: ignore[attr-defined]
                if f not in froms:
                    froms.append(f)
        return froms


class WithinGroup(ColumnElement[_T]):
    __visit_name__ = "withingroup"
    _children = ("element", "order_by")

    def __init__(self, element: Any, *order_by: Any) -> None:
        from . import coercions

        self.element = element
        self.type = element.type
        self.order_by = ClauseList(*[coercions.expect_order_by(o) for o in order_by], group=False)

    def over(self, **kw: Any) -> Over[_T]:
        return Over(self, **kw)


class FunctionFilter(ColumnElement[_T]):
    __visit_name__ = "funcfilter"
    _children = ("func", "criterion")

    def __init__(self, func: Any, *criterion: Any) -> None:
        self.func = func
        self.type = func.type
        self.criterion = and_(*criterion)

    def over(self, **kw: Any) -> Over[_T]:
        return Over(self, **kw)


def over(element: Any, partition_by: Any = None, order_by: Any = None, range_: Any = None,
         rows: Any = None) -> Over[Any]:
    return Over(element, partition_by=partition_by, order_by=order_by, range_=range_, rows=rows)


def within_group(element: Any, *order_by: Any) -> WithinGroup[Any]:
    return WithinGroup(element, *order_by)


def funcfilter(func: Any, *criterion: Any) -> FunctionFilter[Any]:
    return FunctionFilter(func, *criterion)
