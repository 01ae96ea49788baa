"""Reflection: reading tables, columns and constraints back from a live database.

``Inspector`` (``inspect(engine)``) answers questions about the schema with plain dicts shaped as
SQLAlchemy's; ``reflect_table`` fills a ``Table`` from them (``Table(..., autoload_with=engine)``)
and ``reflect_metadata`` loads many (``MetaData.reflect``).  The queries themselves live in each
dialect's ``reflection.py``.

Example::

    insp = inspect(engine)
    insp.get_table_names()                 # ['addresses', 'users']
    insp.get_columns("users")[0]           # {'name': 'id', 'type': INTEGER(), 'nullable': False, ...}
    users = Table("users", MetaData(), autoload_with=engine)
"""
from __future__ import annotations

import contextlib
import inspect as _pyinspect
import re
import warnings
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Sequence, Union

from orm import exc

if TYPE_CHECKING:
    from orm.sql.schema import MetaData, Table

__all__ = ["Inspector", "reflect_table", "reflect_metadata", "build_type", "parse_type_args"]


# -- types from their SQL spelling -------------------------------------------------------------
_QUOTED = re.compile(r"'((?:[^']|'')*)'")


def parse_type_args(text: str) -> list[Any]:
    """The arguments inside ``name(...)``: ints, or quoted strings (ENUM/SET values)."""
    if "'" in text:
        return [m.group(1).replace("''", "'") for m in _QUOTED.finditer(text)]
    out: list[Any] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            out.append(int(part))
        except ValueError:
            out.append(part)
    return out


def build_type(cls: type, args: Sequence[Any] = (), **kw: Any) -> Any:
    """An instance of type class ``cls`` from the positional arguments of its SQL spelling
    (``VARCHAR(50)`` -> length, ``NUMERIC(10, 2)`` -> precision and scale, ``ENUM('a')`` -> values);
    keyword arguments the class does not take are dropped."""
    from orm import types as sqltypes

    try:
        params = _pyinspect.signature(cls).parameters
    except (TypeError, ValueError):
        params = {}  # type: ignore[assignment]
    takes_var_kw = any(p.kind is p.VAR_KEYWORD for p in params.values())
    kwargs = {k: v for k, v in kw.items() if k in params or (takes_var_kw and k in ("timezone",))}
    ints = [a for a in args if isinstance(a, int)]
    try:
        if issubclass(cls, sqltypes.Enum):
            return cls(*[a for a in args if isinstance(a, str)], **kwargs)
        if "length" in params and ints:
            kwargs["length"] = ints[0]
        elif "precision" in params and "scale" in params and ints:
            kwargs["precision"] = ints[0]
            if len(ints) > 1:
                kwargs["scale"] = ints[1]
        elif "display_width" in params and ints:
            kwargs["display_width"] = ints[0]
        elif "fsp" in params and ints:
            kwargs["fsp"] = ints[0]
        elif "precision" in params and ints:
            kwargs["precision"] = ints[0]
        return cls(**kwargs)
    except (TypeError, ValueError):
        return cls()


def unknown_type(name: str, table: str, column: str) -> Any:
    from orm.sql.type_api import NullType

    warnings.warn(f"Did not recognize type '{name}' of column '{column}' in table '{table}'",
                  exc.SAWarning, stacklevel=3)
    return NullType()


# -- connections -----------------------------------------------------------------------------
@contextlib.contextmanager
def _connect(bind: Any) -> Iterator[Any]:
    """A Connection for ``bind``: a new one from an Engine (closed afterwards) or the Connection."""
    if hasattr(bind, "connect") and hasattr(bind, "dispose"):
        with bind.connect() as conn:
            yield conn
    elif hasattr(bind, "exec_driver_sql"):
        yield bind
    elif isinstance(bind, Inspector):
        with _connect(bind.bind) as conn:
            yield conn
    else:
        raise exc.ArgumentError(f"Expected an Engine or Connection to reflect from, got {bind!r}")


