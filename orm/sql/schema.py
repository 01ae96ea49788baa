"""Schema objects: ``MetaData``, ``Table``, ``Column``, ``ForeignKey``.

Constraints and indexes (``orm.sql.constraints``) and column defaults, sequences, computed and
identity columns (``orm.sql.defaults``) live beside this module and are re-exported here, so
``orm.sql.schema`` keeps offering every name it always did.

Example::

    metadata = MetaData()
    users = Table(
        "users", metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(50), nullable=False, index=True),
    )
    addresses = Table(
        "addresses", metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", ForeignKey("users.id", ondelete="CASCADE")),
    )
"""
from __future__ import annotations

import enum
from typing import Any, Iterable, Optional, Union

from orm import exc

from . import coercions
from .base import ClauseElement, ColumnCollection
from .elements import ColumnClause, ColumnElement, TextClause, text
from .selectable import TableClause
from .type_api import NULLTYPE, TypeEngine, to_instance

DEFAULT_NAMING_CONVENTION = {"ix": "ix_%(column_0_label)s"}


class SchemaConst(enum.Enum):
    """Markers for a schema argument: ``BLANK_SCHEMA`` (no schema, even when the MetaData has a
    default one), ``RETAIN_SCHEMA`` (``to_metadata``: keep the table's own schema).

    Example::

        md = MetaData(schema="app")
        Table("audit", md, Column("id", Integer), schema=BLANK_SCHEMA)   # plain "audit"
    """

    RETAIN_SCHEMA = 1
    BLANK_SCHEMA = 2
    NULL_UNSPECIFIED = 3


BLANK_SCHEMA = SchemaConst.BLANK_SCHEMA
RETAIN_SCHEMA = SchemaConst.RETAIN_SCHEMA


def _table_schema(schema: Any, metadata: "MetaData") -> Optional[str]:
    """The schema a new Table gets: its own, none (BLANK_SCHEMA), or the MetaData's default."""
    if schema is BLANK_SCHEMA:
        return None
    if schema is None or schema is RETAIN_SCHEMA:
        return metadata.schema  # type: ignore[no-any-return]
    if not isinstance(schema, str):
        raise exc.ArgumentError(f"Table schema must be a string, None or BLANK_SCHEMA, got {schema!r}")
    return schema


