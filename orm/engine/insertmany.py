"""``INSERT .. RETURNING`` with many parameter sets ("insertmanyvalues").

A DB-API ``executemany()`` returns no rows, so ``conn.execute(insert(t).returning(t.c.id),
[{..}, {..}, ..])`` is run as multi-row INSERTs instead, a page of up to 1000 parameter sets per
statement (fewer when the driver's limit on bound values would be passed), and the result holds
the rows of every page, one per parameter set, in parameter order.

Each page is the caller's statement (its prefixes, RETURNING, ``ON CONFLICT``/``ON DUPLICATE KEY``
clause, CTEs) with its one-row VALUES repeated: per row the values the single-row compile gave
its parameters (Python-side defaults included, computed per row).  A statement rendering SQL
expressions in VALUES (``func.now()``, a sequence's next value) or holding bound values of its
own elsewhere runs once per parameter set instead, which is always right.

Order: SQLite and MariaDB insert the rows of ``VALUES (..), (..)`` in the order written and
return them in that order.  PostgreSQL promises neither, so there a page of bound values goes
through the dialect's ``ordered_insert_rows`` (``INSERT .. SELECT .. FROM (VALUES ..) ORDER BY``
a client-side counter, the same statement shape the ORM flush uses, see
:mod:`orm.dialects.postgresql.sentinel`), which makes the database insert them in parameter
order.

Example::

    rows = conn.execute(users.insert().returning(users.c.id, users.c.name),
                        [{"name": "a"}, {"name": "b"}]).all()   # [(1, 'a'), (2, 'b')]
"""
from __future__ import annotations

import sqlite3
from typing import Any, Iterator, Mapping, Optional

from orm.exc import ArgumentError

__all__ = ["insert_pages", "page_size"]

_MAX_ROWS = 1000
_MAX_PARAMETERS = 30000  # PostgreSQL's protocol allows 65535, SQLite >= 3.32 32766


def page_size(dialect: Any, ncols: int, options: Mapping[str, Any]) -> int:
    """Parameter sets per statement: the ``insertmanyvalues_page_size`` execution option or 1000,
    and no more than the driver takes bound values in one statement."""
    size = options.get("insertmanyvalues_page_size", _MAX_ROWS)
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ArgumentError(f"execution option insertmanyvalues_page_size must be a positive integer, got {size!r}")
    limit = _MAX_PARAMETERS
    if dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 32):
        limit = 999
    return max(1, min(size, limit // max(ncols, 1)))


def insert_pages(dialect: Any, stmt: Any, compiled: Any, compiled_params: list[dict[str, Any]],
                 options: Mapping[str, Any]) -> Optional[Iterator[tuple[Any, dict[str, Any]]]]:
    """``(compiled page, its values by bind name)`` inserting ``compiled_params`` (the
    single-row ``compiled``'s values per parameter set) page by page, each returning its rows in
    parameter order.  None when the statement is not one row of per-parameter-set values to
    repeat -- ``INSERT .. SELECT``, a multi-row ``values([..])``, SQL expressions or other bound
    values in it (whose values a cached page could not take): the caller then runs it once per
    parameter set."""
    columns = compiled.insertmany_columns() if hasattr(compiled, "insertmany_columns") else None
    if columns is None or not all(isinstance(src, str) for _, src in columns):
        return None
    if set(compiled.binds) - {src for _, src in columns}:
        return None
    size = page_size(dialect, len(columns), options)
    return (_page(dialect, stmt, compiled, columns, compiled_params[start:start + size])
            for start in range(0, len(compiled_params), size))


def _page(dialect: Any, stmt: Any, compiled: Any, columns: list[tuple[Any, str]],
          chunk: list[dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
    params = {f"imv_{j}_{i}": values.get(src) for i, values in enumerate(chunk)
              for j, (_col, src) in enumerate(columns)}
    # compiled once per page size, kept with the single-row compiled form (itself cached by the
    # dialect): the page's SQL depends only on the statement's shape and the number of rows
    pages = compiled.__dict__.setdefault("_insertmany_pages", {})
    page = pages.get(len(chunk))
    if page is None:
        page = pages[len(chunk)] = _statement(dialect, stmt, columns, len(chunk)).compile(dialect=dialect)
    return page, params


def _statement(dialect: Any, stmt: Any, columns: list[tuple[Any, str]], n: int) -> Any:
    from orm.sql.elements import BindParameter

    cols = [c for c, _ in columns]
    rows: list[list[Any]] = [[BindParameter(f"imv_{j}_{i}", None, type_=col.type) for j, col in enumerate(cols)]
            for i in range(n)]
    page = stmt._generate()
    page._values = None
    ordered = getattr(dialect, "ordered_insert_rows", None)
    if ordered is not None:
        page._select_names = tuple(cols)
        page._select = ordered(cols, rows)
    else:
        page._multi_values = tuple(tuple(zip(cols, row)) for row in rows)
    return page
