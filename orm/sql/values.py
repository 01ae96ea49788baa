"""``VALUES`` as a FROM element: ``values(column("id", Integer), column("name", String), name="v")
.data([(1, "a"), (2, "b")])`` renders ``(VALUES (:param_1, :param_2), ...) AS v (id, name)`` and can
be selected from, joined to, and used in ``INSERT ... FROM SELECT``.

Example::

    v = values(column("id", Integer), column("name", String), name="v").data([(1, "a"), (2, "b")])
    select(users.c.name).join_from(users, v, users.c.id == v.c.id)
    users.insert().from_select(["id", "name"], select(v))
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from .base import ColumnCollection, _generative
from .elements import ColumnClause, ColumnElement
from .literals import BindParameter
from .selectable import FromClause


class Values(FromClause):
    """A ``VALUES`` list of rows with named columns; see the module docstring.

    Each value is a bound parameter typed by its column (``literal_binds=True`` renders the values
    inline through their types' literal renderers, which quote safely or refuse).
    """

    __visit_name__ = "values"
    _children = ("_column_args", "_rows")
    _attrs = ("name", "literal_binds", "_is_lateral")
    named_with_column = True

    def __init__(self, *columns: ColumnClause[Any], name: Optional[str] = None,
                 literal_binds: bool = False) -> None:
        from orm import exc

        for c in columns:
            if not isinstance(c, ColumnClause):
                raise exc.ArgumentError(f"values() takes column() objects, got {c!r}")
        self._column_args = tuple(columns)
        self.name = name
        self.literal_binds = literal_binds
        self._is_lateral = False
        self._rows: tuple[tuple[BindParameter[Any], ...], ...] = ()

    @_generative
    def data(self, values: Iterable[Iterable[Any]]) -> None:
        """Add rows (each a sequence with one value per column); returns a new ``Values``."""
        from orm import exc

        rows = []
        width = len(self._column_args)
        for row in values:
            row = tuple(row)
            if len(row) != width:
                raise exc.ArgumentError(
                    f"values() row {row!r} has {len(row)} values for {width} columns")
            rows.append(tuple(
                v if isinstance(v, ColumnElement) else BindParameter(None, v, type_=c.type, unique=True)
                for v, c in zip(row, self._column_args)))
        self._rows = self._rows + tuple(rows)
        self.__dict__.pop("_columns", None)

    @_generative
    def _named(self, name: Optional[str], lateral: bool) -> None:
        self.name = name
        self._is_lateral = lateral
        self.__dict__.pop("_columns", None)

    def alias(self, name: Optional[str] = None, flat: bool = False) -> "Values":  # type: ignore[override]
        """The same rows under the name ``name`` (SQLAlchemy names a VALUES by aliasing it)."""
        return self._named(name, self._is_lateral)

    def lateral(self, name: Optional[str] = None) -> "Values":
        return self._named(name or self.name, True)

    def scalar_values(self) -> "ScalarValues":
        """The rows as a scalar expression: ``col.in_(values(...).data(...).scalar_values())``."""
        return ScalarValues(self)

    def _populate_columns(self) -> ColumnCollection:
        cols = ColumnCollection()
        for c in self._column_args:
            cols.add(c._make_proxy(self, name=c.name, key=c.key), c.key)
        return cols

    def _table_identity(self) -> Any:
        return ("values", id(self))


class ScalarValues(ColumnElement[Any]):
    """``(VALUES (...), (...))`` used as a column expression (e.g. the right side of IN)."""

    __visit_name__ = "scalar_values"
    _children = ("values",)

    def __init__(self, values: Values) -> None:
        self.values = values
        cols = values._column_args
        self.type = cols[0].type if len(cols) == 1 else _null()

    @property
    def _from_objects(self) -> list[Any]:
        return []


def _null() -> Any:
    from .type_api import NULLTYPE

    return NULLTYPE


def values(*columns: ColumnClause[Any], name: Optional[str] = None, literal_binds: bool = False) -> Values:
    """A ``VALUES`` FROM element over ``columns``; add rows with ``.data([...])``."""
    return Values(*columns, name=name, literal_binds=literal_binds)


__all__ = ["Values", "ScalarValues", "values"]
