"""Smaller public constructs of ``sqlalchemy`` / ``sqlalchemy.sql.expression`` built on the core
nodes: standalone ``label()``/``cte()``, ``nullsfirst``/``nullslast``, ``outparam``,
``bitwise_not``, ``try_cast``, ``quoted_name``, ``tablesample``, ``modifier``, ``SelectLabelStyle``
and the nullability markers ``Nullable``/``NotNullable``.

Example::

    from orm import select, label, nullsfirst, tablesample, func
    select(label("n", users.c.name)).order_by(nullsfirst(users.c.name))
    select(tablesample(users, func.bernoulli(1), name="s").c.id)
"""
from __future__ import annotations

import enum
from typing import Any, Optional, TypeVar

from . import operators
from .casts import Cast
from .elements import Label, UnaryExpression, nulls_first, nulls_last
from .functions import _FunctionGenerator, func
from .literals import BindParameter
from .select import (
    LABEL_STYLE_DISAMBIGUATE_ONLY,
    LABEL_STYLE_NONE,
    LABEL_STYLE_TABLENAME_PLUS_COL,
)
from .selectable import CTE, AliasedReturnsRows, FromClause

_T = TypeVar("_T")

# SQLAlchemy's older spellings of nulls_first()/nulls_last(); same constructs.
nullsfirst = nulls_first
nullslast = nulls_last

# ``func`` whose calls are not parenthesised against neighbouring operators: SQLAlchemy exports it
# as ``modifier``; it builds the same Function nodes as ``func``.
modifier = _FunctionGenerator()


def label(name: str, element: Any, type_: Any = None) -> Label[Any]:
    """``element AS name``: ``select(label("n", users.c.name))``."""
    return Label(name, element, type_)


def cte(selectable: Any, name: Optional[str] = None, recursive: bool = False) -> CTE:
    """A WITH clause member from a SELECT (or DML with RETURNING): ``cte(select(t.c.id), name="ids")``
    is ``select(t.c.id).cte("ids")``."""
    if not hasattr(selectable, "cte"):
        from orm import exc

        raise exc.ArgumentError(f"cte() needs a SELECT or DML statement, got {selectable!r}")
    return selectable.cte(name=name, recursive=recursive)  # type: ignore[no-any-return]


def outparam(key: str, type_: Any = None) -> BindParameter[Any]:
    """An OUT parameter of a stored procedure call: a bound parameter flagged ``isoutparam``, with no
    value (``func.my_proc(outparam("total", Integer))``)."""
    return BindParameter(key, None, type_=type_, unique=False, isoutparam=True)


class BitwiseNot(UnaryExpression[_T]):
    """``~expr``: SQL's bitwise complement (PostgreSQL, MySQL and SQLite all spell it ``~``)."""

    __visit_name__ = "bitwise_not"

    def __init__(self, element: Any) -> None:
        from . import coercions

        el = coercions.expect_column_or_literal(element)
        # a binary operand such as ``a + b`` is parenthesised under ``~``
        super().__init__(el, operator=operators.neg, type_=getattr(el, "type", None))


def bitwise_not(expr: Any) -> BitwiseNot[Any]:
    """``~expr``: ``select(bitwise_not(t.c.flags))``."""
    return BitwiseNot(expr)


class TryCast(Cast[_T]):
    """``TRY_CAST(expr AS type)`` - a cast that yields NULL instead of failing.

    Only SQL Server has it; as in SQLAlchemy, compiling it for SQLite, PostgreSQL or MySQL raises
    ``UnsupportedCompilationError`` (``str()`` still shows the generic form).
    """

    __visit_name__ = "try_cast"


def try_cast(expression: Any, type_: Any) -> TryCast[Any]:
    """``TRY_CAST(expression AS type_)`` (SQL Server); see :class:`TryCast`."""
    return TryCast(expression, type_)


