"""INSERT, UPDATE and DELETE statements.

Example::

    insert(users).values(name="ed")
    insert(users).values([{"name": "a"}, {"name": "b"}])          # multi-row VALUES
    update(users).where(users.c.id == 5).values(name="x").returning(users.c.id)
    delete(users).where(users.c.name.like("tmp%"))
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc

from . import coercions, operators
from .base import ClauseElement, Executable, _generative
from .elements import ColumnElement
from .selectable import HasCTE


class DMLBase(HasCTE, Executable, ClauseElement):
    """Common to INSERT, UPDATE and DELETE: target table, RETURNING, WHERE."""

    _returning: tuple[Any, ...] = ()
    _returning_raw: tuple[Any, ...] = ()
    _where_criteria: tuple[Any, ...] = ()
    # criteria the ORM target implies (a single-table subclass's discriminator), rendered after
    # the statement's own: UPDATE employees ... WHERE <criteria> AND employees.type IN (...)
    _orm_where: tuple[Any, ...] = ()
    _prefixes: tuple[Any, ...] = ()
    _hints: tuple[Any, ...] = ()
    _return_defaults = False
    is_dml = True
    is_insert = is_update = is_delete = False

    def __init__(self, table: Any) -> None:
        target = coercions._unwrap(table)
        self._entity = table
        self.table = getattr(target, "__table__", target)
        if not getattr(self.table, "_is_from_clause", False):
            raise exc.ArgumentError(f"Table or mapped class expected as the DML target, got {table!r}")
        mapper = getattr(table, "__mapper__", None) if isinstance(table, type) else None
        if mapper is not None and mapper.with_polymorphic and mapper._polymorphic_adapter is not None:
            # a class loaded through a polymorphic union (concrete inheritance) stands for the
            # union, which no INSERT/UPDATE/DELETE can target (SQLAlchemy refuses it too)
            raise exc.ArgumentError(
                f"subject table for an INSERT, UPDATE or DELETE expected, got the polymorphic union "
                f"{mapper._with_polymorphic_selectable.name!r} of class {table.__name__}; target its "
                f"table instead ({table.__name__}.__table__)"
            )
        if (self.is_update or self.is_delete) and getattr(table, "_orm_select_plugin", None) is not None:
            from orm.mapping.joins import select_entity

            info = select_entity(table)
            if info is not None and info.criterion is not None:
                self._orm_where = (info.criterion.self_group(against=operators._asbool),)

    @_generative
    def returning(self, *cols: Any, sort_by_parameter_order: bool = False) -> None:
        """``RETURNING cols`` (PostgreSQL, SQLite >= 3.35, MariaDB >= 10.5 for INSERT/DELETE)."""
        out: list[Any] = list(self._returning)
        for c in cols:
            out.extend(coercions.expect_columns_clause(c))
        self._returning = tuple(out)
        self._returning_raw = self._returning_raw + cols  # ORM: returning(User) yields objects

    @_generative
    def return_defaults(self, *cols: Any, supplemental_cols: Any = None, sort_by_parameter_order: bool = False) -> None:
        self._return_defaults = True

    @_generative
    def prefix_with(self, *prefixes: Any, dialect: str = "*") -> None:
        self._prefixes = self._prefixes + tuple((p, dialect) for p in prefixes)

    @_generative
    def with_hint(self, text: str, selectable: Any = None, dialect_name: str = "*") -> None:
        self._hints = self._hints + ((selectable, text, dialect_name),)

    def _exported_columns(self) -> list[tuple[str, Any, ColumnElement[Any]]]:
        from .select import Select

        if not self._returning:
            return []
        return Select(*self._returning)._exported_columns()

    @property
    def exported_columns(self) -> Any:
        from .base import ColumnCollection

        return ColumnCollection([(k, c) for k, n, c in self._exported_columns()])

    @property
    def _from_objects(self) -> list[Any]:
        return []

    def _resolve_key(self, key: Any) -> Any:
        key = coercions._unwrap(key)
        if isinstance(key, str):
            col = self.table.c.get(key)
            if col is None:
                return key
            return col
        return key


class ValuesBase(DMLBase):
    _values: Optional[tuple[tuple[Any, Any], ...]] = None
    _multi_values: tuple[tuple[tuple[Any, Any], ...], ...] = ()
    _select_names: Optional[tuple[Any, ...]] = None
    _inline = False

    @_generative
    def values(self, *args: Any, **kwargs: Any) -> None:
        """Set values: keyword arguments, a dict, a list of dicts (multi-row) or a tuple."""
        items: list[tuple[Any, Any]] = []
        if args:
            arg = args[0]
            if len(args) > 1 or (isinstance(arg, (list, tuple)) and arg and isinstance(arg[0], (dict, list, tuple))):
                rows = args if len(args) > 1 else arg
                if not self.is_insert:
                    raise exc.ArgumentError("UPDATE construct does not support multiple parameter sets.")
                if self._values:
                    raise exc.InvalidRequestError("Can't mix single and multiple VALUES formats in one INSERT statement")
                multi = []
                for i, row in enumerate(rows):
                    pairs = row.items() if isinstance(row, dict) else zip(list(self.table.c), row)
                    multi.append(tuple(self._value_pair(k, v, f"_m{i}") for k, v in pairs))
                self._multi_values = self._multi_values + tuple(multi)
                return
            if isinstance(arg, dict):
                items = list(arg.items())
            elif isinstance(arg, (list, tuple)):
                items = list(zip(list(self.table.c), arg))
            else:
                raise exc.ArgumentError(f"values() expects a dict, a list of dicts or keyword arguments, got {arg!r}")
        if self._multi_values:
            raise exc.InvalidRequestError("Can't mix single and multiple VALUES formats in one INSERT statement")
        merged: dict[Any, Any] = {}
        for k, v in self._values or ():
            merged[_key_of(k)] = (k, v)
        for k, v in items + list(kwargs.items()):
            pair = self._value_pair(k, v, "")
            merged[_key_of(pair[0])] = pair
        self._values = tuple(merged.values())

    def _value_pair(self, key: Any, value: Any, suffix: str) -> tuple[Any, Any]:
        """(column or key string, value expression): plain values become binds named after the column."""
        from .elements import BindParameter

        col = self._resolve_key(key)
        v = coercions._unwrap(value)
        if isinstance(v, ClauseElement):
            if getattr(v, "_is_select_statement", False):
                v = v.scalar_subquery()
            return col, v
        name = col if isinstance(col, str) else col.key
        type_ = None if isinstance(col, str) else col.type
        bp = BindParameter(f"{name}{suffix}", v, type_=type_, required=False)
        bp._crud = True
        # a value given to values(): it behaves as a unique parameter when another bind takes its name
        bp._crud_literal = True
        return col, bp


class Insert(ValuesBase):
    """``INSERT INTO table (cols) VALUES (...)``; build with :func:`insert`."""

    __visit_name__ = "insert"
    _children = ("_values_children", "_returning", "_select", "_post_values_clause")
    _attrs = ("_values_keys", "_inline", "_prefixes", "_hints", "_select_names_key")
    is_insert = True
    _select: Any = None
    _post_values_clause: Any = None

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        base = super()._gen_cache_key(binds)
        return (base, self.table._table_identity())

    @property
    def _values_keys(self) -> Any:
        if self._multi_values:
            return tuple(tuple(_key_of(k) for k, _ in row) for row in self._multi_values)
        if self._values:
            return tuple(_key_of(k) for k, _ in self._values)
        return None

    @property
    def _values_children(self) -> tuple[Any, ...]:
        rows = self._multi_values or ((self._values,) if self._values else ())
        return tuple(v for row in rows for _, v in row or ())

    @property
    def _select_names_key(self) -> Any:
        return None if self._select_names is None else tuple(_key_of(k) for k in self._select_names)

    @_generative
    def inline(self) -> None:
        self._inline = True

    @_generative
    def from_select(self, names: Any, select: Any, include_defaults: bool = True) -> None:
        """``INSERT INTO t (names) SELECT ...``."""
        if self._values or self._multi_values:
            raise exc.InvalidRequestError("This construct already inserts value expressions")
        self._select_names = tuple(self._resolve_key(n) for n in names)
        self._select = coercions._unwrap(select)


def _key_of(k: Any) -> Any:
    if isinstance(k, str):
        return k
    t = getattr(k, "table", None)
    return (getattr(k, "key", None) or getattr(k, "name", None), None if t is None else t._table_identity())


class Update(ValuesBase):
    """``UPDATE table SET ... WHERE ...``; build with :func:`update`."""

    __visit_name__ = "update"
    _children = ("_values_children", "_where_criteria", "_returning", "_extra_froms_decl", "_orm_where")
    _attrs = ("_values_keys", "_inline", "_prefixes", "_ordered")
    is_update = True
    _ordered = False
    _extra_froms_decl: tuple[Any, ...] = ()

    _values_keys = Insert._values_keys
    _values_children = Insert._values_children

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        return (super()._gen_cache_key(binds), self.table._table_identity())

    @_generative
    def where(self, *whereclause: Any) -> None:
        self._where_criteria = self._where_criteria + tuple(coercions.expect_where(w).self_group(against=operators._asbool) for w in whereclause)

    filter = where

    def filter_by(self, **kw: Any) -> "Update":
        return self.where(*[self.table.c[k] == v for k, v in kw.items()])

    @_generative
    def ordered_values(self, *args: tuple[Any, Any]) -> None:
        """SET clauses in the given order: ``ordered_values((t.c.b, 1), (t.c.a, 2))``."""
        self._values = tuple(self._value_pair(k, v, "") for k, v in args)
        self._ordered = True

    @_generative
    def inline(self) -> None:
        self._inline = True

    @property
    def whereclause(self) -> Any:
        from .elements import and_

        return and_(*self._where_criteria) if self._where_criteria else None


class Delete(DMLBase):
    """``DELETE FROM table WHERE ...``; build with :func:`delete`."""

    __visit_name__ = "delete"
    _children = ("_where_criteria", "_returning", "_orm_where")
    _attrs = ("_prefixes",)
    is_delete = True

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        return (super()._gen_cache_key(binds), self.table._table_identity())

    @_generative
    def where(self, *whereclause: Any) -> None:
        self._where_criteria = self._where_criteria + tuple(coercions.expect_where(w).self_group(against=operators._asbool) for w in whereclause)

    filter = where

    def filter_by(self, **kw: Any) -> "Delete":
        return self.where(*[self.table.c[k] == v for k, v in kw.items()])

    @property
    def whereclause(self) -> Any:
        from .elements import and_

        return and_(*self._where_criteria) if self._where_criteria else None


def insert(table: Any) -> Insert:
    """``INSERT`` into a Table (or mapped class): ``insert(users).values(name="ed")``."""
    return Insert(table)


def update(table: Any) -> Update:
    """``UPDATE``: ``update(users).where(users.c.id == 5).values(name="ed")``."""
    return Update(table)


def delete(table: Any) -> Delete:
    """``DELETE``: ``delete(users).where(users.c.id == 5)``."""
    return Delete(table)
