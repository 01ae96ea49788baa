"""SQLAlchemy's abstract class names, for ``isinstance`` checks and annotations in user code.

SQLAlchemy builds its nodes from many small bases (``Selectable``, ``GenerativeSelect``,
``UpdateBase``, ``HasPrefixes``, ...).  Ours are fewer; these ABCs register the concrete classes
that play each part, so ``isinstance(select(t), GenerativeSelect)`` and
``isinstance(users, Selectable)`` answer as in SQLAlchemy.  Also: the typing aliases
``ColumnExpressionArgument``/``SQLColumnExpression``, ``CacheKey``, and the SAVEPOINT statements.

Example::

    from orm.sql.expression import Selectable, UpdateBase
    isinstance(users.update(), UpdateBase)   # True
"""
from __future__ import annotations

import abc
from typing import Any, Callable, NamedTuple, TypeVar, Union

from .base import ClauseElement, Executable
from .dml import DMLBase, ValuesBase
from .elements import ColumnElement
from .operators_mixin import ColumnOperators
from .select import CompoundSelect, Select, TextualSelect
from .selectable import FromClause, SelectBase

_T = TypeVar("_T")


class Visitable(abc.ABC):
    """Anything the compiler visits: every SQL expression node."""


class Operators(abc.ABC):
    """Objects that take SQL operators (``==``, ``+``, ``.op()``): columns and expressions."""


class Selectable(abc.ABC):
    """Something rows can be selected from or that returns rows: tables, joins, aliases, SELECTs."""


class GenerativeSelect(abc.ABC):
    """A SELECT that takes ORDER BY / LIMIT / OFFSET / FOR UPDATE: ``Select`` and set operations."""


class UpdateBase(abc.ABC):
    """INSERT, UPDATE and DELETE."""


class HasPrefixes(abc.ABC):
    """Statements that take ``.prefix_with(...)``."""


class HasSuffixes(abc.ABC):
    """Statements that take ``.suffix_with(...)``."""


Visitable.register(ClauseElement)
Operators.register(ColumnOperators)
for _cls in (FromClause, SelectBase):
    Selectable.register(_cls)
for _cls in (Select, CompoundSelect):
    GenerativeSelect.register(_cls)
UpdateBase.register(DMLBase)
for _cls in (Select, DMLBase):
    HasPrefixes.register(_cls)
HasSuffixes.register(Select)

# SQLAlchemy's older name for a SELECT given as text with its columns.
TextAsFrom = TextualSelect

# Typing aliases: what a function taking "a column expression" accepts (annotations only).
ColumnExpressionArgument = Union[ColumnElement[_T], Callable[[], ColumnElement[_T]]]
SQLColumnExpression = Union[ColumnElement[_T], ColumnOperators]


class CacheKey(NamedTuple):
    """A statement's shape (``key``, equal for statements that compile to the same SQL) and its
    bound parameters in traversal order (``bindparams``).

    Example::

        CacheKey.of(select(users).where(users.c.id == 5)).key
    """

    key: Any
    bindparams: list[Any]

    @classmethod
    def of(cls, statement: Any) -> "CacheKey | None":
        """The statement's cache key, or None when it cannot be cached."""
        gen = statement._generate_cache_key()
        return None if gen is None else cls(gen[0], list(gen[1]))


class _SavepointStatement(Executable, ClauseElement):
    _attrs = ("ident",)

    def __init__(self, ident: str) -> None:
        self.ident = ident


class SavepointClause(_SavepointStatement):
    """``SAVEPOINT name``."""

    __visit_name__ = "savepoint"


class RollbackToSavepointClause(_SavepointStatement):
    """``ROLLBACK TO SAVEPOINT name``."""

    __visit_name__ = "rollback_to_savepoint"


class ReleaseSavepointClause(_SavepointStatement):
    """``RELEASE SAVEPOINT name``."""

    __visit_name__ = "release_savepoint"


__all__ = [
    "Visitable", "Operators", "Selectable", "GenerativeSelect", "UpdateBase", "ValuesBase",
    "HasPrefixes", "HasSuffixes", "TextAsFrom", "ColumnExpressionArgument", "SQLColumnExpression",
    "CacheKey", "SavepointClause", "RollbackToSavepointClause", "ReleaseSavepointClause",
]