class quoted_name(str):
    """A name with its quoting decided: ``quote=True`` always quotes it (keeping its case),
    ``quote=False`` never does, ``None`` leaves it to the dialect's rules.

    Example::

        table(quoted_name("MyTable", True), column("id"))   # FROM "MyTable"
    """

    quote: Optional[bool]

    def __new__(cls, value: str, quote: Optional[bool] = None) -> "quoted_name":
        if value is None:
            return None  # type: ignore[return-value]  # as SQLAlchemy: no name stays no name
        if isinstance(value, cls) and (quote is None or value.quote == quote):
            return value
        self = super().__new__(cls, value)
        self.quote = quote
        return self

    def __reduce__(self) -> Any:
        return quoted_name, (str(self), self.quote)

    # A forced-quote name is case sensitive: its case never folds.
    def lower(self) -> str:
        return self if self.quote else str.lower(self)

    def upper(self) -> str:
        return self if self.quote else str.upper(self)

    def __repr__(self) -> str:
        return f"quoted_name({str.__repr__(self)}, quote={self.quote!r})"


class TableSample(AliasedReturnsRows):
    """``table AS name TABLESAMPLE method(arg) [REPEATABLE (seed)]`` (PostgreSQL's sampling clause).

    Example::

        s = tablesample(users, func.bernoulli(10), name="s", seed=func.random())
        select(s.c.id)   # ... FROM users AS s TABLESAMPLE bernoulli(:bernoulli_1) REPEATABLE (random())
    """

    __visit_name__ = "tablesample"
    _children = ("element", "sampling", "seed")

    def __init__(self, selectable: Any, sampling: Any, name: Optional[str] = None, seed: Any = None) -> None:
        from . import coercions

        super().__init__(coercions.expect_from(selectable), name)
        # a bare number samples that percentage with the SYSTEM method, as SQLAlchemy does
        self.sampling = sampling if hasattr(sampling, "__visit_name__") else func.system(sampling)
        self.seed = seed


def tablesample(selectable: Any, sampling: Any, name: Optional[str] = None, seed: Any = None) -> TableSample:
    """A sampled alias of ``selectable``; see :class:`TableSample`."""
    if not isinstance(selectable, FromClause) and not hasattr(selectable, "__table__"):
        from orm import exc

        raise exc.ArgumentError(f"tablesample() needs a table or other FROM clause, got {selectable!r}")
    return TableSample(selectable, sampling, name, seed)


class SelectLabelStyle(str, enum.Enum):
    """How a SELECT labels its columns; ``select(...).set_label_style(SelectLabelStyle.LABEL_STYLE_NONE)``.

    A ``str`` enum whose values are the ``LABEL_STYLE_*`` constants, so both spellings are accepted
    wherever a label style is.
    """

    LABEL_STYLE_NONE = LABEL_STYLE_NONE
    LABEL_STYLE_TABLENAME_PLUS_COL = LABEL_STYLE_TABLENAME_PLUS_COL
    LABEL_STYLE_DISAMBIGUATE_ONLY = LABEL_STYLE_DISAMBIGUATE_ONLY
    LABEL_STYLE_DEFAULT = LABEL_STYLE_DISAMBIGUATE_ONLY


def Nullable(val: Any) -> Any:  # noqa: N802 - SQLAlchemy's name
    """Typing marker: ``mapped_column(Nullable(String))`` reads as an optional column type.  At
    runtime it returns its argument unchanged."""
    return val


def NotNullable(val: Any) -> Any:  # noqa: N802 - SQLAlchemy's name
    """Typing marker: the argument is never NULL.  At runtime it returns its argument unchanged."""
    return val


__all__ = [
    "nullsfirst", "nullslast", "modifier", "label", "cte", "outparam", "BitwiseNot", "bitwise_not",
    "TryCast", "try_cast", "quoted_name", "TableSample", "tablesample", "SelectLabelStyle", "Nullable",
    "NotNullable",
]
