"""PostgreSQL through psycopg 3's AsyncConnection: ``create_async_engine("postgresql+psycopg://")``
(registered as ``postgresql+psycopg_async``).

The psycopg dialect's SQL and type handling are reused; only the connection is adapted: its
coroutine methods are awaited with ``await_only`` and rows are fetched at execute() time, except
on a server-side (named) cursor, whose rows are fetched as a stream reads them.
"""
from __future__ import annotations

from typing import Any, Sequence

from orm.dialects import import_driver
from orm.dialects.postgresql.psycopg import PGDialect_psycopg, _cursor_names
from orm.engine.async_drivers import AdaptedModule, AwaitingCursor, BufferedCursor
from orm.ext.asyncio._greenlet import await_only
from orm.pool import AsyncAdaptedQueuePool

__all__ = ["PGDialect_psycopg_async"]


class _Cursor(BufferedCursor):
    def __init__(self, conn: "_Connection") -> None:
        super().__init__()
        self._conn = conn

    def _run(self, method: str, operation: str, parameters: Any) -> "_Cursor":
        cur = self._conn._raw.cursor()
        try:
            await_only(getattr(cur, method)(operation, parameters))
            description = cur.description
            rows = await_only(cur.fetchall()) if description else ()
            self._set_rows(description, rows)
            self.rowcount = cur.rowcount
        finally:
            await_only(cur.close())
        return self

    def execute(self, operation: str, parameters: Any = None) -> "_Cursor":
        return self._run("execute", operation, parameters)

    def executemany(self, operation: str, seq_of_parameters: Sequence[Any]) -> "_Cursor":
        return self._run("executemany", operation, seq_of_parameters)


class _Connection:
    """psycopg.AsyncConnection behind the psycopg.Connection surface the dialect uses."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def cursor(self, *a: Any, **kw: Any) -> _Cursor:
        return _Cursor(self)

    @property
    def info(self) -> Any:
        return self._raw.info

    @property
    def closed(self) -> bool:
        return bool(self._raw.closed)

    @property
    def adapters(self) -> Any:
        return self._raw.adapters

    @property
    def autocommit(self) -> bool:
        return bool(self._raw.autocommit)

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        await_only(self._raw.set_autocommit(value))

    @property
    def isolation_level(self) -> Any:
        return self._raw.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: Any) -> None:
        await_only(self._raw.set_isolation_level(value))

    def commit(self) -> None:
        await_only(self._raw.commit())

    def rollback(self) -> None:
        await_only(self._raw.rollback())

    def close(self) -> None:
        await_only(self._raw.close())


class PGDialect_psycopg_async(PGDialect_psycopg):
    """psycopg 3 in async mode (async engines only)."""

    is_async = True
    poolclass = AsyncAdaptedQueuePool  # checkouts await a free slot instead of blocking the loop
    # plain cursors are buffered by the adapter; stream() uses a named cursor awaited per fetch
    supports_server_side_cursors = True

    @classmethod
    def import_dbapi(cls) -> Any:
        psycopg = import_driver("psycopg", cls.driver_extra)

        def connect(*cargs: Any, **cparams: Any) -> _Connection:
            return _Connection(await_only(psycopg.AsyncConnection.connect(*cargs, **cparams)))

        return AdaptedModule(psycopg, connect, "pyformat", pq=psycopg.pq,
                             IsolationLevel=psycopg.IsolationLevel)

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        if server_side:
            name = f"orm_c_{next(_cursor_names):x}"
            raw = dbapi_connection._raw
            return AwaitingCursor(lambda: raw.cursor(name=name))
        return dbapi_connection.cursor()


dialect = PGDialect_psycopg_async