class SchemaItem:
    """Base of schema constructs that attach to a Table or Column."""

    info: dict[str, Any]

    def _set_parent(self, parent: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError()


class Column(ColumnClause[Any], SchemaItem):
    """A table column.

    Example::

        Column("id", Integer, primary_key=True)
        Column("email", String(120), unique=True, nullable=False)
        Column("created", DateTime, default=datetime.utcnow, server_default=func.now())
    """

    __visit_name__ = "column"
    _is_named = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        args_list = list(args)
        name: Optional[str] = None
        type_: Any = None
        if args_list and isinstance(args_list[0], str):
            name = args_list.pop(0)
        if args_list:
            first = args_list[0]
            if (isinstance(first, type) and issubclass(first, TypeEngine)) or isinstance(first, TypeEngine):
                type_ = args_list.pop(0)
        if "type_" in kwargs:
            type_ = kwargs.pop("type_")
        if "name" in kwargs:
            name = kwargs.pop("name")
        super().__init__(name or "", type_)
        self.name = name  # type: ignore[assignment]
        self.key = kwargs.pop("key", name)
        self.primary_key = kwargs.pop("primary_key", False)
        nullable = kwargs.pop("nullable", _NOT_SET)
        self._user_defined_nullable = nullable
        self.nullable = (not self.primary_key) if nullable is _NOT_SET else bool(nullable)
        self.default = _to_default(kwargs.pop("default", None))
        self.server_default = _to_server_default(kwargs.pop("server_default", None))
        self.onupdate = _to_default(kwargs.pop("onupdate", None), for_update=True)
        self.server_onupdate = _to_server_default(kwargs.pop("server_onupdate", None))
        self.unique = kwargs.pop("unique", None)
        self.index = kwargs.pop("index", None)
        self.autoincrement = kwargs.pop("autoincrement", "auto")
        self.comment = kwargs.pop("comment", None)
        self.doc = kwargs.pop("doc", None)
        self.info = kwargs.pop("info", {}) or {}
        self.quote = kwargs.pop("quote", None)
        self.system = kwargs.pop("system", False)
        self.computed = None
        self.identity = None
        if "insert_default" in kwargs:  # SQLAlchemy 2.0's other spelling of default=
            self.default = _to_default(kwargs.pop("insert_default"))
        self.dialect_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if "_" in k and k.split("_")[0] in ("sqlite", "postgresql", "mysql", "mariadb")}
        if kwargs:
            raise exc.ArgumentError(f"Unknown arguments passed to Column: {sorted(kwargs)!r}")
        self.table = None  # type: ignore[assignment]
        self.foreign_keys: set[ForeignKey] = set()  # type: ignore[misc]
        self.constraints: set[Any] = set()
        self._pending_items: list[Any] = []
        for item in args_list:
            if isinstance(item, ForeignKey):
                item._set_parent(self)
            elif isinstance(item, (Sequence_, Computed, Identity)):
                item._set_parent(self)
            elif isinstance(item, SchemaItem):
                self._pending_items.append(item)
            elif item is None:
                continue
            else:
                raise exc.ArgumentError(f"'SchemaItem' object, such as a 'Column' or a 'Constraint' expected, got {item!r}")

    @property
    def _table_key(self) -> Any:  # type: ignore[override]
        return None if self.table is None else self.table._table_identity()

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        t = self.table
        return ("column", self.name, None if t is None else t._table_identity())

    def _set_parent(self, table: "Table") -> None:
        if not self.name:
            raise exc.ArgumentError(
                "Column must be constructed with a non-blank name or assign a non-blank .name before "
                "adding to a Table."
            )
        if self.table is not None and self.table is not table:
            raise exc.ArgumentError(
                f"Column object '{self.key}' already assigned to Table '{self.table.name}'"
            )
        if self.key is None:
            self.key = self.name
        self.table = table
        table._columns.add(self, self.key)
        if self.primary_key:
            table.primary_key._add_column(self)
        for fk in self.foreign_keys:
            fk._attach_table(table)
        if self.unique:
            table.append_constraint(UniqueConstraint(self.name, name=self.unique if isinstance(self.unique, str) else None, _column_flag=True))
        if self.index:
            table.append_constraint(
                Index(None, self, _column_flag=True)
            )
        for item in self._pending_items:
            table.append_constraint(item)
            if isinstance(item, Constraint) and not item._cols_spec:
                item._cols_spec = [self.name]
                item._resolve(table)
        self._pending_items = []

    def copy(self, **kw: Any) -> "Column":
        """A new, unattached Column with the same definition."""
        c = Column(
            *[ForeignKey(fk._colspec, ondelete=fk.ondelete, onupdate=fk.onupdate, name=fk.name) for fk in self.foreign_keys],
            name=self.name, type_=self.type, key=self.key, primary_key=self.primary_key, nullable=self.nullable if self._user_defined_nullable is not _NOT_SET else _NOT_SET,
            default=self.default.arg if self.default is not None else None,
            server_default=self.server_default, onupdate=self.onupdate.arg if self.onupdate is not None else None,
            server_onupdate=self.server_onupdate, unique=self.unique, index=self.index, autoincrement=self.autoincrement,
            comment=self.comment, doc=self.doc, info=dict(self.info),
        )
        return c

    _copy = copy

    def references(self, column: "Column") -> bool:
        return any(fk.column is column for fk in self.foreign_keys)

    def __repr__(self) -> str:
        kw = []
        if self.table is not None:
            kw.append(f"table=<{self.table.name}>")
        if self.primary_key:
            kw.append("primary_key=True")
        if not self.nullable:
            kw.append("nullable=False")
        return f"Column({self.name!r}, {self.type!r}{''.join(', ' + k for k in kw)})"

    def _autoincrement_column(self) -> bool:
        """Whether this is the table's auto-incrementing integer primary key."""
        from orm.types import Integer

        if not self.primary_key or self.autoincrement is False:
            return False
        if self.autoincrement is True:
            return True
        if self.table is None:
            return False
        pks = [c for c in self.table.columns if c.primary_key]
        if len(pks) != 1:
            return False
        if self.foreign_keys:
            return False
        if isinstance(self.default, Sequence_):
            return True
        integer = issubclass(self.type._type_affinity, Integer)
        return integer and self.default is None and self.server_default is None


