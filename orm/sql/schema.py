"""Schema objects: ``MetaData``, ``Table``, ``Column``, ``ForeignKey``, constraints and ``Index``.

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

import itertools
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from orm import exc

from . import coercions
from .base import ClauseElement, ColumnCollection
from .elements import ColumnClause, ColumnElement, TextClause, text
from .selectable import TableClause
from .type_api import NULLTYPE, TypeEngine, to_instance

DEFAULT_NAMING_CONVENTION = {"ix": "ix_%(column_0_label)s"}
_creation_counter = itertools.count(1)


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


_NOT_SET: Any = type("_NotSet", (), {"__repr__": lambda self: "NOT_SET"})()


class ColumnDefault(SchemaItem):
    """A Python-side default: a scalar, a callable (optionally taking the execution context),
    or a SQL expression."""

    def __init__(self, arg: Any, for_update: bool = False) -> None:
        self.for_update = for_update
        self.arg = arg
        self.is_callable = callable(arg) and not isinstance(arg, ClauseElement)
        self.is_clause_element = isinstance(arg, ClauseElement)
        self.is_scalar = not self.is_callable and not self.is_clause_element
        if self.is_callable:
            self._fn = _wrap_default_callable(arg)

    def execute_with(self, context: Any) -> Any:
        if self.is_callable:
            return self._fn(context)
        return self.arg

    def __repr__(self) -> str:
        return f"ColumnDefault({self.arg!r})"


def _wrap_default_callable(fn: Callable[..., Any]) -> Callable[[Any], Any]:
    import inspect

    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        # builtins without a signature (datetime.utcnow, uuid.uuid4...) take no context
        return lambda ctx: fn()
    positional = [
        p for p in sig.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]
    if positional:
        return lambda ctx: fn(ctx)
    return lambda ctx: fn()


def _to_default(arg: Any, for_update: bool = False) -> Optional[ColumnDefault]:
    if arg is None:
        return None
    if isinstance(arg, (ColumnDefault, Sequence_)):
        return arg  # type: ignore[return-value]
    return ColumnDefault(arg, for_update=for_update)


class DefaultClause(SchemaItem):
    """A server-side default rendered in DDL: ``server_default="0"`` / ``text("now()")``."""

    def __init__(self, arg: Any, for_update: bool = False) -> None:
        if not isinstance(arg, (str, ClauseElement)):
            raise exc.ArgumentError(
                f"Argument 'arg' is expected to be one of type '<class 'str'>' or "
                f"'<class 'ClauseElement'>' or '<class 'TextClause'>', got '{type(arg)}'"
            )
        self.arg = arg
        self.for_update = for_update

    def __repr__(self) -> str:
        return f"DefaultClause({self.arg!r})"





class _FetchedValue(SchemaItem):
    """``FetchedValue()``: the server produces a value (trigger), no DDL."""

    arg = None


def _to_server_default(arg: Any) -> Any:
    if arg is None or isinstance(arg, (DefaultClause, _FetchedValue, Computed)):
        return arg
    return DefaultClause(arg)


class Sequence_(SchemaItem):
    """A database sequence (PostgreSQL): ``Column("id", Integer, Sequence("user_id_seq"), primary_key=True)``."""

    def __init__(self, name: str, start: Optional[int] = None, increment: Optional[int] = None,
                 schema: Optional[str] = None, metadata: Any = None, optional: bool = False, **kw: Any) -> None:
        self.name = name
        self.start = start
        self.increment = increment
        self.schema = schema
        self.metadata = metadata
        self.optional = optional
        self.arg = None
        self.is_callable = self.is_clause_element = self.is_scalar = False
        self.for_update = False

    def _set_parent(self, column: Column) -> None:
        column.default = self  # type: ignore[assignment]

    def next_value(self) -> Any:
        from .functions import Function

        return _NextValue(self)


class _NextValue(ColumnElement[int]):
    __visit_name__ = "next_value"
    _attrs = ("_seqname",)

    def __init__(self, seq: Sequence_) -> None:
        from orm.types import Integer

        self.sequence = seq
        self.type = Integer()

    @property
    def _seqname(self) -> str:
        return self.sequence.name


class Computed(SchemaItem):
    """``GENERATED ALWAYS AS (expr)``."""

    def __init__(self, sqltext: Any, persisted: Optional[bool] = None) -> None:
        self.sqltext = text(sqltext) if isinstance(sqltext, str) else sqltext
        self.persisted = persisted

    def _set_parent(self, column: Column) -> None:
        column.computed = self  # type: ignore[assignment]
        column.server_default = self


class Identity(SchemaItem):
    """``GENERATED BY DEFAULT AS IDENTITY`` (PostgreSQL)."""

    def __init__(self, always: bool = False, start: Optional[int] = None, increment: Optional[int] = None, **kw: Any) -> None:
        self.always = always
        self.start = start
        self.increment = increment

    def _set_parent(self, column: Column) -> None:
        column.identity = self  # type: ignore[assignment]


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
        return col

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
        schema = kw.get("schema", metadata.schema)
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
        if schema is None:
            schema = metadata.schema
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

    def to_metadata(self, metadata: "MetaData", schema: Any = None, name: Optional[str] = None) -> "Table":
        """A copy of this table in another MetaData."""
        args: list[Any] = [c.copy() for c in self.columns]
        for con in self.constraints:
            if isinstance(con, UniqueConstraint) and not con._column_flag:
                args.append(UniqueConstraint(*[c.name for c in con.columns], name=con.name))
            elif isinstance(con, CheckConstraint) and not con._column_flag:
                args.append(CheckConstraint(con.sqltext, name=con.name))
        t = Table(name or self.name, metadata, *args, schema=self.schema if schema is None else schema,
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

    def _add_table(self, table: Table) -> None:
        self.tables[table.key] = table

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


Sequence = Sequence_


FetchedValue = _FetchedValue


__all__ = [
    "MetaData", "Table", "Column", "ForeignKey", "ForeignKeyConstraint", "PrimaryKeyConstraint",
    "UniqueConstraint", "CheckConstraint", "Constraint", "Index", "ColumnDefault", "DefaultClause",
    "Sequence", "Computed", "Identity", "SchemaItem",
]
