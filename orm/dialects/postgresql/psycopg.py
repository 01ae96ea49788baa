"""PostgreSQL through psycopg 3: ``postgresql://`` and ``postgresql+psycopg://``.

Parameters use the ``pyformat`` style (``%(name)s``); connections are opened with
``autocommit=False`` so psycopg begins transactions implicitly and the dialect commits or rolls
back; the ``AUTOCOMMIT`` isolation level switches psycopg's autocommit on.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Callable

from orm.dialects import import_driver
from orm.dialects.postgresql.base import PGDialect

if TYPE_CHECKING:
    from orm.engine.url import URL

__all__ = ["PGDialect_psycopg", "PGDialect_psycopg_plain"]

# names of server-side cursors: unique within the process, so within every transaction
_cursor_names = itertools.count(1)

# Messages psycopg / libpq give when the server connection is gone.
_DISCONNECT_MESSAGES = (
    "terminating connection",
    "server closed the connection",
    "connection is closed",
    "the connection is closed",
    "consuming input failed",
    "connection not open",
    "could not receive data from server",
    "could not send data to server",
    "connection is lost",
    "SSL connection has been closed unexpectedly",
)

_ISOLATION = {
    "READ UNCOMMITTED": "READ_UNCOMMITTED",
    "READ COMMITTED": "READ_COMMITTED",
    "REPEATABLE READ": "REPEATABLE_READ",
    "SERIALIZABLE": "SERIALIZABLE",
}


class PGDialect_psycopg(PGDialect):
    """The ``postgresql`` / ``postgresql+psycopg`` dialect."""

    driver = "psycopg"
    driver_extra = "postgresql"
    default_paramstyle = "pyformat"
    paramstyle = "pyformat"
    supports_statement_cache = True
    supports_server_side_cursors = True

    @classmethod
    def import_dbapi(cls) -> Any:
        return import_driver("psycopg", cls.driver_extra)

    # psycopg binds server-side: see _bind_cast
    render_bind_cast = True

    def on_connect(self) -> Callable[[Any], None] | None:
        """psycopg parses json/jsonb itself: give it create_engine(json_deserializer=...)
        (called with the document's bytes, as SQLAlchemy's psycopg dialect does)."""
        base = super().on_connect()
        loads = getattr(self, "_json_deserializer", None)
        if loads is None or self.driver != "psycopg":  # asyncpg derives from this dialect
            return base

        from psycopg.types import json as pj

        # Our own loader classes for this engine's function. psycopg's set_json_loads() caches the
        # classes it makes by the function's __code__, so a second engine whose deserializer is
        # another instance's bound method (same code) would silently get the first engine's.
        loaders = [(name, type(f"ORM{cls.__name__}", (cls,), {"_loads": loads}))
                   for name, cls in (("json", pj.JsonLoader), ("json", pj.JsonBinaryLoader),
                                     ("jsonb", pj.JsonbLoader), ("jsonb", pj.JsonbBinaryLoader))]

        def setup(dbapi_connection: Any) -> None:
            if base is not None:
                base(dbapi_connection)
            # the sync connection, or the async adapter (it exposes the connection's adapters)
            for name, loader in loaders:
                dbapi_connection.adapters.register_loader(name, loader)

        return setup

    def bind_cast(self, type_: Any) -> "str | None":
        """The cast rendered after each bind of ``type_`` (``%(p)s::VARCHAR``), or None."""
        if self.render_bind_cast:
            return _bind_cast(self, type_)
        return _range_cast(self, type_)

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        opts = url.translate_connect_args(username="user", database="dbname")
        for key, value in url.query.items():
            opts[key] = value if isinstance(value, str) else value[-1]
        if "port" in opts:
            opts["port"] = int(opts["port"])
        return [], opts

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        cparams.setdefault("autocommit", False)
        return self.loaded_dbapi.connect(*cargs, **cparams)

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        """A server-side cursor is a psycopg named cursor: ``DECLARE`` then ``FETCH FORWARD n``
        (``stream_results`` / ``yield_per``, see orm/engine/cursor.py)."""
        if server_side:
            return dbapi_connection.cursor(name=f"orm_c_{next(_cursor_names):x}")
        return dbapi_connection.cursor()

    def _get_server_version_info(self, dbapi_connection: Any) -> tuple[int, ...]:
        v = int(dbapi_connection.info.server_version)
        return (v // 10000, v % 10000) if v >= 100000 else (v // 10000, v // 100 % 100, v % 100)

    def do_ping(self, dbapi_connection: Any) -> bool:
        before = dbapi_connection.info.transaction_status
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        if before == self.loaded_dbapi.pq.TransactionStatus.IDLE and not dbapi_connection.autocommit:
            dbapi_connection.rollback()  # leave it as found: not "idle in transaction"
        return True

    def is_disconnect(self, e: BaseException, connection: Any, cursor: Any) -> bool:
        dbapi = self.loaded_dbapi
        if not isinstance(e, (dbapi.OperationalError, dbapi.InterfaceError)):
            return False
        raw = getattr(connection, "dbapi_connection", connection)
        if raw is not None and getattr(raw, "closed", False):
            return True
        text = str(e)
        return any(m in text for m in _DISCONNECT_MESSAGES)

    def get_default_isolation_level(self, dbapi_connection: Any) -> str:
        was_idle = dbapi_connection.info.transaction_status == 0
        level = self.get_isolation_level(dbapi_connection)
        if was_idle and not dbapi_connection.autocommit:
            dbapi_connection.rollback()
        return level

    def set_isolation_level(self, dbapi_connection: Any, level: str) -> None:
        self._check_isolation_level(level)
        # psycopg refuses to change these inside a transaction.
        if not dbapi_connection.autocommit:
            dbapi_connection.rollback()
        if level == "AUTOCOMMIT":
            dbapi_connection.autocommit = True
            return
        dbapi_connection.autocommit = False
        dbapi_connection.isolation_level = getattr(
            self.loaded_dbapi.IsolationLevel, _ISOLATION[level]
        )

    def reset_isolation_level(self, dbapi_connection: Any) -> None:
        if self.isolation_level is not None:
            self.set_isolation_level(dbapi_connection, self.isolation_level)
            return
        if not dbapi_connection.autocommit:
            dbapi_connection.rollback()
        dbapi_connection.autocommit = False
        dbapi_connection.isolation_level = None  # the server default


dialect = PGDialect_psycopg


def _range_cast(dialect: Any, type_: Any) -> "str | None":
    """Range binds are cast on every PostgreSQL dialect (as SQLAlchemy renders them): a range
    literal alone (``%(p)s @> 3``) has no type the server could infer."""
    from orm.dialects.postgresql.ranges import AbstractRange

    if isinstance(type_, AbstractRange):
        return dialect.type_compiler.process(type_)  # type: ignore[no-any-return]
    return None


def _bind_cast(dialect: Any, type_: Any) -> "str | None":
    """The ``::TYPE`` psycopg binds of ``type_`` get, or None.

    psycopg sends parameters with server-side binding, so a parameter whose type the server
    cannot infer from its context (``count(%(p)s)``, ``lower(%(p)s)``) fails with "could not
    determine data type of parameter" unless it is cast. Only the types below are cast; the
    others (numerics, booleans, intervals, binary, enums...) go untyped, as they always did.
    """
    from orm import types as t
    from orm.dialects.postgresql import types as pgt

    impl = type_
    while isinstance(impl, t.TypeDecorator):
        impl = impl.impl_instance if hasattr(impl, "impl_instance") else impl.impl
    if isinstance(impl, t.JSONStrIndexType):
        return "TEXT"
    if isinstance(impl, t.JSONIntIndexType):
        return "INT"
    if isinstance(impl, (t.Enum, pgt.CITEXT)):
        return None
    if isinstance(impl, t.String):
        return "VARCHAR"
    if isinstance(impl, t.Integer):
        if isinstance(impl, t.BigInteger):
            return "BIGINT"
        if isinstance(impl, t.SmallInteger):
            return "SMALLINT"
        return "INTEGER"
    if isinstance(impl, t.DateTime):
        return "TIMESTAMP WITH TIME ZONE" if impl.timezone else "TIMESTAMP WITHOUT TIME ZONE"
    if isinstance(impl, t.Time):
        return "TIME WITH TIME ZONE" if impl.timezone else "TIME WITHOUT TIME ZONE"
    if isinstance(impl, t.Date):
        return "DATE"
    if isinstance(impl, t.Uuid):
        return "UUID"
    if isinstance(impl, pgt.JSONB):
        return "JSONB"
    if isinstance(impl, t.JSON):
        return "JSON"
    if isinstance(impl, t.ARRAY):
        return dialect.type_compiler.process(impl)
    return _range_cast(dialect, impl)


class PGDialect_psycopg_plain(PGDialect_psycopg):
    """``postgresql.dialect()``: SQL text as SQLAlchemy's default PostgreSQL dialect renders it.

    That default (psycopg2) binds client-side and renders no ``::TYPE`` casts, so compiling with
    ``postgresql.dialect()`` gives the same text; engines (``postgresql+psycopg://``) cast.
    Example: ``str(stmt.compile(dialect=postgresql.dialect()))``.
    """

    render_bind_cast = False