class ForeignKey(SchemaItem):
    """A column-level foreign key: ``ForeignKey("users.id", ondelete="CASCADE")``.

    The target is resolved lazily through the table's MetaData, so tables may be declared in any
    order.
    """

    def __init__(self, column: Union[str, ColumnClause[Any]], *, ondelete: Optional[str] = None,
                 onupdate: Optional[str] = None, name: Optional[str] = None, deferrable: Optional[bool] = None,
                 initially: Optional[str] = None, use_alter: bool = False, link_to_name: bool = False,
                 match: Optional[str] = None, info: Optional[dict[str, Any]] = None, **kw: Any) -> None:
        if not isinstance(column, str) and hasattr(column, "__clause_element__"):
            # ForeignKey(User.id): a mapped attribute stands for its column
            column = column.__clause_element__()
            column = getattr(column, "_deannotate", lambda: column)()
        self._colspec = column
        if isinstance(column, str):
            parts = column.split(".")
            if len(parts) < 2 or not all(parts):
                raise exc.ArgumentError(
                    f"Invalid foreign key column specification: {column!r}; expected 'table.column' "
                    "or 'schema.table.column'"
                )
        self.ondelete = ondelete
        self.onupdate = onupdate
        self.name = name
        self.deferrable = deferrable
        self.initially = initially
        self.use_alter = use_alter
        self.match = match
        self.info = info or {}
        self.parent: Optional[Column] = None
        self.constraint: Optional[ForeignKeyConstraint] = None
        self._resolved: Optional[Column] = None

    def _set_parent(self, column: Column) -> None:
        self.parent = column
        column.foreign_keys.add(self)
        if column.table is not None:
            self._attach_table(column.table)

    def _attach_table(self, table: "Table") -> None:
        if self.constraint is None:
            fkc = ForeignKeyConstraint([self.parent.name], [self._colspec], name=self.name,  # type: ignore[union-attr]
                                       ondelete=self.ondelete, onupdate=self.onupdate,
                                       deferrable=self.deferrable, initially=self.initially,
                                       use_alter=self.use_alter, match=self.match, _elements=[self])
            self.constraint = fkc
            table.constraints.add(fkc)
            fkc.table = table

    @property
    def target_fullname(self) -> str:
        if isinstance(self._colspec, str):
            return self._colspec
        col = self._colspec
        return f"{col.table.fullname}.{col.key}"  # type: ignore[union-attr]

    def _table_and_column_names(self) -> tuple[Optional[str], str, str]:
        spec = self.target_fullname
        parts = spec.split(".")
        colname = parts[-1]
        tname = parts[-2]
        schema = ".".join(parts[:-2]) or None
        return schema, tname, colname

    @property
    def column(self) -> Column:
        """The referenced Column (resolved through the MetaData)."""
        if self._resolved is not None:
            return self._resolved
        if not isinstance(self._colspec, str):
            self._resolved = self._colspec  # type: ignore[assignment]
            self._type_from_target(self._colspec)  # type: ignore[arg-type]
            return self._resolved  # type: ignore[return-value]
        parent_table = self.parent.table if self.parent is not None else None
        if parent_table is None or parent_table.metadata is None:
            raise exc.InvalidRequestError(f"ForeignKey {self._colspec!r} is not attached to a Table")
        schema, tname, colname = self._table_and_column_names()
        md = parent_table.metadata
        if schema is None and parent_table.schema is not None and f"{parent_table.schema}.{tname}" in md.tables:
            schema = parent_table.schema
        key = f"{schema}.{tname}" if schema else tname
        table = md.tables.get(key)
        if table is None:
            raise exc.NoReferencedTableError(
                f"Foreign key associated with column '{parent_table.name}.{self.parent.name}' "  # type: ignore[union-attr]
                f"could not find table '{key}' with which to generate a foreign key to target column "
                f"'{colname}'",
                key,
            )
        col = None
        for c in table.columns:
            if c.name == colname:
                col = c
                break
        if col is None:
            raise exc.NoReferencedColumnError(
                f"Could not initialize target column for ForeignKey '{self._colspec}' on table "
                f"'{parent_table.name}': table '{table.name}' has no column named '{colname}'",
                table.name, colname,
            )
        self._resolved = col
        self._type_from_target(col)
        return col

    def _type_from_target(self, target: Column) -> None:
        # Column("tag_id", ForeignKey("tags.id")) has no type of its own: it takes the referenced
        # column's (as SQLAlchemy does once the key resolves), also for binds and result values
        parent = self.parent
        if parent is None or parent.type.__class__ is not NULLTYPE.__class__:
            return
        if target.type.__class__ is NULLTYPE.__class__:
            for fk in target.foreign_keys:  # a chain of type-less keys
                try:
                    fk.column
                except exc.InvalidRequestError:
                    continue
        if target.type.__class__ is not NULLTYPE.__class__:
            parent.type = target.type
            parent.__dict__.pop("_comparator", None)

    def references(self, table: "Table") -> bool:
        return self.column.table is table

    def get_referent(self, table: Any) -> Optional[ColumnElement[Any]]:
        """The column of ``table`` (or of an alias of it) this key points at, else None."""
        try:
            target = self.column
        except (exc.NoReferencedTableError, exc.NoReferencedColumnError):
            return None
        if getattr(table, "c", None) is None:
            return None
        return table.c.corresponding_column(target)

    def __repr__(self) -> str:
        return f"ForeignKey({self.target_fullname!r})"