class Inspector:
    """Schema questions about one database, answered with SQLAlchemy-shaped dicts.

    Example::

        insp = Inspector(engine)               # or inspect(engine)
        insp.get_pk_constraint("users")        # {'constrained_columns': ['id'], 'name': None}
        insp.get_foreign_keys("addresses")     # [{'name': ..., 'referred_table': 'users', ...}]
    """

    def __init__(self, bind: Any) -> None:
        if not (hasattr(bind, "dialect") and (hasattr(bind, "connect") or hasattr(bind, "exec_driver_sql"))):
            raise exc.ArgumentError(f"Inspector needs an Engine or Connection, got {bind!r}")
        self.bind = bind
        self.engine = getattr(bind, "engine", bind)
        self.dialect = bind.dialect
        self.info_cache: dict[Any, Any] = {}

    @classmethod
    def from_engine(cls, bind: Any) -> "Inspector":
        return cls(bind)

    def __repr__(self) -> str:
        return f"<Inspector for {self.engine!r}>"

    @contextlib.contextmanager
    def _operation_context(self) -> Iterator[Any]:
        with _connect(self.bind) as conn:
            yield conn

    def _call(self, method: str, *args: Any, **kw: Any) -> Any:
        fn = getattr(self.dialect, method, None)
        if fn is None:
            raise NotImplementedError(f"The {self.dialect.name} dialect cannot {method}")
        with self._operation_context() as conn:
            return fn(conn, *args, **kw)

    def _table_call(self, method: str, table_name: str, schema: Optional[str], **kw: Any) -> Any:
        """A per-table question; an empty answer for a table that does not exist is an error."""
        with self._operation_context() as conn:
            result = getattr(self.dialect, method)(conn, table_name, schema=schema, **kw)
            if not result and not self.dialect.has_table(conn, table_name, schema=schema):
                raise exc.NoSuchTableError(_qualified(table_name, schema))
        return result

    # -- names -------------------------------------------------------------------------------
    @property
    def default_schema_name(self) -> Optional[str]:
        return self._call("get_default_schema_name")  # type: ignore[no-any-return]

    def get_schema_names(self, **kw: Any) -> list[str]:
        """Schema (database) names."""
        return self._call("get_schema_names", **kw)  # type: ignore[no-any-return]

    def get_table_names(self, schema: Optional[str] = None, **kw: Any) -> list[str]:
        """Table names of ``schema`` (the default one when None), sorted."""
        return self._call("get_table_names", schema=schema, **kw)  # type: ignore[no-any-return]

    def get_view_names(self, schema: Optional[str] = None, **kw: Any) -> list[str]:
        return self._call("get_view_names", schema=schema, **kw)  # type: ignore[no-any-return]

    def has_table(self, table_name: str, schema: Optional[str] = None, **kw: Any) -> bool:
        return bool(self._call("has_table", table_name, schema=schema, **kw))

    def has_index(self, table_name: str, index_name: str, schema: Optional[str] = None) -> bool:
        return any(ix["name"] == index_name for ix in self.get_indexes(table_name, schema=schema))

    # -- per table ---------------------------------------------------------------------------
    def get_columns(self, table_name: str, schema: Optional[str] = None, **kw: Any) -> list[dict[str, Any]]:
        """``[{name, type, nullable, default, autoincrement, comment}, ...]`` in table order."""
        return self._table_call("get_columns", table_name, schema, **kw)  # type: ignore[no-any-return]

    def get_pk_constraint(self, table_name: str, schema: Optional[str] = None, **kw: Any) -> dict[str, Any]:
        """``{constrained_columns: [...], name: ...}``."""
        with self._operation_context() as conn:
            if not self.dialect.has_table(conn, table_name, schema=schema):
                raise exc.NoSuchTableError(_qualified(table_name, schema))
            return self.dialect.get_pk_constraint(conn, table_name, schema=schema, **kw)  # type: ignore[no-any-return]

    def get_foreign_keys(self, table_name: str, schema: Optional[str] = None, **kw: Any) -> list[dict[str, Any]]:
        """``[{name, constrained_columns, referred_schema, referred_table, referred_columns,
        options}]``; ``options`` holds ``ondelete``/``onupdate`` when they are not the default."""
        return self._table_call("get_foreign_keys", table_name, schema, **kw)  # type: ignore[no-any-return]

    def get_indexes(self, table_name: str, schema: Optional[str] = None, **kw: Any) -> list[dict[str, Any]]:
        """``[{name, column_names, unique}]``; an index that implements a unique constraint also
        says ``duplicates_constraint``."""
        return self._table_call("get_indexes", table_name, schema, **kw)  # type: ignore[no-any-return]

    def get_unique_constraints(self, table_name: str, schema: Optional[str] = None, **kw: Any) -> list[dict[str, Any]]:
        """``[{name, column_names}]``."""
        return self._table_call("get_unique_constraints", table_name, schema, **kw)  # type: ignore[no-any-return]

    def get_check_constraints(self, table_name: str, schema: Optional[str] = None, **kw: Any) -> list[dict[str, Any]]:
        """``[{name, sqltext}]``."""
        return self._table_call("get_check_constraints", table_name, schema, **kw)  # type: ignore[no-any-return]

    def get_table_comment(self, table_name: str, schema: Optional[str] = None, **kw: Any) -> dict[str, Any]:
        """``{"text": comment or None}``."""
        with self._operation_context() as conn:
            if not self.dialect.has_table(conn, table_name, schema=schema):
                raise exc.NoSuchTableError(_qualified(table_name, schema))
            return self.dialect.get_table_comment(conn, table_name, schema=schema, **kw)  # type: ignore[no-any-return]

    def get_sorted_table_and_fkc_names(self, schema: Optional[str] = None) -> list[tuple[Optional[str], list[tuple[str, str]]]]:
        """Table names in foreign-key dependency order, each with its foreign-key names, then
        ``(None, [(table, fk name), ...])`` for the keys that form cycles (to add separately).

        Example::

            insp.get_sorted_table_and_fkc_names()
            # [('users', []), ('addresses', [('addresses', 'fk_user')]), (None, [])]
        """
        names = self.get_table_names(schema=schema)
        fks = {n: self.get_foreign_keys(n, schema=schema) for n in names}
        return sort_names_and_fkcs(names, fks)

    def reflect_table(self, table: "Table", include_columns: Optional[Sequence[str]] = None,
                      resolve_fks: bool = True, **kw: Any) -> None:
        reflect_table(self.bind, table, include_columns=include_columns, resolve_fks=resolve_fks)


