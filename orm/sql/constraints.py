"""Table constraints and indexes: ``PrimaryKeyConstraint``, ``UniqueConstraint``,
``CheckConstraint``, ``ForeignKeyConstraint`` and ``Index`` (with the naming convention that
names ``index=True`` indexes).

Example::

    Table("items", metadata, Column("a", Integer), Column("b", Integer),
          UniqueConstraint("a", "b", name="uq_a_b"), CheckConstraint("a >= 0"))
    Index("ix_items_b", items.c.b)
"""
from __future__ import annotations

import itertools
from typing import Any, Optional, Sequence

from orm import exc

from . import coercions
from .base import ColumnCollection
from .defaults import _NOT_SET
from .elements import text
from .schema import DEFAULT_NAMING_CONVENTION, Column, ForeignKey, SchemaItem, Table, _connection

_creation_counter = itertools.count(1)


class Constraint(SchemaItem):
    """Base of table constraints."""

    _cols_spec: list[Any]

    def __init__(self, *columns: Any, name: Optional[str] = None, deferrable: Optional[bool] = None,
                 initially: Optional[str] = None, info: Optional[dict[str, Any]] = None,
                 _column_flag: bool = False, **kw: Any) -> None:
        self.name = name
        self._creation_order = next(_creation_counter)  # DDL renders constraints in this order
        self.deferrable = deferrable
        self.initially = initially
        self.info = info or {}
        self._column_flag = _column_flag
        self._cols_spec = list(columns)
        self.columns = ColumnCollection()
        self.table: Optional[Table] = None
        self.dialect_kwargs = kw

    def _resolve(self, table: "Table") -> None:
        self.columns = ColumnCollection()
        for spec in self._cols_spec:
            col = _resolve_column(table, spec)
            self.columns.add(col, col.key)

    def _set_parent(self, table: "Table") -> None:
        self.table = table
        if self._cols_spec:
            self._resolve(table)
        table.constraints.add(self)

    def _column_keys(self) -> list[str]:
        return [c.key for c in self.columns]


def _resolve_column(table: "Table", spec: Any) -> Column:
    if isinstance(spec, str):
        col = table.c.get(spec)
        if col is None:
            for c in table.columns:
                if c.name == spec:
                    return c
            raise exc.ArgumentError(f"Can't create constraint on table '{table.name}': no column named '{spec}' is present.")
        return col  # type: ignore[no-any-return]
    spec = coercions._unwrap(spec)
    return spec  # type: ignore[no-any-return]


class PrimaryKeyConstraint(Constraint):
    """``PRIMARY KEY (a, b)``."""

    def _add_column(self, col: Column) -> None:
        if col.key not in self.columns:
            self.columns.add(col, col.key)
            col.primary_key = True
            col.nullable = False if col._user_defined_nullable is _NOT_SET else col.nullable

    def _set_parent(self, table: "Table") -> None:
        self.table = table
        existing = table.primary_key
        if existing is not self:
            table.constraints.discard(existing)
        table.__dict__["primary_key"] = self
        table.constraints.add(self)
        if self._cols_spec:
            self._resolve(table)
            for c in self.columns:
                c.primary_key = True
                if c._user_defined_nullable is _NOT_SET:
                    c.nullable = False

    def __iter__(self) -> Any:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)


class UniqueConstraint(Constraint):
    """``UNIQUE (a, b)``."""


class CheckConstraint(Constraint):
    """``CHECK (expr)``: ``CheckConstraint("price >= 0", name="ck_price")``."""

    def __init__(self, sqltext: Any, name: Optional[str] = None, **kw: Any) -> None:
        super().__init__(name=name, **kw)
        self.sqltext = text(sqltext) if isinstance(sqltext, str) else coercions.expect_where(sqltext)


