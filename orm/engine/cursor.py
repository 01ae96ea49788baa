"""Server-side cursors: results streamed from the database a bounded number of rows at a time.

``conn.execution_options(stream_results=True)`` (or ``yield_per=N``, which implies it) makes a
SELECT run on the dialect's *server-side* cursor: a named cursor on PostgreSQL (``DECLARE`` /
``FETCH FORWARD n``), an unbuffered ``SSCursor`` on MySQL/MariaDB (rows read off the socket as
they are fetched), and SQLite's own cursor, which already steps through rows lazily.  Rows then
come from the server as the result is read, never all at once:

* ``yield_per=N``: every read from the server is N rows (``partitions()``, ORM object chunks);
* otherwise rows are read ahead for ``fetchone()``/iteration in a buffer that starts at 5 rows
  and grows fivefold up to ``max_row_buffer`` (default 1000), which also bounds each
  ``fetchmany()`` round trip.

Closing the result early releases the cursor: PostgreSQL closes it on the server (rows not read
are never produced or sent); MySQL's protocol cannot stop a result half-way, so the driver reads
and discards the rest of it (memory stays bounded).  Committing, rolling back or closing the
Connection closes its open streams first; reading one afterwards raises ResourceClosedError.

A MySQL connection cannot run another statement while a result streams from it (PyMySQL would
silently discard the rest of that result): before the Connection runs one, each open stream
reads its remaining rows into memory (``buffer_rest``) and goes on from there.  PostgreSQL's
named cursors coexist with other statements.

Example::

    with engine.connect() as conn:
        result = conn.execution_options(yield_per=1000).execute(select(big_table))
        for part in result.partitions():
            handle(part)            # 1000 rows at a time from the server
"""
from __future__ import annotations

import re
from collections import deque
from typing import Any, Mapping

from orm.exc import ArgumentError, ResourceClosedError

__all__ = ["StreamingCursor", "wants_server_side_cursor", "DEFAULT_MAX_ROW_BUFFER"]

DEFAULT_MAX_ROW_BUFFER = 1000
_INITIAL_BUFFER = 5
_GROWTH = 5
# raw SQL streams only when it is plainly a query (SQLAlchemy looks for SELECT; a WITH or VALUES
# query streams too): a named cursor can only DECLARE a query
_SELECT_RE = re.compile(r"[\s(]*(SELECT|WITH|VALUES)\b", re.I)


def wants_server_side_cursor(options: Mapping[str, Any], dialect: Any, statement: str,
                             compiled: Any) -> bool:
    """True when this execution should run on a server-side cursor: ``stream_results`` or
    ``yield_per`` asked for, the dialect has such cursors, and the statement is a query."""
    if not (options.get("stream_results") or options.get("yield_per")):
        return False
    for name in ("yield_per", "max_row_buffer"):
        value = options.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ArgumentError(f"execution option {name} must be a positive integer, got {value!r}")
    if not dialect.supports_server_side_cursors:
        return False
    stmt = getattr(compiled, "statement", None)
    if stmt is not None and not getattr(stmt, "_is_text", False):
        from orm.sql.selectable import SelectBase

        server_side = isinstance(stmt, SelectBase)
    else:
        server_side = bool(_SELECT_RE.match(statement))
    caller = options.get(ASYNC_BUFFERED)
    if server_side and caller:
        # orm.ext.asyncio's execute() returns a result read without awaiting: a cursor that
        # reads from the server on every fetch cannot be behind it
        from orm.ext.asyncio.exc import AsyncMethodRequired

        cls = caller.partition(".")[0]
        raise AsyncMethodRequired(
            f"Can't use the {caller}() method with a server-side cursor. Use the {cls}.stream() "
            "method for an async streaming result set."
        )
    return server_side


#: execution option orm.ext.asyncio sets on execute(): "Class.method" of the caller
ASYNC_BUFFERED = "_orm_async_buffered"


