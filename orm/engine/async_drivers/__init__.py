"""Sync-looking DB-API adapters over async drivers (aiosqlite, psycopg async, asyncpg, aiomysql).

Each blocking call of the adapter runs the driver's coroutine through
``orm.ext.asyncio._greenlet.await_only``, so the ordinary Engine/Connection/Session code drives
them unchanged when it runs under ``greenlet_spawn`` (which ``orm.ext.asyncio`` does).
Result rows are fetched completely at execute() time: the synchronous Result then reads them
without further IO, so a Result can be consumed outside the greenlet.

The exception is a *server-side* cursor (``AsyncConnection.stream()``, ``AsyncSession.stream()``,
``stream_results`` / ``yield_per``): :class:`AwaitingCursor` awaits the driver on every fetch, so
rows come from the server as an ``AsyncResult`` reads them (each of its reads runs under
``greenlet_spawn``).
"""
from __future__ import annotations

import asyncio
import inspect
from collections import deque
from typing import Any, Callable, Sequence

__all__ = ["BufferedCursor", "AdaptedModule", "AwaitingCursor", "maybe_await"]


def maybe_await(value: Any) -> Any:
    """``value``, awaited first when the driver returned an awaitable (drivers mix plain and
    coroutine methods: aiomysql's buffered cursor fetches without IO, its SSCursor with)."""
    if isinstance(value, asyncio.Future) and value.done():
        return value.result()  # already there (aiomysql's buffered fetches): no switch needed
    if inspect.isawaitable(value):
        from orm.ext.asyncio._greenlet import await_only

        return await_only(value)
    return value


class AwaitingCursor:
    """The DB-API cursor surface over an async driver's cursor, awaiting each call.

    ``open_cursor()`` makes the driver's cursor (or an awaitable of it) at execute() time:
    a psycopg ``AsyncServerCursor``, aiosqlite's cursor, aiomysql's ``SSCursor``...
    """

    arraysize = 1

    def __init__(self, open_cursor: Callable[[], Any]) -> None:
        self._open = open_cursor
        self._cur: Any = None
        self.description: Sequence[Any] | None = None
        self.rowcount = -1
        self.lastrowid: Any = None

    def execute(self, operation: str, parameters: Any = None) -> "AwaitingCursor":
        cur = self._cur = maybe_await(self._open())
        if parameters is None:
            maybe_await(cur.execute(operation))
        else:
            maybe_await(cur.execute(operation, parameters))
        self.description = cur.description
        self.rowcount = getattr(cur, "rowcount", -1)
        self.lastrowid = getattr(cur, "lastrowid", None)
        return self

    def executemany(self, operation: str, seq_of_parameters: Sequence[Any]) -> "AwaitingCursor":
        cur = self._cur = maybe_await(self._open())
        maybe_await(cur.executemany(operation, seq_of_parameters))
        self.description = None
        self.rowcount = getattr(cur, "rowcount", -1)
        self.lastrowid = getattr(cur, "lastrowid", None)
        return self

    def fetchone(self) -> Any:
        return maybe_await(self._cur.fetchone())

    def fetchmany(self, size: int | None = None) -> list[Any]:
        return list(maybe_await(self._cur.fetchmany(self.arraysize if size is None else size)))

    def fetchall(self) -> list[Any]:
        return list(maybe_await(self._cur.fetchall()))

    def setinputsizes(self, *a: Any) -> None:
        pass

    def setoutputsize(self, *a: Any) -> None:
        pass

    def close(self) -> None:
        cur, self._cur = self._cur, None
        if cur is not None:
            maybe_await(cur.close())


class BufferedCursor:
    """The DB-API cursor surface over a deque of already-fetched rows."""

    arraysize = 1

    def __init__(self) -> None:
        self.description: Sequence[Any] | None = None
        self.rowcount = -1
        self.lastrowid: Any = None
        self._rows: deque[Any] = deque()

    def _set_rows(self, description: Sequence[Any] | None, rows: Any) -> None:
        self.description = description
        self._rows = deque(rows or ())

    def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        n = self.arraysize if size is None else size
        rows = self._rows
        return [rows.popleft() for _ in range(min(n, len(rows)))]

    def fetchall(self) -> list[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    def __iter__(self) -> Any:
        while self._rows:
            yield self._rows.popleft()

    def setinputsizes(self, *a: Any) -> None:
        pass

    def setoutputsize(self, *a: Any) -> None:
        pass

    def close(self) -> None:
        self._rows.clear()


class AdaptedModule:
    """A stand-in DB-API module: the driver's exception classes and constants plus ``connect``."""

    def __init__(self, driver: Any, connect: Any, paramstyle: str, **extra: Any) -> None:
        self.driver = driver
        self.connect = connect
        self.paramstyle = paramstyle
        for name in ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
                     "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
                     "NotSupportedError"):
            if hasattr(driver, name):
                setattr(self, name, getattr(driver, name))
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.driver, name)