class ForeignKeyConstraint(Constraint):
    """A (composite) foreign key: ``ForeignKeyConstraint(["a", "b"], ["t.a", "t.b"])``."""

    def __init__(self, columns: Sequence[Any], refcolumns: Sequence[Any], name: Optional[str] = None,
                 onupdate: Optional[str] = None, ondelete: Optional[str] = None,
                 deferrable: Optional[bool] = None, initially: Optional[str] = None, use_alter: bool = False,
                 match: Optional[str] = None, _elements: Optional[list[ForeignKey]] = None, **kw: Any) -> None:
        super().__init__(*columns, name=name, deferrable=deferrable, initially=initially, **kw)
        if len(columns) != len(refcolumns):
            raise exc.ArgumentError("ForeignKeyConstraint number of constrained columns must match the number of referenced columns.")
        self.onupdate = onupdate
        self.ondelete = ondelete
        self.use_alter = use_alter
        self.match = match
        self._refcolumns = list(refcolumns)
        self.elements: list[ForeignKey] = _elements or []

    def _set_parent(self, table: "Table") -> None:
        super()._set_parent(table)
        if not self.elements:
            for col, ref in zip(self.columns, self._refcolumns):
                fk = ForeignKey(ref, ondelete=self.ondelete, onupdate=self.onupdate, name=self.name)
                fk.constraint = self
                fk.parent = col
                col.foreign_keys.add(fk)
                self.elements.append(fk)

    @property
    def referred_table(self) -> "Table":
        return self.elements[0].column.table  # type: ignore[no-any-return]

    @property
    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]


class Index(SchemaItem):
    """``CREATE [UNIQUE] INDEX name ON table (cols)``: ``Index("ix_a_b", t.c.a, t.c.b, unique=True)``."""

    def __init__(self, name: Optional[str], *expressions: Any, unique: bool = False, quote: Any = None,
                 info: Optional[dict[str, Any]] = None, _column_flag: bool = False, **kw: Any) -> None:
        self.name = name
        self._creation_order = next(_creation_counter)
        self.unique = unique
        self.info = info or {}
        self.dialect_kwargs = kw
        self._column_flag = _column_flag
        self.expressions = [coercions._unwrap(e) for e in expressions]
        self.table: Optional[Table] = None
        self.columns = ColumnCollection()
        tables = {id(getattr(e, "table", None)): getattr(e, "table", None) for e in self.expressions
                  if isinstance(e, Column) and e.table is not None}
        if len(tables) == 1:
            self._set_parent(next(iter(tables.values())))

    def _set_parent(self, table: "Table") -> None:
        if self.table is table:
            return
        self.table = table
        resolved = []
        for e in self.expressions:
            if isinstance(e, str):
                e = _resolve_column(table, e)
            resolved.append(e)
            if isinstance(e, Column):
                self.columns.add(e, e.key)
        self.expressions = resolved
        if self.name is None and self._column_flag:
            col = self.expressions[0]
            self.name = _convention(table, "ix", col) or f"ix_{table.name}_{col.name}"
        table.indexes.add(self)

    def create(self, bind: Any, checkfirst: bool = False) -> None:
        from .ddl import CreateIndex

        with _connection(bind) as conn:
            if checkfirst and self._exists(conn):
                return
            conn.execute(CreateIndex(self))

    def drop(self, bind: Any, checkfirst: bool = False) -> None:
        from .ddl import DropIndex

        with _connection(bind) as conn:
            if checkfirst and not self._exists(conn):
                return
            conn.execute(DropIndex(self))

    def _exists(self, conn: Any) -> bool:
        from orm.engine.reflection import Inspector

        insp = Inspector(conn)
        return any(ix["name"] == self.name for ix in insp.get_indexes(self.table.name, schema=self.table.schema))  # type: ignore[union-attr]

    def __repr__(self) -> str:
        return f"Index({self.name!r}, {', '.join(repr(getattr(e, 'name', e)) for e in self.expressions)}{', unique=True' if self.unique else ''})"


def _convention(table: "Table", kind: str, col: Any) -> Optional[str]:
    md = table.metadata
    conv = (md.naming_convention if md is not None else DEFAULT_NAMING_CONVENTION).get(kind)
    if conv is None:
        return None
    tokens = {
        "table_name": table.name,
        "column_0_name": col.name,
        "column_0_label": f"{table.name}_{col.name}",
        "column_0_key": col.key,
    }
    try:
        return str(conv % tokens)
    except (KeyError, ValueError):
        return None
