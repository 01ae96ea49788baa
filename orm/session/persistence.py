"""Emitting a flush's INSERT, UPDATE and DELETE statements, batched.

Rows of one table with the same set of columns go out together:

* INSERT whose primary keys are known (given, or from Python-side defaults): one executemany;
* INSERT whose keys the database generates: where the dialect has ``INSERT .. RETURNING``, one
  multi-row ``INSERT .. RETURNING pk`` per page of rows when the key is an auto-incrementing
  integer (:mod:`orm.session.insertmany` matches the returned rows to the objects), else one
  ``INSERT .. RETURNING`` per row; without RETURNING one statement per row, the key coming from
  ``cursor.lastrowid``;
* UPDATE of the changed columns only, one executemany per distinct column set;
* DELETE by primary key, one executemany per table.

Server-generated column values are fetched through RETURNING when the INSERT returns rows anyway,
else the attributes are expired and load on next access.
"""
from __future__ import annotations

import weakref
from operator import itemgetter
from typing import Any, NoReturn, Optional

from orm import exc
from orm.mapping.state import NO_VALUE
from orm.sql.base import ClauseElement
from orm.sql.dml import delete, insert, update
from orm.sql.elements import and_, bindparam

from .insertmany import insert_many_returning, sentinel_ok
from .versioning import record as record_version



def _table_label(table: Any, col: Any) -> str:
    """The name SQLAlchemy gives an UPDATE's WHERE bind for ``col``: ``<table>_<column>`` (schema
    first when there is one), numbered when a column of the table already has that name, so it
    never meets the SET clause's binds (named after the columns)."""
    schema = getattr(table, "schema", None)
    label = (schema.replace(".", "_") + "_" if schema else "") + f"{table.name}_{col.name}"
    if label in table.c:
        n = 1
        while f"{label}_{n}" in table.c:
            n += 1
        label = f"{label}_{n}"
    return label


