"""PostgreSQL through asyncpg: ``create_async_engine("postgresql+asyncpg://...")``.

asyncpg is not a DB-API driver: this module adapts it. Parameters are compiled in the
``format`` style and renumbered to the ``$1`` style asyncpg takes; a transaction is opened on the first
statement (asyncpg itself autocommits) and ended by commit()/rollback(); asyncpg's
exceptions are re-raised as DB-API classes by SQLSTATE class (``23`` -> IntegrityError ...),
so ``orm.exc`` wraps them as for every other driver.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from orm.dialects import import_driver
from orm.dialects.postgresql.psycopg import PGDialect_psycopg
from orm.engine.async_drivers import AdaptedModule, BufferedCursor
from orm.ext.asyncio._greenlet import await_only
from orm.pool import AsyncAdaptedQueuePool

if TYPE_CHECKING:
    from orm.engine.url import URL

__all__ = ["PGDialect_asyncpg"]


class Error(Exception):
    pass


class Warning(Exception):  # noqa: A001 - PEP 249 name
    pass


class InterfaceError(Error):
    pass


class DatabaseError(Error):
    pass


class DataError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    pass


class IntegrityError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    pass


class NotSupportedError(DatabaseError):
    pass


_BY_SQLSTATE_CLASS = {"23": IntegrityError, "22": DataError, "42": ProgrammingError,
                      "08": OperationalError, "57": OperationalError, "53": OperationalError,
                      "0A": NotSupportedError, "XX": InternalError, "40": OperationalError}


def _translate(err: BaseException) -> BaseException:
    state = getattr(err, "sqlstate", None) or ""
    cls = _BY_SQLSTATE_CLASS.get(state[:2])
    if cls is None:
        name = type(err).__name__
        cls = InterfaceError if "Interface" in name or "Connection" in name else DatabaseError
    new = cls(f"{type(err).__name__}: {err}")
    new.sqlstate = state  # type: ignore[attr-defined]
    return new


_PYFORMAT = re.compile(r"%\((\w+)\)s|%%")
_FORMAT = re.compile(r"%s|%%")


def _to_dollar(operation: str, parameters: Any) -> tuple[str, tuple[Any, ...]]:
    """Driver-level SQL written for psycopg (``%(name)s`` with a dict, as in the dialect's
    catalog queries) becomes ``$n`` with a tuple; positional parameters pass through."""
    if not isinstance(parameters, Mapping):
        counter = iter(range(1, 1 << 30))
        sql = _FORMAT.sub(lambda m: "%" if m.group(0) == "%%" else f"${next(counter)}", operation)
        return sql, tuple(parameters or ())
    names: list[str] = []

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "%%":
            return "%"
        if m.group(1) not in names:
            names.append(m.group(1))
        return f"${names.index(m.group(1)) + 1}"

    sql = _PYFORMAT.sub(sub, operation)
    return sql, tuple(parameters[n] for n in names)


def _await(conn: "_Connection", awaitable: Any) -> Any:
    try:
        return await_only(awaitable)
    except Exception as err:
        if isinstance(err, conn._driver.PostgresError) or isinstance(
                err, conn._driver.exceptions.InterfaceError):
            raise _translate(err) from err
        raise


class _Cursor(BufferedCursor):
    def __init__(self, conn: "_Connection") -> None:
        super().__init__()
        self._conn = conn

    def _one(self, stmt: Any, parameters: Sequence[Any]) -> tuple[list[Any], int]:
        rows = _await(self._conn, stmt.fetch(*parameters))
        status = stmt.get_statusmsg() or ""
        last = status.rsplit(" ", 1)[-1]
        return rows, int(last) if last.isdigit() else -1

    def execute(self, operation: str, parameters: Any = None) -> "_Cursor":
        conn = self._conn
        conn._begin_if_needed()
        operation, params = _to_dollar(operation, parameters)
        stmt = _await(conn, conn._raw.prepare(operation))
        rows, count = self._one(stmt, params)
        attrs = stmt.get_attributes()
        if attrs:
            desc = [(a.name, a.type.oid, None, None, None, None, None) for a in attrs]
            self._set_rows(desc, [tuple(r) for r in rows])
            self.rowcount = count if count >= 0 else len(rows)
        else:
            self._set_rows(None, ())
            self.rowcount = count
        return self

    def executemany(self, operation: str, seq_of_parameters: Sequence[Any]) -> "_Cursor":
        conn = self._conn
        conn._begin_if_needed()
        sql = _to_dollar(operation, seq_of_parameters[0])[0] if seq_of_parameters else operation
        stmt = _await(conn, conn._raw.prepare(sql))
        total = 0
        for params in seq_of_parameters:
            _, count = self._one(stmt, _to_dollar(operation, params)[1])
            total += max(count, 0)
        self._set_rows(None, ())
        self.rowcount = total
        return self


class _ServerSideCursor:
    """A portal (asyncpg cursor) read ``n`` rows per fetch: what ``stream()`` reads from."""

    arraysize = 1

    def __init__(self, conn: "_Connection") -> None:
        self._conn = conn
        self._cur: Any = None
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: Any = None

    def execute(self, operation: str, parameters: Any = None) -> "_ServerSideCursor":
        conn = self._conn
        conn._begin_if_needed()  # a portal lives inside a transaction
        operation, params = _to_dollar(operation, parameters)
        stmt = _await(conn, conn._raw.prepare(operation))
        self.description = [(a.name, a.type.oid, None, None, None, None, None)
                            for a in stmt.get_attributes()]
        self._cur = _await(conn, stmt.cursor(*params))
        return self

    def fetchone(self) -> Any:
        row = _await(self._conn, self._cur.fetchrow())
        return None if row is None else tuple(row)

    def fetchmany(self, size: int | None = None) -> list[Any]:
        rows = _await(self._conn, self._cur.fetch(self.arraysize if size is None else size))
        return [tuple(r) for r in rows]

    def fetchall(self) -> list[Any]:
        out: list[Any] = []
        while True:
            part = self.fetchmany(1000)
            if not part:
                return out
            out.extend(part)

    def close(self) -> None:
        cur, self._cur = self._cur, None
        # asyncpg closes portals only at transaction end; its cursor has no public close, and
        # the rows not read should not wait for that
        close = getattr(cur, "_close_portal", None)
        if close is not None and getattr(cur, "_portal_name", None):
            try:
                _await(self._conn, close(None))
            except Exception:
                pass


class _Connection:
    """An asyncpg connection with DB-API transaction behaviour."""

    def __init__(self, driver: Any, raw: Any) -> None:
        self._driver = driver
        self._raw = raw
        self._tx: Any = None
        self.autocommit = False

    def _begin_if_needed(self) -> None:
        if self._tx is None and not self.autocommit:
            tx = self._raw.transaction()
            _await(self, tx.start())
            self._tx = tx

    def cursor(self, *a: Any, **kw: Any) -> _Cursor:
        return _Cursor(self)

    @property
    def closed(self) -> bool:
        return bool(self._raw.is_closed())

    def commit(self) -> None:
        tx, self._tx = self._tx, None
        if tx is not None:
            _await(self, tx.commit())

    def rollback(self) -> None:
        tx, self._tx = self._tx, None
        if tx is not None:
            _await(self, tx.rollback())

    def close(self) -> None:
        self._tx = None
        _await(self, self._raw.close())


class PGDialect_asyncpg(PGDialect_psycopg):
    """The ``postgresql+asyncpg`` dialect (async engines only)."""

    driver = "asyncpg"
    driver_extra = "asyncpg"
    is_async = True
    poolclass = AsyncAdaptedQueuePool  # checkouts await a free slot instead of blocking the loop
    # Compiled as "format" (%s), which supports expanding IN parameters, and turned into
    # asyncpg's $1, $2 ... by the adapter.
    default_paramstyle = "format"
    paramstyle = "format"
    # stream(): an asyncpg cursor (portal) read as the stream is read
    supports_server_side_cursors = True

    @classmethod
    def import_dbapi(cls) -> Any:
        asyncpg = import_driver("asyncpg", cls.driver_extra)

        def connect(*cargs: Any, **cparams: Any) -> _Connection:
            return _Connection(asyncpg, await_only(asyncpg.connect(*cargs, **cparams)))

        return AdaptedModule(asyncpg, connect, "format", Error=Error, Warning=Warning,
                             InterfaceError=InterfaceError, DatabaseError=DatabaseError,
                             DataError=DataError, OperationalError=OperationalError,
                             IntegrityError=IntegrityError, InternalError=InternalError,
                             ProgrammingError=ProgrammingError, NotSupportedError=NotSupportedError)

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        opts = url.translate_connect_args(username="user", database="database")
        for key, value in url.query.items():
            opts[key] = value if isinstance(value, str) else value[-1]
        if "port" in opts:
            opts["port"] = int(opts["port"])
        return [], opts

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        return self.loaded_dbapi.connect(*cargs, **cparams)

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        if server_side:
            return _ServerSideCursor(dbapi_connection)
        return dbapi_connection.cursor()

    def _get_server_version_info(self, dbapi_connection: Any) -> tuple[int, ...]:
        v = dbapi_connection._raw.get_server_version()
        return (v.major, v.minor)

    def do_ping(self, dbapi_connection: Any) -> bool:
        _await(dbapi_connection, dbapi_connection._raw.fetchval("SELECT 1"))
        return True

    def is_disconnect(self, e: BaseException, connection: Any, cursor: Any) -> bool:
        raw = getattr(connection, "dbapi_connection", connection)
        if raw is not None and getattr(raw, "closed", False):
            return True
        return "connection is closed" in str(e) or "connection was closed" in str(e)

    def get_isolation_level(self, dbapi_connection: Any) -> str:
        if dbapi_connection.autocommit:
            return "AUTOCOMMIT"
        value = _await(dbapi_connection,
                       dbapi_connection._raw.fetchval("SHOW TRANSACTION ISOLATION LEVEL"))
        return str(value).upper()

    def get_default_isolation_level(self, dbapi_connection: Any) -> str:
        return self.get_isolation_level(dbapi_connection)

    def set_isolation_level(self, dbapi_connection: Any, level: str) -> None:
        self._check_isolation_level(level)
        dbapi_connection.rollback()
        dbapi_connection.autocommit = level == "AUTOCOMMIT"
        if level != "AUTOCOMMIT":
            # Applies to the connection's later transactions.
            _await(dbapi_connection, dbapi_connection._raw.execute(
                f"SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL {level}"))

    def reset_isolation_level(self, dbapi_connection: Any) -> None:
        if self.isolation_level is not None:
            self.set_isolation_level(dbapi_connection, self.isolation_level)
            return
        dbapi_connection.rollback()
        dbapi_connection.autocommit = False


dialect = PGDialect_asyncpg
