"""SQLite through aiosqlite: ``sqlite+aiosqlite://`` (for ``create_async_engine``).

The aiosqlite connection is wrapped in a sync-looking DB-API connection whose calls wait for
the coroutine with ``await_only``; everything else (BEGIN/COMMIT emitted by the dialect,
isolation levels) is the pysqlite dialect's.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Sequence

from orm.dialects import import_driver
from orm.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite, _is_memory
from orm.engine.async_drivers import AdaptedModule, AwaitingCursor, BufferedCursor
from orm.ext.asyncio._greenlet import await_only
from orm.pool import AsyncAdaptedQueuePool, Pool, StaticPool

if TYPE_CHECKING:
    from orm.engine.url import URL

__all__ = ["SQLiteDialect_aiosqlite"]


class _Cursor(BufferedCursor):
    def __init__(self, conn: "_Connection") -> None:
        super().__init__()
        self._conn = conn

    @property
    def connection(self) -> "_Connection":
        return self._conn

    def execute(self, operation: str, parameters: Any = None) -> "_Cursor":
        raw = self._conn._raw
        cur = await_only(raw.cursor())
        try:
            if parameters is None:
                await_only(cur.execute(operation))
            else:
                await_only(cur.execute(operation, parameters))
            if cur.description:
                self._set_rows(cur.description, await_only(cur.fetchall()))
            else:
                self._set_rows(None, ())
            self.rowcount = cur.rowcount
            self.lastrowid = cur.lastrowid
        finally:
            await_only(cur.close())
        return self

    def executemany(self, operation: str, seq_of_parameters: Sequence[Any]) -> "_Cursor":
        raw = self._conn._raw
        cur = await_only(raw.cursor())
        try:
            await_only(cur.executemany(operation, seq_of_parameters))
            self._set_rows(None, ())
            self.rowcount = cur.rowcount
            self.lastrowid = cur.lastrowid
        finally:
            await_only(cur.close())
        return self


class _Connection:
    """aiosqlite.Connection behind the sqlite3.Connection methods the dialect uses."""

    orm_autocommit = False
    orm_begin_pending = False

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    @property
    def in_transaction(self) -> bool:
        return bool(self._raw.in_transaction)

    def cursor(self) -> _Cursor:
        return _Cursor(self)

    def execute(self, sql: str, parameters: Any = None) -> _Cursor:
        return self.cursor().execute(sql, parameters)

    def commit(self) -> None:
        await_only(self._raw.commit())

    def rollback(self) -> None:
        await_only(self._raw.rollback())

    def close(self) -> None:
        await_only(self._raw.close())

    def create_function(self, *args: Any, **kw: Any) -> None:
        await_only(self._raw.create_function(*args, **kw))


class SQLiteDialect_aiosqlite(SQLiteDialect_pysqlite):
    """The ``sqlite+aiosqlite`` dialect (async engines only)."""

    driver = "aiosqlite"
    is_async = True
    supports_statement_cache = True
    # stream(): SQLite's own cursor, stepped through as the stream is read (awaited per fetch)
    supports_server_side_cursors = True

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        if server_side:
            raw = dbapi_connection._raw
            return AwaitingCursor(raw.cursor)
        return dbapi_connection.cursor()

    @classmethod
    def import_dbapi(cls) -> Any:
        aiosqlite = import_driver("aiosqlite", "aiosqlite")

        def connect(*cargs: Any, **cparams: Any) -> _Connection:
            pending = aiosqlite.connect(*cargs, **cparams)
            # aiosqlite runs each connection in its own thread, started by the await below; a
            # daemon thread, so that an engine never disposed (an exception, a script that just
            # ends) does not keep the interpreter waiting at exit (as SQLAlchemy does too)
            thread = pending if isinstance(pending, threading.Thread) else getattr(pending, "_thread", None)
            if thread is not None:
                thread.daemon = True
            return _Connection(await_only(pending))

        return AdaptedModule(aiosqlite, connect, "qmark",
                             sqlite_version_info=__import__("sqlite3").sqlite_version_info)

    @classmethod
    def get_pool_class(cls, url: URL) -> type[Pool]:
        # One event-loop thread: an in-memory database must be one shared connection.
        return StaticPool if _is_memory(url) else AsyncAdaptedQueuePool

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        cargs, opts = super().create_connect_args(url)
        # aiosqlite runs sqlite3 in its own thread; a custom factory class is not needed.
        opts.pop("factory", None)
        opts.pop("check_same_thread", None)
        return cargs, opts

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        cparams.pop("factory", None)
        cparams["isolation_level"] = None
        cparams.setdefault("detect_types", 0)
        return self.loaded_dbapi.connect(*cargs, **cparams)

    def is_disconnect(self, e: BaseException, connection: Any, cursor: Any) -> bool:
        return "no active connection" in str(e) or super().is_disconnect(e, connection, cursor)


dialect = SQLiteDialect_aiosqlite