class TableInfo:
    """How one mapper persists into one of its tables (computed once per mapper and table)."""

    def __init__(self, mapper: Any, table: Any) -> None:
        from orm.sql.schema import ColumnDefault

        self.table = table
        c2p = mapper._columntoproperty
        self.mapped: list[tuple[Any, str]] = []       # (column, attribute key)
        for col in table.columns:
            prop = c2p.get(col)
            if prop is not None and getattr(prop, "is_column", False):
                self.mapped.append((col, prop.key))
        self.pk: list[tuple[Any, str]] = []
        for col in table.primary_key:
            prop = c2p.get(col)
            if prop is None:
                raise exc.FlushError(f"Primary key column {col} of table {table.name!r} is not mapped by {mapper}")
            self.pk.append((col, prop.key))
        pk_cols = {c for c, _ in self.pk}
        self.pk_keys = {k for _, k in self.pk}
        self.none_cols: set[str] = set()              # None means NULL (no default to apply)
        self.python_defaults: list[tuple[Any, str, Any]] = []
        self.sql_defaults: set[str] = set()           # defaults the statement renders (SQL, sequences)
        self.server_generated: list[tuple[Any, str]] = []  # values the database supplies on INSERT
        self.onupdate: list[tuple[Any, str, Any]] = []
        self.server_onupdate: list[tuple[Any, str]] = []
        for col, key in self.mapped:
            default = col.default
            server = col.server_default
            if isinstance(default, ColumnDefault) and (default.is_scalar or default.is_callable):
                self.python_defaults.append((col, key, default))
            elif default is not None:
                self.sql_defaults.add(col.key)
                self.server_generated.append((col, key))
            elif server is not None:
                self.server_generated.append((col, key))
            elif col in pk_cols:
                if col._autoincrement_column() or col is getattr(table, "_autoincrement_column", None):
                    self.server_generated.append((col, key))
            else:
                self.none_cols.add(col.key)
            onupdate = col.onupdate
            if isinstance(onupdate, ColumnDefault) and (onupdate.is_scalar or onupdate.is_callable):
                self.onupdate.append((col, key, onupdate))
            elif onupdate is not None or col.server_onupdate is not None:
                self.server_onupdate.append((col, key))
        # WHERE binds: (bind name, attribute key, position in the identity key), named as
        # SQLAlchemy names them: UPDATE .. WHERE users.id = :users_id, DELETE .. WHERE users.id = :id
        id_pos = {mapper._columntoproperty[c].key: i for i, c in enumerate(mapper.primary_key)
                  if c in mapper._columntoproperty}
        self.pk_binds = [(_table_label(table, col), key, id_pos.get(key)) for col, key in self.pk]
        self.delete_pk_binds = [(col.key, key, id_pos.get(key)) for col, key in self.pk]
        autoinc = [c for c, _ in self.pk if c._autoincrement_column()]
        self.autoinc: Optional[Any] = autoinc[0] if len(self.pk) == 1 and autoinc else None
        # (column, attribute key) of the mapper's version_id_col when it lives in this table: its
        # UPDATEs and DELETEs match the version too; server_version: the database makes new ones
        vcol = mapper.version_id_col
        self.version: Optional[tuple[Any, str]] = None
        if vcol is not None:
            self.version = next(((c, k) for c, k in self.mapped if c is vcol), None)
        self.server_version = self.version is not None and mapper.version_id_generator is False
        # the version's WHERE bind (UPDATE: :users_version_id, DELETE: :version_id)
        self.version_bind = _table_label(table, vcol) if self.version is not None else ""
        self.delete_version_bind = vcol.key if self.version is not None else ""
        # made by a trigger rather than by the UPDATE's own SET clause: SQLite's RETURNING reports
        # the values as they were before triggers ran, so there the version is read back instead
        self.version_by_trigger = self.server_version and vcol.onupdate is None
        # rows of two mappers (a base class and a subclass) with the same shape share statements
        self.shape = (id(table), tuple((id(c), k) for c, k in self.mapped))
        self._update_stmt: Any = None
        self._delete_stmt: Any = None

    def _where(self, pk_binds: list[tuple[str, str, Any]], version_bind: str) -> Any:
        crit = [col == bindparam(bind, type_=col.type) for (col, _), (bind, _k, _p) in zip(self.pk, pk_binds)]
        if self.version is not None:
            col = self.version[0]
            crit.append(col == bindparam(version_bind, type_=col.type))
        return and_(*crit)

    def update_stmt(self) -> Any:
        if self._update_stmt is None:
            self._update_stmt = update(self.table).where(self._where(self.pk_binds, self.version_bind))
        return self._update_stmt

    def delete_stmt(self) -> Any:
        if self._delete_stmt is None:
            where = self._where(self.delete_pk_binds, self.delete_version_bind)
            self._delete_stmt = delete(self.table).where(where)
        return self._delete_stmt


def table_infos(mapper: Any) -> list[TableInfo]:
    """The mapper's tables in insert order (base class table first), with their persistence info."""
    cached = mapper.__dict__.get("_orm_table_infos")
    if cached is not None and cached[0] == len(mapper._props):
        return cached[1]  # type: ignore[no-any-return]
    tables: list[Any] = []
    chain = []
    for m in mapper.iterate_to_root():
        chain.append(m)
        if m.concrete:
            break  # a concrete class's table holds all its columns; its superclasses' are not its
    for m in reversed(chain):
        t = m.local_table
        if t is not None and all(t is not x for x in tables):
            tables.append(t)
    infos = [TableInfo(mapper, t) for t in tables]
    mapper._orm_table_infos = (len(mapper._props), infos)
    return infos


_plain_types: dict[type, bool] = {}


def _is_sql(value: Any) -> bool:
    """A SQL expression given as an attribute value (rendered into the statement)."""
    t = type(value)
    known = _plain_types.get(t)
    if known is None:
        known = _plain_types[t] = isinstance(value, ClauseElement) or hasattr(t, "__clause_element__")
    return known


