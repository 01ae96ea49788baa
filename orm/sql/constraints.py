"""Table constraints and indexes: ``PrimaryKeyConstraint``, ``UniqueConstraint``,
``CheckConstraint``, ``ForeignKeyConstraint`` and ``Index``.  Unnamed ones take their names from the
metadata's naming convention (``orm.sql.naming``) when they are attached to a table.

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
from .naming import conv, name_for
from .schema import Column, ForeignKey, SchemaItem, Table, _connection

_creation_counter = itertools.count(1)


class Constraint(SchemaItem):
    """Base of table constraints."""

    _cols_spec: list[Any]
    #: the key of this kind in ``MetaData(naming_convention=...)`` (subclasses set it)
    _convention_key: Optional[str] = None

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
        self._apply_naming_convention(table)

    def _apply_naming_convention(self, table: "Table") -> None:
        # as SQLAlchemy: named once, when attached (a later rename by the user is kept as given)
        name = name_for(self, table)
        if name:
            self.name = name

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

    _convention_key = "pk"
    # True for the constraint a Table makes itself (filled by primary_key=True columns): its
    # convention name follows its columns as they arrive
    _implicit_generated = True

    def _add_column(self, col: Column) -> None:
        if col.key not in self.columns:
            self.columns.add(col, col.key)
            col.primary_key = True
            col.nullable = False if col._user_defined_nullable is _NOT_SET else col.nullable
            # a name given by hand (or reflected) stays; a convention's name is made again
            if self._implicit_generated and self.table is not None and (
                    self.name is None or isinstance(self.name, conv)):
                self.name = None
                self._apply_naming_convention(self.table)

    def _set_parent(self, table: "Table") -> None:
        self._implicit_generated = False
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
        self._apply_naming_convention(table)

    def __iter__(self) -> Any:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)


class UniqueConstraint(Constraint):
    """``UNIQUE (a, b)``."""

    _convention_key = "uq"


class CheckConstraint(Constraint):
    """``CHECK (expr)``: ``CheckConstraint("price >= 0", name="ck_price")``."""

    _convention_key = "ck"

    def __init__(self, sqltext: Any, name: Optional[str] = None, **kw: Any) -> None:
        super().__init__(name=name, **kw)
        self.sqltext = text(sqltext) if isinstance(sqltext, str) else coercions.expect_where(sqltext)


class SchemaTypeCheck(CheckConstraint):
    """The CHECK an ``Enum``/``Boolean(create_constraint=True)`` column gets where the database
    has no native type: not a member of ``table.constraints`` (the DDL compiler renders it from
    the column's type), but a CheckConstraint as far as naming conventions (and their callables)
    are concerned."""

    def __init__(self, column: Column, name: Optional[str]) -> None:
        Constraint.__init__(self, name=name)
        self.sqltext = None
        self.table = column.table
        self.columns.add(column, column.key)


class ForeignKeyConstraint(Constraint):
    """A (composite) foreign key: ``ForeignKeyConstraint(["a", "b"], ["t.a", "t.b"])``."""

    _convention_key = "fk"

    def __init__(self, columns: Sequence[Any], refcolumns: Sequence[Any], name: Optional[str] = None,
                 onupdate: Optional[str] = None, ondelete: Optional[str] = None,
                 deferrable: Optional[bool] = None, initially: Optional[str] = None, use_alter: bool = False,
                 match: Optional[str] = None, _elements: Optional[list[ForeignKey]] = None, **kw: Any) -> None:
        # built by a column-level ForeignKey (attached without _set_parent): named on first use
        self._naming_deferred = bool(_elements)
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
        self._apply_naming_convention(table)

    @property  # type: ignore[override]
    def name(self) -> Any:
        if self._naming_deferred and self.table is not None:
            self._naming_deferred = False
            self._apply_naming_convention(self.table)
        return self._name

    @name.setter
    def name(self, value: Any) -> None:
        self._name = value

    def _apply_naming_convention(self, table: "Table") -> None:
        if not self.elements:
            return  # Constraint._set_parent runs before the elements exist; named again after
        try:
            name = name_for(self, table)
        except (exc.NoReferencedTableError, exc.NoReferencedColumnError):
            # %(referred_column_0_name)s needs the referred table, which may be defined later
            self._naming_deferred = True
            return
        if name:
            self._name = name

    @property
    def referred_table(self) -> "Table":
        return self.elements[0].column.table  # type: ignore[no-any-return]

    @property
    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]


class Index(SchemaItem):
    """``CREATE [UNIQUE] INDEX name ON table (cols)``: ``Index("ix_a_b", t.c.a, t.c.b, unique=True)``."""

    _convention_key = "ix"

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
        table.indexes.add(self)
        name = name_for(self, table)
        if name:
            self.name = name

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