class _connection:
    """Context manager: a Connection from an Engine (in a transaction) or the Connection itself."""

    def __init__(self, bind: Any) -> None:
        self.bind = bind
        self._ctx: Any = None

    def __enter__(self) -> Any:
        if hasattr(self.bind, "begin") and hasattr(self.bind, "dispose"):
            self._ctx = self.bind.begin()
            return self._ctx.__enter__()
        return self.bind

    def __exit__(self, *a: Any) -> None:
        if self._ctx is not None:
            self._ctx.__exit__(*a)


class Table(TableClause, SchemaItem):
    """A table in a MetaData: ``Table("users", metadata, Column("id", Integer, primary_key=True))``."""

    __visit_name__ = "table"
    primary_key: Any = None  # a PrimaryKeyConstraint per instance (shadows FromClause's property)
    metadata: Any = None

    def __new__(cls, *args: Any, **kw: Any) -> "Table":
        if not args:
            return object.__new__(cls)
        name, metadata = args[0], args[1] if len(args) > 1 else kw.get("metadata")
        if not isinstance(metadata, MetaData):
            raise exc.ArgumentError(f"Table() requires a MetaData as its second argument, got {metadata!r}")
        schema = _table_schema(kw.get("schema"), metadata)
        key = f"{schema}.{name}" if schema else name
        existing = metadata.tables.get(key)
        if existing is not None:
            if kw.get("keep_existing"):
                existing._keep = True
                return existing
            if kw.get("extend_existing"):
                existing._keep = False
                existing._extend(*args[2:], **kw)
                existing._keep = True
                return existing
            if len(args) > 2 or kw.get("autoload_with") is None:
                raise exc.InvalidRequestError(
                    f"Table '{key}' is already defined for this MetaData instance.  Specify "
                    "'extend_existing=True' to redefine options and columns on an existing Table object."
                )
            existing._keep = True
            return existing
        return object.__new__(cls)

    def __init__(self, name: str, metadata: "MetaData", *args: Any, schema: Optional[str] = None,
                 quote: Any = None, autoload_with: Any = None, extend_existing: bool = False,
                 keep_existing: bool = False, comment: Optional[str] = None, info: Optional[dict[str, Any]] = None,
                 include_columns: Optional[list[str]] = None, resolve_fks: bool = True, **kw: Any) -> None:
        if self.__dict__.get("_keep"):
            return
        if not isinstance(name, str) or not name:
            raise exc.ArgumentError(f"Table name must be a non-empty string, got {name!r}")
        schema = _table_schema(schema, metadata)
        super().__init__(name, schema=schema)
        self.metadata = metadata
        self.comment = comment
        self.info = info or {}
        self._columns = self._cols
        self.primary_key = PrimaryKeyConstraint()
        self.primary_key.table = self
        self.constraints: set[Any] = {self.primary_key}
        self.indexes: set[Index] = set()
        self.dialect_kwargs: dict[str, Any] = {}
        self.kwargs = self.dialect_kwargs
        self._prefixes = kw.pop("prefixes", [])
        for k in list(kw):
            if "_" in k and k.split("_")[0] in ("sqlite", "postgresql", "mysql", "mariadb"):
                self.dialect_kwargs[k] = kw.pop(k)
        if kw:
            raise exc.ArgumentError(f"Unknown arguments passed to Table: {sorted(kw)!r}")
        metadata._add_table(self)
        self._init_items(*args)
        metadata._type_typeless_fk_columns(self)
        if autoload_with is not None:
            from orm.engine.reflection import reflect_table

            reflect_table(autoload_with, self, include_columns=include_columns, resolve_fks=resolve_fks)

    def _extend(self, *args: Any, **kw: Any) -> None:
        for item in args:
            if isinstance(item, Column) and item.key in self._columns:
                old = self._columns[item.key]
                self._columns._colset = [(k, c) for k, c in self._columns._colset if c is not old]
                del self._columns._index[item.key]
        self._init_items(*args)

    def _init_items(self, *args: Any) -> None:
        for item in args:
            if item is None:
                continue
            if isinstance(item, Column):
                item._set_parent(self)
            elif isinstance(item, (Constraint, Index)):
                item._set_parent(self)
            else:
                raise exc.ArgumentError(
                    f"'SchemaItem' object, such as a 'Column' or a 'Constraint' expected, got {item!r}"
                )

    def append_column(self, column: Column, replace_existing: bool = False) -> None:  # type: ignore[override]
        """Add a Column to this table."""
        if column.key in self._columns and not replace_existing:
            raise exc.ArgumentError(
                f"A column with name '{column.key}' is already present in table '{self.name}'."
            )
        column._set_parent(self)

    def append_constraint(self, constraint: Any) -> None:
        constraint._set_parent(self)

    @property
    def foreign_key_constraints(self) -> set[ForeignKeyConstraint]:
        return {c for c in self.constraints if isinstance(c, ForeignKeyConstraint)}

    @property
    def foreign_keys(self) -> set[ForeignKey]:  # type: ignore[override]
        fks: set[ForeignKey] = set()
        for c in self._columns:
            fks.update(c.foreign_keys)
        return fks

    @property
    def key(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name

    @property
    def description(self) -> str:
        return self.name

    def _table_identity(self) -> Any:
        return ("table", self.schema, self.name)

    def create(self, bind: Any, checkfirst: bool = False) -> None:
        """``CREATE TABLE`` (and its indexes) on ``bind`` (an Engine or Connection)."""
        self.metadata.create_all(bind, tables=[self], checkfirst=checkfirst)

    def drop(self, bind: Any, checkfirst: bool = False) -> None:
        self.metadata.drop_all(bind, tables=[self], checkfirst=checkfirst)

    def to_metadata(self, metadata: "MetaData", schema: Any = RETAIN_SCHEMA, name: Optional[str] = None) -> "Table":
        """A copy of this table in another MetaData."""
        args: list[Any] = [c.copy() for c in self.columns]
        for con in self.constraints:
            if isinstance(con, UniqueConstraint) and not con._column_flag:
                args.append(UniqueConstraint(*[c.name for c in con.columns], name=con.name))
            elif isinstance(con, CheckConstraint) and not con._column_flag:
                args.append(CheckConstraint(con.sqltext, name=con.name))
        if schema is RETAIN_SCHEMA:  # None: the target MetaData's schema, as any new Table
            schema = self.schema
        t = Table(name or self.name, metadata, *args, schema=schema,
                  comment=self.comment, **self.dialect_kwargs)
        for ix in self.indexes:
            if not ix._column_flag:
                Index(ix.name, *[t.c[c.key] for c in ix.columns], unique=ix.unique)._set_parent(t)
        return t

    tometadata = to_metadata

    def __repr__(self) -> str:
        return f"Table({self.name!r}, MetaData(), {', '.join(repr(c) for c in self.columns)}, schema={self.schema!r})"

    def __str__(self) -> str:
        return self.key

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        return ("table", self.schema, self.name)


class MetaData:
    """A collection of Tables and their schema-level constructs.

    Example::

        metadata = MetaData()
        Table("users", metadata, Column("id", Integer, primary_key=True))
        metadata.create_all(engine)
    """

    def __init__(self, schema: Optional[str] = None, naming_convention: Optional[dict[str, str]] = None,
                 info: Optional[dict[str, Any]] = None) -> None:
        self.schema = schema
        self.naming_convention = naming_convention or dict(DEFAULT_NAMING_CONVENTION)
        self.info = info or {}
        self.tables: dict[str, Table] = {}
        self._sequences: dict[str, Sequence_] = {}
        self._typeless_fk_columns: list[Column] = []

    def _add_table(self, table: Table) -> None:
        self.tables[table.key] = table

    def _type_typeless_fk_columns(self, table: Table) -> None:
        """Columns typed only by their ForeignKey take the referenced column's type as soon as
        its table is in this MetaData (this table's, or earlier ones waiting for it)."""
        pending = self._typeless_fk_columns
        pending.extend(c for c in table.columns
                       if c.foreign_keys and c.type.__class__ is NULLTYPE.__class__)
        if not pending:
            return
        waiting = []
        for col in pending:
            for fk in col.foreign_keys:
                try:
                    fk.column
                except exc.InvalidRequestError:  # NoReferencedTable/ColumnError: not yet
                    continue
            if col.type.__class__ is NULLTYPE.__class__:
                waiting.append(col)
        self._typeless_fk_columns = waiting

    def remove(self, table: Table) -> None:
        self.tables.pop(table.key, None)

    def clear(self) -> None:
        self.tables.clear()

    def __contains__(self, key: Any) -> bool:
        if isinstance(key, Table):
            return key.key in self.tables
        return key in self.tables

    @property
    def sorted_tables(self) -> list[Table]:
        """Tables in foreign-key dependency order (referenced tables first)."""
        from .ddl import sort_tables

        return sort_tables(self.tables.values())

    def create_all(self, bind: Any, tables: Optional[Iterable[Table]] = None, checkfirst: bool = True) -> None:
        """CREATE every table (in dependency order) and its indexes; ``checkfirst`` skips existing ones."""
        from .ddl import create_all

        create_all(self, bind, tables=tables, checkfirst=checkfirst)

    def drop_all(self, bind: Any, tables: Optional[Iterable[Table]] = None, checkfirst: bool = True) -> None:
        """DROP every table, dependents first."""
        from .ddl import drop_all

        drop_all(self, bind, tables=tables, checkfirst=checkfirst)

    def reflect(self, bind: Any, schema: Optional[str] = None, only: Any = None, extend_existing: bool = False,
                views: bool = False, resolve_fks: bool = True) -> None:
        """Load Table objects for the database's tables."""
        from orm.engine.reflection import reflect_metadata

        reflect_metadata(self, bind, schema=schema, only=only, extend_existing=extend_existing, views=views,
                         resolve_fks=resolve_fks)

    def __repr__(self) -> str:
        return "MetaData()"


# Defaults and constraints build on the classes above; imported last, re-exported.
from .defaults import (  # noqa: E402
    _NOT_SET, ColumnDefault, Computed, DefaultClause, DefaultGenerator, FetchedValue, Identity, Sequence, Sequence_,
    _FetchedValue, _NextValue, _to_default, _to_server_default, _wrap_default_callable,
)
from .constraints import (  # noqa: E402
    CheckConstraint, Constraint, ForeignKeyConstraint, Index, PrimaryKeyConstraint, UniqueConstraint,
    _creation_counter, _resolve_column,
)


__all__ = [
    "MetaData", "Table", "Column", "ForeignKey", "ForeignKeyConstraint", "PrimaryKeyConstraint",
    "UniqueConstraint", "CheckConstraint", "Constraint", "Index", "ColumnDefault", "DefaultClause",
    "Sequence", "Computed", "Identity", "SchemaItem", "SchemaConst", "BLANK_SCHEMA", "DefaultGenerator",
]