class _DefaultContext:
    """What a context-sensitive Python default receives: the row's other values."""

    def __init__(self, params: dict[str, Any], connection: Any) -> None:
        self._params = params
        self.connection = connection

    def get_current_parameters(self, isolate_multiinsert_groups: bool = True) -> dict[str, Any]:
        return self._params

    @property
    def current_parameters(self) -> dict[str, Any]:
        return self._params


# -- statements compiled once per shape ------------------------------------------------------------
_compiled_cache: "weakref.WeakKeyDictionary[Any, dict[Any, Any]]" = weakref.WeakKeyDictionary()


def _compiled(conn: Any, key: Any, make: Any, column_keys: Any, many: bool) -> Any:
    """The compiled form of the statement ``make()`` for this dialect and parameter keys."""
    dialect = conn.dialect
    try:
        cache = _compiled_cache[dialect]
    except KeyError:
        cache = _compiled_cache[dialect] = {}
    full = (key, column_keys, many)
    compiled = cache.get(full)
    if compiled is None:
        kw: dict[str, Any] = {"column_keys": list(column_keys)}
        if many:
            kw["for_executemany"] = True
        compiled = cache[full] = make().compile(dialect=dialect, **kw)
    return compiled


def _run(conn: Any, key: Any, make: Any, params: Any) -> Any:
    """Execute the statement ``make()`` with one dict or a list of dicts (executemany).

    The flush runs the same few statement shapes over and over: their compiled forms are kept
    here, which spares Core the cache key of every execution.  With ``before_execute`` /
    ``after_execute`` listeners the statement goes through ``Connection.execute`` as usual."""
    many = isinstance(params, list)
    first = params[0] if many else params
    dispatch = conn.dispatch
    if dispatch.before_execute or dispatch.after_execute:
        return conn.execute(make(), params)
    compiled = _compiled(conn, key, make, tuple(sorted(first)), many)
    if compiled.has_expanding:
        return conn.execute(make(), params)
    plan = _direct_plan(compiled, first)
    if plan:
        # every bind takes a parameter as is: build the driver's rows directly
        positional, names, getter, procs = plan
        rows = params if many else [params]
        try:
            if positional:
                driver = [getter(p) for p in rows]
                if procs:
                    driver = [tuple(v if f is None or v is None else f(v) for f, v in zip(procs, r)) for r in driver]
            else:
                driver = [dict(zip(names, getter(p))) for p in rows]
                if procs:
                    driver = [{n: (v if f is None or v is None else f(v)) for (n, v), f in zip(d.items(), procs)}
                              for d in driver]
        except Exception as err:
            bind_processing_failed(conn, err, compiled, rows)
        options = conn._execution_options
        if many:
            return conn._execute_context(compiled.string, driver, True, compiled, rows, options,
                                         "orm flush", 0.0)
        return conn._execute_context(compiled.string, driver[0], False, compiled, [params], options,
                                     "orm flush", 0.0, always_params=True)
    construct = compiled.construct_params
    process = compiled.process_params
    options = conn._execution_options
    if many:
        values = [construct(p, None) for p in params]
        try:
            processed = [process(v) for v in values]
        except Exception as err:
            bind_processing_failed(conn, err, compiled, params)
        return conn._execute_context(compiled.string, processed, True, compiled,
                                     values, options, "orm flush", 0.0)
    value = construct(params, None)
    try:
        one = process(value)
    except Exception as err:
        bind_processing_failed(conn, err, compiled, [params])
    return conn._execute_context(compiled.string, one, False, compiled, [value], options,
                                 "orm flush", 0.0, always_params=True)


def bind_processing_failed(conn: Any, err: Exception, compiled: Any, params: Any) -> NoReturn:
    """A type's bind processor refused a value the flush applied it to: the same
    ``StatementError`` (``.orig`` the processor's error, the SQL and parameters attached) that
    ``Connection.execute`` raises for it."""
    report = getattr(conn, "_bind_processing_failed", None)
    if report is not None:
        report(err, compiled, list(params))
    raise err


