"""Batched ``INSERT .. RETURNING``: many rows in one statement, and which returned row belongs to
which object.

A multi-row INSERT returns its rows in an order the databases do not promise (PostgreSQL and
SQLite say so outright), so the rows cannot simply be zipped with the objects.  What *is* known is
how an auto-incrementing integer key grows: each new row gets a larger value than the rows inserted
before it in the same statement.  That key is the *sentinel* that puts the returned rows back in
parameter order, provided the rows are inserted in parameter order:

* PostgreSQL: ``INSERT INTO t (a, b) SELECT CAST(p0 AS ..), .. FROM (VALUES (:a0, :b0, 0), ..)
  AS imp_sen (p0, p1, sen_counter) ORDER BY imp_sen.sen_counter RETURNING t.id, ..`` -- a
  client-side counter written into each row orders the rows the INSERT consumes, so the sequence
  hands out ascending values in counter order (the dialect's ``ordered_insert_rows`` builds the
  SELECT: :mod:`orm.dialects.postgresql.sentinel`);
* SQLite and MariaDB insert the rows of ``VALUES (..), (..)`` in the order written, each taking
  the next value (SQLite: one larger than the largest rowid; MariaDB: the next AUTO_INCREMENT).
  SQLite only falls back to random rowids once the largest possible one is taken, so there the
  keys of one statement must also be consecutive; a page whose keys are not is deleted again and
  inserted row by row.

Sorting the returned rows by the key puts them in counter order.  Tables whose generated key is
not such an integer (a server-made UUID or string, a sequence counting down) get one ``INSERT ..
RETURNING`` per row instead, which needs no correlation at all (:func:`sentinel_ok` decides).
"""
from __future__ import annotations

import sqlite3
import weakref
from itertools import chain
from typing import Any, Iterator, Optional

from orm import exc
from orm.mapping.state import NO_VALUE

_multi_cache: "weakref.WeakKeyDictionary[Any, dict[Any, Any]]" = weakref.WeakKeyDictionary()


def sentinel_ok(info: Any, fetch_pk: list[tuple[Any, str]]) -> bool:
    """Whether the rows' only generated key is the table's auto-incrementing integer, counting up:
    the one thing a batch can be correlated by."""
    col = info.autoinc
    if col is None or len(fetch_pk) != 1 or fetch_pk[0][0] is not col:
        return False
    for gen in (getattr(col, "default", None), getattr(col, "identity", None)):
        increment = getattr(gen, "increment", None)
        if increment is not None and increment < 0:
            return False  # a sequence counting down hands out descending keys
    return True