def _qualified(name: str, schema: Optional[str]) -> str:
    return f"{schema}.{name}" if schema else name


def sort_names_and_fkcs(names: list[str], fks: dict[str, list[dict[str, Any]]]
                        ) -> list[tuple[Optional[str], list[tuple[str, str]]]]:
    """Dependency order of table names (see ``Inspector.get_sorted_table_and_fkc_names``)."""
    from orm.sql.ddl import _strongly_connected

    class _N(str):
        @property
        def key(self) -> str:
            return str(self)

    nodes = {n: _N(n) for n in names}
    edges: dict[Any, set[Any]] = {nodes[n]: set() for n in names}
    fk_edges = []
    for child in names:
        for fk in fks[child]:
            parent = fk["referred_table"]
            if parent in nodes and parent != child and fk.get("referred_schema") is None:
                edges[nodes[parent]].add(nodes[child])
                fk_edges.append((parent, child, fk.get("name")))
    cyclic_members: list[set[str]] = [set(map(str, c)) for c in _strongly_connected(sorted(edges, key=str), edges) if len(c) > 1]
    remaining: list[tuple[str, Any]] = []
    deps: dict[str, set[str]] = {n: set() for n in names}
    cyclic_fk_names: set[tuple[str, Any]] = set()
    for parent, child, name in fk_edges:
        if any(parent in comp and child in comp for comp in cyclic_members):
            remaining.append((child, name))
            cyclic_fk_names.add((child, name))
        else:
            deps[child].add(parent)
    ordered: list[str] = []
    placed: set[str] = set()
    todo = sorted(names)
    while todo:
        ready = [n for n in todo if deps[n] <= placed] or todo[:1]
        ordered.extend(ready)
        placed.update(ready)
        todo = [n for n in todo if n not in placed]
    out: list[tuple[Optional[str], list[tuple[str, str]]]] = [
        (n, [(n, fk["name"]) for fk in fks[n] if (n, fk.get("name")) not in cyclic_fk_names]) for n in ordered
    ]
    out.append((None, sorted(remaining, key=lambda p: (p[0], p[1] or ""))))
    return out


