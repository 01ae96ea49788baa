"""PostgreSQL through psycopg 3: ``postgresql://`` and ``postgresql+psycopg://``.

Parameters use the ``pyformat`` style (``%(name)s``); connections are opened with
``autocommit=False`` so psycopg begins transactions implicitly and the dialect commits or rolls
back; the ``AUTOCOMMIT`` isolation level switches psycopg's autocommit on.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable, Optional

from orm.dialects import import_driver
from orm.dialects.postgresql.libpq import LibpqDialect

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


class PGDialect_psycopg(LibpqDialect):
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

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        cparams.setdefault("autocommit", False)
        return self.loaded_dbapi.connect(*cargs, **cparams)

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        """A server-side cursor is a psycopg named cursor: ``DECLARE`` then ``FETCH FORWARD n``
        (``stream_results`` / ``yield_per``, see orm/engine/cursor.py)."""
        if server_side:
            return dbapi_connection.cursor(name=f"orm_c_{next(_cursor_names):x}")
        return dbapi_connection.cursor()

    disconnect_messages = _DISCONNECT_MESSAGES

    def _is_idle(self, dbapi_connection: Any) -> bool:
        return dbapi_connection.info.transaction_status == self.loaded_dbapi.pq.TransactionStatus.IDLE

    def _apply_isolation_level(self, dbapi_connection: Any, level: Optional[str]) -> None:
        dbapi_connection.autocommit = False
        # None: the server's default
        dbapi_connection.isolation_level = (
            getattr(self.loaded_dbapi.IsolationLevel, _ISOLATION[level]) if level is not None else None)

    def _disconnect_error_classes(self) -> tuple[type, ...]:
        return (self.loaded_dbapi.OperationalError, self.loaded_dbapi.InterfaceError)

    def _server_version_number(self, dbapi_connection: Any) -> int:
        return int(dbapi_connection.info.server_version)


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