def page_size(dialect: Any, ncols: int) -> int:
    """Rows per statement: at most 1000, and within the driver's limit on parameters."""
    limit = 30000
    if dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 32):
        limit = 999
    return max(1, min(1000, limit // max(ncols, 1)))


def _statement(dialect: Any, info: Any, keys: tuple[str, ...], ret: tuple[Any, ...], n: int) -> Any:
    """(compiled multi-row INSERT .. RETURNING for ``n`` rows of ``keys``, value positions,
    bind processors, bind name prefixes), cached per dialect and shape."""
    try:
        per_dialect = _multi_cache[dialect]
    except KeyError:
        per_dialect = _multi_cache[dialect] = {}
    ck = (id(info), keys, tuple(id(c) for c in ret), n)
    entry = per_dialect.get(ck)
    if entry is not None:
        return entry
    from orm.sql.dml import insert
    from orm.sql.elements import BindParameter

    table = info.table
    cols = [table.c[k] for k in keys]
    binds: list[list[Any]] = [[BindParameter(f"p{j}_{i}", None, type_=c.type) for j, c in enumerate(cols)] for i in range(n)]
    ordered = getattr(dialect, "ordered_insert_rows", None)
    if ordered is not None:
        stmt = insert(table).from_select(cols, ordered(cols, binds)).returning(*ret)
    else:
        stmt = insert(table).values([dict(zip(cols, row)) for row in binds]).returning(*ret)
    compiled = stmt.compile(dialect=dialect)
    names = {f"p{j}_{i}": (i, j) for i in range(n) for j in range(len(cols))}
    procs = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in cols]
    positions: Any = [names[name] for name in compiled.positiontup] if compiled.positional else None
    if positions is not None and positions == [(i, j) for i in range(n) for j in range(len(cols))]:
        positions = True  # row after row: the values can simply be chained
    entry = (compiled, positions, procs, [f"p{j}_" for j in range(len(cols))])
    per_dialect[ck] = entry
    return entry


def _execute_page(conn: Any, info: Any, keys: tuple[str, ...], ret: tuple[Any, ...],
                  chunk: list[dict[str, Any]]) -> list[Any]:
    """Run one multi-row INSERT .. RETURNING for ``chunk`` (dicts of ``keys``, in that order) and
    return its rows, in whatever order the database sent them."""
    dialect = conn.dialect
    compiled, positions, procs, prefixes = _statement(dialect, info, keys, ret, len(chunk))
    values = [list(p.values()) for p in chunk]
    if any(p is not None for p in procs):
        try:
            for row in values:
                for j, proc in enumerate(procs):
                    if proc is not None and row[j] is not None:
                        row[j] = proc(row[j])
        except Exception as err:
            from .persistence import bind_processing_failed

            bind_processing_failed(conn, err, compiled, chunk)
    if positions is True:
        driver_params: Any = tuple(chain.from_iterable(values))
    elif positions is not None:
        driver_params = tuple(values[i][j] for i, j in positions)
    else:
        driver_params = {f"{prefixes[j]}{i}": v for i, row in enumerate(values) for j, v in enumerate(row)}
    result = conn._execute_context(compiled.string, driver_params, False, compiled, [], conn._execution_options,
                                   "orm flush", 0.0, always_params=True)
    return result.fetchall()  # type: ignore[no-any-return]


def returning_pages(conn: Any, info: Any, params: list[dict[str, Any]], ret: tuple[Any, ...],
                    pk_index: int) -> Iterator[tuple[int, int, Optional[list[Any]]]]:
    """INSERT ``params`` (dicts with the same keys, in the same order; the table's
    auto-incrementing key not among them) page by page, one statement each, returning ``ret``
    (``ret[pk_index]`` is that key).  Yields ``(start, end, rows)``: the returned rows of
    ``params[start:end]`` in parameter order, or None for a page whose rows could not be matched
    (SQLite out of ascending rowids): those rows were deleted again and the caller inserts them
    one at a time."""
    dialect = conn.dialect
    keys = tuple(params[0])
    page = page_size(dialect, len(keys))
    check_consecutive = dialect.name == "sqlite"
    for start in range(0, len(params), page):
        chunk = params[start:start + page]
        returned = _execute_page(conn, info, keys, ret, chunk)
        returned.sort(key=lambda r: r[pk_index])
        if _matchable(info, chunk, returned, pk_index, check_consecutive):
            yield start, start + len(chunk), returned
            continue
        # the rows are in, but which is whose is unknown: delete them again (by the keys just
        # returned, so exactly these rows) for the caller to insert one at a time
        from orm.sql.dml import delete

        conn.execute(delete(info.table).where(info.autoinc.in_([r[pk_index] for r in returned])))
        yield start, start + len(chunk), None


def returning_by_key(conn: Any, info: Any, params: list[dict[str, Any]], ret: tuple[Any, ...],
                     key_index: list[int]) -> list[Any]:
    """INSERT ``params`` whose primary keys are known (``ret[i] for i in key_index`` returns them)
    page by page, the returned rows put in parameter order by their keys."""
    keys = tuple(params[0])
    pk_keys = [c.key for c, _k in info.pk]
    out: list[Any] = []
    page = page_size(conn.dialect, len(keys))
    for start in range(0, len(params), page):
        chunk = params[start:start + page]
        returned = _execute_page(conn, info, keys, ret, chunk)
        by_key = {tuple(r[i] for i in key_index): r for r in returned}
        try:
            out.extend(by_key[tuple(p[k] for k in pk_keys)] for p in chunk)
        except KeyError as missing:
            raise exc.FlushError(f"INSERT .. RETURNING into '{info.table.name}' returned no row for the key "
                                 f"{missing}") from None
    return out


def insert_many_returning(uow: Any, info: Any, rows: list[Any], fetch: list[tuple[Any, str]], conn: Any,
                          one_by_one: Any) -> None:
    """The flush's batched INSERT: ``rows`` ``(state, dict, params, ...)`` (same columns,
    generated auto-incrementing key); the values in ``fetch`` (the key, server defaults) are
    written to each row's object.  Pages that could not be matched go to ``one_by_one(uow, info,
    rows, fetch, conn)``."""
    ret = tuple(c for c, _ in fetch)
    pk_index = [i for i, (c, _k) in enumerate(fetch) if c is info.autoinc][0]
    undo = uow._undo
    single = fetch[0][1] if len(fetch) == 1 else None
    for start, end, returned in returning_pages(conn, info, [r[2] for r in rows], ret, pk_index):
        chunk = rows[start:end]
        if returned is None:
            one_by_one(uow, info, chunk, fetch, conn)
        elif single is not None:
            for r, row in zip(chunk, returned):
                d = r[1]
                undo.append((d, single, d.get(single, NO_VALUE)))
                d[single] = row[0]
        else:
            for r, row in zip(chunk, returned):
                d = r[1]
                for (_col, key), value in zip(fetch, row):
                    undo.append((d, key, d.get(key, NO_VALUE)))
                    d[key] = value


def _matchable(info: Any, chunk: list[Any], returned: list[Any], pk_index: int, consecutive: bool) -> bool:
    """Whether the returned keys, sorted, are the rows' keys in parameter order: one per row, all
    different, and -- where the database may pick keys at random -- consecutive."""
    table = info.table.name
    if len(returned) != len(chunk):
        raise exc.FlushError(f"INSERT .. RETURNING into '{table}' returned {len(returned)} rows for {len(chunk)}")
    if len(returned) < 2:
        return True
    if any(a[pk_index] == b[pk_index] for a, b in zip(returned, returned[1:])):
        raise exc.FlushError(f"INSERT .. RETURNING into '{table}' returned the same key twice")
    return not consecutive or returned[-1][pk_index] - returned[0][pk_index] == len(returned) - 1