def _direct_plan(compiled: Any, params: dict[str, Any]) -> Any:
    """(positional, bind names in driver order, getter of their values from a parameter dict,
    processors or None) when every bind of ``compiled`` is a parameter (no defaults to compute,
    no literal binds); False otherwise.  Cached on the compiled form (its keys are fixed)."""
    plan = compiled.__dict__.get("_orm_direct")
    if plan is not None:
        return plan
    plan = False
    if not compiled.insert_prefetch and not compiled.update_prefetch:
        by_name = {}
        for name, key, _bp in compiled._plan:
            if key in params:
                by_name[name] = key
            elif name in params:
                by_name[name] = name
            else:
                by_name = None
                break
        if by_name:
            names = list(compiled.positiontup) if compiled.positional else list(by_name)
            keys = [by_name[n] for n in names]
            getter = itemgetter(*keys) if len(keys) > 1 else (lambda p, k=keys[0]: (p[k],))
            procs = [compiled._processors.get(n) for n in names]
            plan = (bool(compiled.positional), names, getter, procs if any(procs) else None)
    compiled._orm_direct = plan
    return plan


# -- INSERT -------------------------------------------------------------------------------------------

def insert_params(uow: Any, info: TableInfo, state: Any, d: dict[str, Any], conn: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(bound values, SQL expression values) of one row's INSERT into ``info.table``."""
    params: dict[str, Any] = {}
    exprs: dict[str, Any] = {}
    none_cols = info.none_cols
    for col, key in info.mapped:
        v = d.get(key, NO_VALUE)
        if v is NO_VALUE or v is None:
            if col.key in none_cols:
                params[col.key] = None
            continue
        if _is_sql(v):
            exprs[col.key] = v
            continue
        params[col.key] = v
    if info.python_defaults:
        ctx = None
        for col, key, default in info.python_defaults:
            ck = col.key
            if ck in params or ck in exprs:
                continue
            if default.is_scalar:
                value = default.arg
            else:
                if ctx is None:
                    ctx = _DefaultContext(params, conn)
                value = default.execute_with(ctx)
            params[ck] = value
            uow.set_value(state, d, key, value)
    return params, exprs


def emit_inserts(uow: Any, info: TableInfo, rows: list[Any], conn: Any) -> None:
    """INSERT rows ``(state, dict, params, exprs, ...)`` that share their column set."""
    table = info.table
    dialect = conn.dialect
    first_params, first_exprs = rows[0][2], rows[0][3]
    # values the database will generate for these rows (keys and server defaults)
    fetch = [(c, k) for c, k in info.server_generated if c.key not in first_params and c.key not in first_exprs]
    fetch_pk = [(c, k) for c, k in fetch if k in info.pk_keys]
    returning_ok = bool(getattr(dialect, "insert_returning", False))
    if not fetch_pk:
        # keys known: executemany; server-side defaults load on next access
        if first_exprs:
            for st, d, params, exprs, *_ in rows:
                conn.execute(insert(table).values(**exprs), params)
                uow.expire_after(st, [info_key(info, ck) for ck in exprs])
        else:
            _run(conn, (table, "insert"), lambda: insert(table),
                 [r[2] for r in rows] if len(rows) > 1 else rows[0][2])
        if fetch:
            for st, d, *_ in rows:
                uow.expire_after(st, [k for _c, k in fetch])
        if info.server_version:
            uow.version_fetch.extend(r[0] for r in rows)
        return
    if returning_ok:
        # the keys come back through RETURNING, and the server defaults with them
        ret_cols = [c for c, _ in fetch]
        if len(rows) > 1 and sentinel_ok(info, fetch_pk) and not first_exprs \
                and not (info.sql_defaults - set(first_params)):
            insert_many_returning(uow, info, rows, fetch, conn, _insert_each_returning)
        else:
            _insert_each_returning(uow, info, rows, fetch, conn)
        _versions_returned(uow, info, rows, fetch)
        return
    # no RETURNING: one statement per row, the key from lastrowid
    for st, d, params, exprs, *_ in rows:
        if exprs:
            result = conn.execute(insert(table).values(**exprs), params)
        else:
            result = _run(conn, (table, "insert"), lambda: insert(table), params)
        pk = result.inserted_primary_key
        for (col, key), value in zip(info.pk, pk or ()):
            if key in [k for _c, k in fetch_pk]:
                if value is None:
                    raise exc.FlushError(
                        f"Instance {_state_str(st)} has a NULL identity key after INSERT into "
                        f"'{table.name}': the database did not generate a primary key value for "
                        f"column '{col.name}'.  Check that the column is an auto-incrementing key or "
                        "give the object a primary key value."
                    )
                uow.set_value(st, d, key, value)
        rest = [k for c, k in fetch if k not in info.pk_keys]
        if rest:
            uow.expire_after(st, rest)
        if exprs:
            uow.expire_after(st, [info_key(info, ck) for ck in exprs])
    if info.server_version:
        uow.version_fetch.extend(r[0] for r in rows)


def _insert_each_returning(uow: Any, info: TableInfo, rows: list[Any], fetch: list[tuple[Any, str]],
                           conn: Any) -> None:
    """One ``INSERT .. RETURNING`` per row: each returned row is its own."""
    table = info.table
    ret_cols = [c for c, _ in fetch]
    ret_key = (table, "insert", tuple(ret_cols))
    for st, d, params, exprs, *_ in rows:
        if exprs:
            row = conn.execute(insert(table).values(**exprs).returning(*ret_cols), params).first()
        else:
            row = _run(conn, ret_key, lambda: insert(table).returning(*ret_cols), params).first()
        _apply_fetched(uow, st, d, fetch, row)
        if exprs:
            uow.expire_after(st, [info_key(info, ck) for ck in exprs])


def _versions_returned(uow: Any, info: TableInfo, rows: list[Any], fetch: list[tuple[Any, str]]) -> None:
    """After an INSERT .. RETURNING: the server-made versions it returned become the rows' known
    versions; those it could not return are read back after the statement."""
    if not info.server_version:
        return
    vkey = info.version[1]  # type: ignore[index]
    if any(k == vkey for _c, k in fetch):
        for st, d, *_ in rows:
            _record_server_version(uow, st, d, vkey, d.get(vkey))
    else:
        uow.version_fetch.extend(r[0] for r in rows)


def info_key(info: TableInfo, col_key: str) -> str:
    for col, key in info.mapped:
        if col.key == col_key:
            return key
    return col_key


def _apply_fetched(uow: Any, st: Any, d: dict[str, Any], fetch: list[tuple[Any, str]], row: Any) -> None:
    undo = uow._undo
    for (col, key), value in zip(fetch, row):
        undo.append((d, key, d.get(key, NO_VALUE)))
        d[key] = value


# -- UPDATE ------------------------------------------------------------------------------------------

def emit_updates(uow: Any, info: TableInfo, rows: list[Any], conn: Any) -> None:
    """UPDATE rows ``(state, dict, params incl. primary key binds, exprs, ...)`` sharing a column set.

    The number of rows the database matched is checked: fewer means the row is gone or, for a
    versioned mapper, was changed by someone else since it was loaded (``StaleDataError``)."""
    table = info.table
    stmt = info.update_stmt()
    versioned = info.version is not None
    dialect = conn.dialect
    if info.server_version and getattr(dialect, "update_returning", False) and not (
            info.version_by_trigger and dialect.name == "sqlite"):
        # the database makes the new version: it comes back with each row's UPDATE
        vcol, vkey = info.version  # type: ignore[misc]
        for st, d, params, exprs, *_ in rows:
            returned = conn.execute((stmt.values(**exprs) if exprs else stmt).returning(vcol), params).all()
            _check_rowcount(len(returned), 1, table, st, versioned)
            _record_server_version(uow, st, d, vkey, returned[0][0])
            if exprs:
                uow.expire_after(st, [info_key(info, ck) for ck in exprs])
        return
    if rows[0][3]:
        for st, d, params, exprs, *_ in rows:
            result = conn.execute(stmt.values(**exprs), params)
            _check_rowcount(result.rowcount, 1, table, st, versioned)
            uow.expire_after(st, [info_key(info, ck) for ck in exprs])
    else:
        key = (table, "update")
        if len(rows) == 1 or getattr(dialect, "supports_sane_multi_rowcount", True):
            result = _run(conn, key, info.update_stmt, [r[2] for r in rows] if len(rows) > 1 else rows[0][2])
            _check_rowcount(result.rowcount, len(rows), table, rows[0][0] if len(rows) == 1 else None,
                            versioned)
        else:
            for r in rows:
                result = _run(conn, key, info.update_stmt, r[2])
                _check_rowcount(result.rowcount, 1, table, r[0], versioned)
    if info.server_version:
        uow.version_fetch.extend(r[0] for r in rows)


def _record_server_version(uow: Any, st: Any, d: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        raise exc.FlushError(f"Instance {_state_str(st)} does not contain a non-NULL version value")
    record_version(uow, st, d, key, value)
    expire = uow._expire.get(st)
    if expire:
        expire.discard(key)


def _check_rowcount(count: int, expected: int, table: Any, state: Any, versioned: bool = False) -> None:
    if count is None or count < 0:
        if versioned:
            import warnings

            warnings.warn("The driver does not report the number of updated rows: versioning cannot be "
                          "verified.", exc.SAWarning, stacklevel=5)
        return
    if count == expected:
        return
    raise exc.StaleDataError(
        f"UPDATE statement on table '{table.name}' expected to update {expected} row(s); {count} were matched."
    )


def pk_params(info: TableInfo, state: Any, d: dict[str, Any], delete: bool = False) -> dict[str, Any]:
    """The primary key binds of a row's UPDATE (or DELETE) WHERE clause: the values as last
    flushed."""
    cs = state.committed_state
    identity = state.key[1] if state.key is not None else None
    out = {}
    for bind, key, pos in (info.delete_pk_binds if delete else info.pk_binds):
        v = cs.get(key, NO_VALUE) if cs else NO_VALUE
        if v is NO_VALUE:
            v = identity[pos] if identity is not None and pos is not None else d.get(key)
        out[bind] = v
    return out


# -- DELETE ------------------------------------------------------------------------------------------

def emit_deletes(uow: Any, info: TableInfo, rows: list[tuple[Any, dict[str, Any]]], conn: Any) -> None:
    """DELETE rows ``(state, dict)`` by primary key (and version); a versioned row that is gone or
    changed since it was loaded fails the flush with ``StaleDataError``, a plain one warns."""
    params = [pk_params(info, st, d, delete=True) for st, d in rows]
    for p in params:
        if None in p.values():
            raise exc.FlushError(
                f"Can't delete from table '{info.table.name}' using NULL for primary key value on "
                f"column(s) {', '.join(k for k, v in p.items() if v is None)}"
            )
    versioned = info.version is not None
    dialect = conn.dialect
    sane_multi = getattr(dialect, "supports_sane_multi_rowcount", True)
    key = (info.table, "delete")
    if versioned:
        bind = info.delete_version_bind
        for p, (st, d) in zip(params, rows):
            p[bind] = uow.current_version(st, d)
    if versioned and len(params) > 1 and not sane_multi:
        # one statement per row, so that each row's match is known
        count = sum(_run(conn, key, info.delete_stmt, p).rowcount for p in params)
    else:
        count = _run(conn, key, info.delete_stmt, params if len(params) > 1 else params[0]).rowcount
    mapper = rows[0][0].mapper
    if count is None or count < 0 or count == len(params) or not mapper.confirm_deleted_rows:
        return
    if not versioned and len(params) > 1 and not sane_multi:
        return
    message = (f"DELETE statement on table '{info.table.name}' expected to delete {len(params)} row(s); "
               f"{count} were matched.  Please set confirm_deleted_rows=False within the mapper "
               "configuration to prevent this warning.")
    if versioned:
        raise exc.StaleDataError(message)
    import warnings

    warnings.warn(message, exc.SAWarning, stacklevel=6)


def _state_str(state: Any) -> str:
    return f"<{state.class_.__name__} at 0x{id(state.obj()):x}>"
