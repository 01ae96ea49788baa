"""Sync-looking DB-API adapters over async drivers (aiosqlite, psycopg async, asyncpg).

Each blocking call of the adapter runs the driver's coroutine through
``orm.ext.asyncio._greenlet.await_only``, so the ordinary Engine/Connection/Session code drives
them unchanged when it runs under ``greenlet_spawn`` (which ``orm.ext.asyncio`` does).
Result rows are fetched completely at execute() time: the synchronous Result then reads them
without further IO, so a Result can be consumed outside the greenlet.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Sequence

__all__ = ["BufferedCursor", "AdaptedModule"]


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
