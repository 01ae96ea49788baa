"""MySQL / MariaDB through aiomysql: ``create_async_engine("mysql+aiomysql://...")`` (also
``mariadb+aiomysql://``).

aiomysql is PyMySQL driven by asyncio, so the PyMySQL dialect is reused whole (connect
arguments, ``FOUND_ROWS``, disconnect codes, isolation levels); only the connection is adapted:
its coroutine methods are awaited with ``await_only``.  A plain cursor is aiomysql's buffered one
(all rows read at execute(), fetches need no IO); ``stream()`` uses its unbuffered ``SSCursor``,
awaited on every fetch.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orm.dialects import import_driver
from orm.dialects.mysql.pymysql import MySQLDialect_pymysql
from orm.engine.async_drivers import AdaptedModule, AwaitingCursor, BufferedCursor, maybe_await
from orm.ext.asyncio._greenlet import await_only, in_greenlet
from orm.pool import AsyncAdaptedQueuePool

if TYPE_CHECKING:
    from orm.engine.url import URL

__all__ = ["MySQLDialect_aiomysql"]


class _Cursor(BufferedCursor):
    """aiomysql's buffered cursor, read completely and closed at execute(): the Result reads
    its rows without IO, inside or outside the greenlet."""

    def __init__(self, conn: "_Connection") -> None:
        super().__init__()
        self._conn = conn

    def _run(self, method: str, operation: str, parameters: Any) -> "_Cursor":
        cur = maybe_await(self._conn._raw.cursor(self._conn._driver.Cursor))
        try:
            if parameters is None and method == "execute":
                maybe_await(cur.execute(operation))
            else:
                maybe_await(getattr(cur, method)(operation, parameters))
            description = cur.description
            self._set_rows(description, maybe_await(cur.fetchall()) if description else ())
            self.rowcount = cur.rowcount
            self.lastrowid = cur.lastrowid
        finally:
            maybe_await(cur.close())
        return self

    def execute(self, operation: str, parameters: Any = None) -> "_Cursor":
        return self._run("execute", operation, parameters)

    def executemany(self, operation: str, seq_of_parameters: Any) -> "_Cursor":
        return self._run("executemany", operation, seq_of_parameters)


class _Connection:
    """aiomysql.Connection behind the pymysql.Connection methods the dialect uses."""

    def __init__(self, driver: Any, raw: Any) -> None:
        self._driver = driver
        self._raw = raw
        # get_isolation_level() catches ``dbapi_connection.OperationalError`` as PyMySQL allows
        self.OperationalError = driver.OperationalError

    def cursor(self, cursor_cls: Any = None) -> Any:
        if cursor_cls is None:
            return _Cursor(self)
        raw = self._raw
        return AwaitingCursor(lambda: raw.cursor(cursor_cls))

    def commit(self) -> None:
        await_only(self._raw.commit())

    def rollback(self) -> None:
        await_only(self._raw.rollback())

    def autocommit(self, value: bool) -> None:
        await_only(self._raw.autocommit(value))

    def get_autocommit(self) -> bool:
        return bool(self._raw.get_autocommit())

    def get_server_info(self) -> str:
        return str(self._raw.get_server_info())

    def ping(self, reconnect: bool = False) -> None:
        await_only(self._raw.ping(reconnect))

    def thread_id(self) -> int:
        return int(self._raw.thread_id())

    @property
    def closed(self) -> bool:
        return bool(self._raw.closed)

    def close(self) -> None:
        if in_greenlet():
            maybe_await(self._raw.ensure_closed())  # COM_QUIT, then close
        else:
            self._raw.close()  # outside the event loop's reach: just drop the socket


class MySQLDialect_aiomysql(MySQLDialect_pymysql):
    """The ``mysql+aiomysql`` / ``mariadb+aiomysql`` dialect (async engines only)."""

    driver = "aiomysql"
    driver_extra = "async"
    is_async = True
    poolclass = AsyncAdaptedQueuePool  # checkouts await a free slot instead of blocking the loop
    supports_server_side_cursors = True
    server_side_cursors_block_connection = True

    @classmethod
    def import_dbapi(cls) -> Any:
        aiomysql = import_driver("aiomysql", cls.driver_extra)
        import pymysql

        def connect(*cargs: Any, **cparams: Any) -> _Connection:
            return _Connection(aiomysql, await_only(aiomysql.connect(*cargs, **cparams)))

        return AdaptedModule(aiomysql, connect, "pyformat", cursors=aiomysql.cursors,
                             constants=pymysql.constants)

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        cargs, opts = super().create_connect_args(url)
        if "database" in opts:  # aiomysql spells it db=
            opts["db"] = opts.pop("database")
        opts.setdefault("autocommit", False)
        return cargs, opts

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        if server_side:
            return dbapi_connection.cursor(self.loaded_dbapi.cursors.SSCursor)
        return dbapi_connection.cursor()


dialect = MySQLDialect_aiomysql