# -- Table and MetaData reflection -------------------------------------------------------------
def reflect_table(bind: Any, table: "Table", include_columns: Optional[Sequence[str]] = None,
                  resolve_fks: bool = True, _conn: Any = None) -> None:
    """Fill ``table`` (already in its MetaData) with the columns and constraints the database
    has for it.  Columns the Table already declares are kept as declared.  With ``resolve_fks``
    referenced tables are reflected into the same MetaData.

    Example::

        users = Table("users", metadata)
        reflect_table(engine, users)
    """
    if _conn is None:
        with _connect(bind) as conn:
            return reflect_table(conn, table, include_columns, resolve_fks, _conn=conn)
    from orm.sql.elements import text
    from orm.sql.schema import (
        CheckConstraint,
        Column,
        Computed,
        DefaultClause,
        ForeignKeyConstraint,
        Index,
        PrimaryKeyConstraint,
        UniqueConstraint,
    )

    conn = _conn
    dialect = conn.dialect
    name, schema = table.name, table.schema
    if not dialect.has_table(conn, name, schema=schema):
        raise exc.NoSuchTableError(_qualified(name, schema))
    wanted = set(include_columns) if include_columns else None

    def ok(cols: Sequence[Any]) -> bool:
        return all(c is not None and (wanted is None or c in wanted) and c in table.c for c in cols)

    for col in dialect.get_columns(conn, name, schema=schema):
        cname = col["name"]
        if wanted is not None and cname not in wanted:
            continue
        if cname in table.c:
            continue  # declared explicitly: the declaration wins
        args: list[Any] = []
        kw: dict[str, Any] = {"nullable": col["nullable"], "comment": col.get("comment")}
        computed = col.get("computed")
        if computed:
            args.append(Computed(text(computed["sqltext"]), persisted=computed.get("persisted")))
        elif col.get("default") is not None:
            kw["server_default"] = DefaultClause(text(col["default"]))
        if col.get("autoincrement") is not None:
            kw["autoincrement"] = col["autoincrement"] if isinstance(col["autoincrement"], bool) else "auto"
        table.append_column(Column(cname, col["type"], *args, **kw))

    pk = dialect.get_pk_constraint(conn, name, schema=schema)
    pk_cols = [c for c in pk.get("constrained_columns") or [] if c in table.c]
    if pk_cols and not len(table.primary_key.columns):
        table.append_constraint(PrimaryKeyConstraint(*pk_cols, name=pk.get("name")))

    metadata = table.metadata
    for fk in dialect.get_foreign_keys(conn, name, schema=schema):
        if not ok(fk["constrained_columns"]):
            continue
        ref_schema = fk.get("referred_schema")
        ref_name = fk["referred_table"]
        ref_key = _qualified(ref_name, ref_schema)
        if resolve_fks and ref_key not in metadata.tables:
            from orm.sql.schema import Table as _Table

            _Table(ref_name, metadata, schema=ref_schema, autoload_with=conn, resolve_fks=resolve_fks)
        spec = [f"{ref_key}.{c}" for c in fk["referred_columns"]]
        opts = fk.get("options") or {}
        table.append_constraint(ForeignKeyConstraint(
            list(fk["constrained_columns"]), spec, name=fk.get("name"),
            ondelete=opts.get("ondelete"), onupdate=opts.get("onupdate"),
            deferrable=opts.get("deferrable"), initially=opts.get("initially"),
        ))

    existing_uq = {tuple(c.name for c in con.columns) for con in table.constraints if isinstance(con, UniqueConstraint)}
    for uq in dialect.get_unique_constraints(conn, name, schema=schema):
        cols = uq["column_names"]
        if ok(cols) and tuple(cols) not in existing_uq:
            table.append_constraint(UniqueConstraint(*cols, name=uq.get("name")))

    existing_ix = {ix.name for ix in table.indexes}
    for ix in dialect.get_indexes(conn, name, schema=schema):
        cols = ix["column_names"]
        if ix.get("duplicates_constraint") or ix["name"] in existing_ix or not cols or not ok(cols):
            continue
        index = Index(ix["name"], *[table.c[c] for c in cols], unique=bool(ix["unique"]))
        if index.table is None:
            index._set_parent(table)

    for ck in dialect.get_check_constraints(conn, name, schema=schema):
        table.append_constraint(CheckConstraint(ck["sqltext"], name=ck.get("name")))

    comment = dialect.get_table_comment(conn, name, schema=schema).get("text")
    if comment is not None and table.comment is None:
        table.comment = comment
    return None


def reflect_metadata(metadata: "MetaData", bind: Any, schema: Optional[str] = None,
                     only: Union[None, Sequence[str], Callable[[str, "MetaData"], bool]] = None,
                     extend_existing: bool = False, views: bool = False, resolve_fks: bool = True) -> None:
    """Load a ``Table`` into ``metadata`` for each table of the database (``MetaData.reflect``).

    ``only`` limits it to some names (all must exist) or to those a predicate
    ``only(name, metadata)`` accepts; ``views=True`` includes views.

    Example::

        metadata = MetaData()
        metadata.reflect(engine, only=["users", "addresses"])
    """
    from orm.sql.schema import Table

    with _connect(bind) as conn:
        dialect = conn.dialect
        if schema is None:
            schema = metadata.schema
        available = list(dialect.get_table_names(conn, schema=schema))
        if views:
            available += [v for v in dialect.get_view_names(conn, schema=schema) if v not in available]
        if only is None:
            load = available
        elif callable(only):
            load = [n for n in available if only(n, metadata)]
        else:
            missing = [n for n in only if n not in available]
            if missing:
                where = f" schema '{schema}'" if schema else ""
                raise exc.InvalidRequestError(
                    f"Could not reflect: requested table(s) not available in "
                    f"{getattr(conn, 'engine', conn)!r}{where}: ({', '.join(missing)})"
                )
            load = [n for n in available if n in only]
        for name in load:
            existing = metadata.tables.get(_qualified(name, schema))
            if existing is not None:
                if extend_existing:
                    reflect_table(conn, existing, resolve_fks=resolve_fks, _conn=conn)
                continue
            Table(name, metadata, schema=schema, autoload_with=conn, resolve_fks=resolve_fks)