class StreamingCursor:
    """A server-side DB-API cursor behind the plain cursor surface a Result reads (module doc).

    ``fetchone`` reads ahead into a growing buffer; ``fetchmany(n)`` reads at most ``cap`` rows
    per round trip; ``fetchall`` reads the rest.  ``on_close`` runs once when it closes.
    """

    __slots__ = ("cursor", "_buf", "_size", "_cap", "_fixed", "_closed", "_on_close", "__weakref__")

    def __init__(self, cursor: Any, *, yield_per: Any = None, max_row_buffer: Any = None,
                 on_close: Any = None) -> None:
        self.cursor = cursor
        self._buf: deque[Any] = deque()
        if yield_per:
            # fixed chunks of exactly yield_per rows
            self._cap = self._size = int(yield_per)
            self._fixed = True
        else:
            self._cap = DEFAULT_MAX_ROW_BUFFER if max_row_buffer is None else int(max_row_buffer)
            self._size = min(_INITIAL_BUFFER, self._cap)
            self._fixed = False
        self._closed = False
        self._on_close = on_close

    # -- what a Result reads ----------------------------------------------------------------------
    @property
    def description(self) -> Any:
        return self.cursor.description

    @property
    def rowcount(self) -> int:
        return int(getattr(self.cursor, "rowcount", -1))

    @property
    def lastrowid(self) -> Any:
        return getattr(self.cursor, "lastrowid", None)

    @property
    def arraysize(self) -> int:
        return self._size

    def _check(self) -> None:
        if self._closed:
            raise ResourceClosedError(
                "This result object is closed (its server-side cursor was closed when the "
                "transaction ended or the connection closed)."
            )

    def fetchone(self) -> Any:
        buf = self._buf
        if not buf:
            self._check()
            rows = self.cursor.fetchmany(self._size)
            if not rows:
                return None
            buf.extend(rows)
            if not self._fixed:
                self._size = min(self._size * _GROWTH, self._cap)
        return buf.popleft()

    def fetchmany(self, size: Any = None) -> list[Any]:
        n = self._size if size is None else int(size)
        buf = self._buf
        out: list[Any] = []
        if buf:
            take = min(n, len(buf))
            out = [buf.popleft() for _ in range(take)]
        left = n - len(out)
        if left > 0:
            self._check()
            fetch = self.cursor.fetchmany
            cap = self._cap
            while left > 0:
                rows = fetch(min(left, cap))
                if not rows:
                    break
                out.extend(rows)
                left -= len(rows)
        return out

    def fetchall(self) -> list[Any]:
        out = list(self._buf)
        self._buf.clear()
        self._check()
        out.extend(self.cursor.fetchall())
        return out

    def buffer_rest(self) -> None:
        """Read every row the server still has for this cursor into the local buffer and release
        the cursor: the result goes on from memory.  For drivers whose connection can run
        nothing else while a result is being streamed (MySQL): the Connection calls this before
        its next statement, so that a statement run mid-stream (e.g. a selectin load under
        ``yield_per``) loses no row of the stream."""
        if self._closed or isinstance(self.cursor, _Drained):
            return
        cursor = self.cursor
        self._buf.extend(cursor.fetchall())
        self.cursor = _Drained(cursor.description, getattr(cursor, "rowcount", -1))
        cursor.close()

    def __iter__(self) -> Any:
        while True:
            row = self.fetchone()
            if row is None:
                return
            yield row

    def close(self) -> None:
        """Release the cursor (PostgreSQL: ``CLOSE`` on the server; MySQL: the driver reads
        off what the server still sends)."""
        if self._closed:
            return
        self._closed = True
        self._buf.clear()
        try:
            self.cursor.close()
        finally:
            if self._on_close is not None:
                self._on_close(self)

    @property
    def closed(self) -> bool:
        return self._closed

    def __getattr__(self, name: str) -> Any:
        # anything else of the driver's cursor (setinputsizes, nextset, ...)
        return getattr(self.cursor, name)


class _Drained:
    """Stands in for a cursor whose rows were all read into the stream's buffer."""

    __slots__ = ("description", "rowcount")
    lastrowid = None

    def __init__(self, description: Any, rowcount: int) -> None:
        self.description = description
        self.rowcount = rowcount

    def fetchmany(self, size: int = 1) -> list[Any]:
        return []

    def fetchall(self) -> list[Any]:
        return []

    def close(self) -> None:
        pass
