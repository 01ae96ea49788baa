"""Turning what users pass (Python values, columns, ORM attributes, strings) into expression nodes.

ORM attributes and entities take part by defining ``__clause_element__()``.
"""
from __future__ import annotations

import numbers
from typing import Any, Optional

from .base import ClauseElement
from .type_api import TypeEngine


def _unwrap(value: Any) -> Any:
    ce = getattr(value, "__clause_element__", None)
    if ce is not None and not isinstance(value, type):
        return ce()
    if ce is not None and isinstance(value, type):
        # a mapped class: its selectable
        return ce()
    return value


def literal_or_bind(value: Any, type_: Optional[TypeEngine[Any]] = None) -> Any:
    """A column expression for ``value``: expressions pass through, Python values become binds."""
    from .elements import BindParameter, Null

    value = _unwrap(value)
    if isinstance(value, ClauseElement):
        if hasattr(value, "_is_select_statement") and value._is_select_statement:
            return value.scalar_subquery()
        return value
    if value is None:
        return Null()
    return BindParameter(None, value, type_=type_, unique=True)


def expect_column_or_literal(value: Any) -> Any:
    return literal_or_bind(value)


def expect_where(value: Any) -> Any:
    """A WHERE/ON criterion: an expression, a boolean, or a ``text()`` fragment."""
    from orm import exc

    from .elements import False_, TextClause, True_

    value = _unwrap(value)
    if isinstance(value, bool):
        return True_() if value else False_()
    if isinstance(value, str):
        raise exc.ArgumentError(
            f"Textual SQL expression {value!r} should be explicitly declared as text({value!r})"
        )
    if isinstance(value, TextClause):
        return value
    if not isinstance(value, ClauseElement):
        raise exc.ArgumentError(
            f"SQL expression for WHERE/HAVING role expected, got {value!r}."
        )
    return value


def expect_order_by(value: Any) -> Any:
    """An ORDER BY / GROUP BY element: an expression, or a string naming a label or column."""
    from orm import exc

    from .elements import ColumnClause, TextClause

    original = value
    value = _unwrap(value)
    if isinstance(value, str):
        return _TextualLabelReference(value)
    if isinstance(value, int) and not isinstance(value, bool):
        raise exc.ArgumentError(f"ORDER BY expression expected, got integer {value!r}")
    if getattr(value, "_is_from_clause", False):
        # a table or entity has no ordering of its own; GROUP BY expands it (expect_group_by)
        shown = original if isinstance(original, type) else value
        raise exc.ArgumentError(f"ORDER BY expression expected, got {shown!r}.")
    if isinstance(value, (ClauseElement,)):
        return value
    raise exc.ArgumentError(f"SQL expression element or label name expected, got {value!r}.")


def expect_group_by(value: Any) -> tuple[Any, ...]:
    """GROUP BY elements for ``value``: a table, alias or mapped entity groups by all its columns.

    Example: ``expect_group_by(users)`` -> ``(users.c.id, users.c.name)``.
    """
    unwrapped = _unwrap(value)
    if getattr(unwrapped, "_is_from_clause", False):
        return tuple(unwrapped.c)
    return (expect_order_by(value),)


class _TextualLabelReference(ClauseElement):
    """``order_by("name")``: resolved by the compiler against the SELECT's labels/columns."""

    __visit_name__ = "textual_label_reference"
    _attrs = ("element",)

    def __init__(self, element: str) -> None:
        self.element = element

    @property
    def _from_objects(self) -> list[Any]:
        return []

    def self_group(self, against: Any = None) -> "ClauseElement":
        return self

    def desc(self) -> Any:
        from . import operators
        from .elements import UnaryExpression

        return UnaryExpression(self, modifier=operators.desc_op)

    def asc(self) -> Any:
        from . import operators
        from .elements import UnaryExpression

        return UnaryExpression(self, modifier=operators.asc_op)


def expect_columns_clause(value: Any) -> list[Any]:
    """Elements of a SELECT's columns clause: columns, expressions, tables (all their columns),
    mapped classes and ORM attributes (through ``__clause_element__``)."""
    from orm import exc

    from .elements import ColumnClause, False_, Null, TextClause, True_

    raw = value
    select_column = getattr(value, "_orm_select_column", None)
    if select_column is not None:
        # an ORM expression that names its column (a hybrid: ``AS fullname``)
        return [select_column()]
    value = _unwrap(value)
    if isinstance(value, str):
        raise exc.ArgumentError(
            f"Textual column expression {value!r} should be explicitly declared with "
            f"text({value!r}), or use column({value!r}) for more specificity"
        )
    if isinstance(value, ClauseElement):
        if getattr(value, "_is_from_clause", False):
            return list(value.c)
        if getattr(value, "_is_select_statement", False):
            return [value.scalar_subquery()]
        if isinstance(value, TextClause):
            return [value]
        return [value]
    if value is None:
        return [Null()]
    if value is True or value is False:
        return [True_() if value else False_()]
    if isinstance(value, numbers.Number):
        # select(1): a number is written into the SQL as it is, as SQLAlchemy does (``SELECT 1``)
        return [ColumnClause(str(value), is_literal=True)]
    hint = ""
    if isinstance(raw, list):
        # the 1.x select([a, b]) spelling, removed in 2.0: say what to write instead
        hint = f" Did you mean to say select({', '.join(repr(e) for e in raw)})?"
    raise exc.ArgumentError(
        f"Column expression, FROM clause, or other columns clause element expected, got {raw!r}.{hint}"
    )


def expect_from(value: Any) -> Any:
    from orm import exc

    value = _unwrap(value)
    if isinstance(value, ClauseElement) and getattr(value, "_is_from_clause", False):
        return value
    if isinstance(value, ClauseElement) and getattr(value, "_is_select_statement", False):
        return value.subquery()
    if isinstance(value, ClauseElement) and getattr(value, "_is_text", False):
        return value
    raise exc.ArgumentError(f"FROM expression, such as a Table or alias() object expected, got {value!r}.")
