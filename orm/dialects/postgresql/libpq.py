"""What the two libpq drivers (psycopg 3 and psycopg2) share: pinging, disconnect detection and
isolation levels, in the same steps; each driver says how its connection object does each step.

Example::

    class PGDialect_psycopg2(LibpqDialect):
        disconnect_messages = ("terminating connection", ...)
        def _is_idle(self, conn): ...
        def _apply_isolation_level(self, conn, level): ...   # None: the server's default
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from orm.dialects.postgresql.base import PGDialect

if TYPE_CHECKING:
    from orm.engine.url import URL


class LibpqDialect(PGDialect):
    """A PostgreSQL dialect over a libpq-based DB-API driver (see the module docstring)."""

    # texts of errors meaning the server connection is gone
    disconnect_messages: tuple[str, ...] = ()

    # -- what each driver provides ---------------------------------------------------------
    def _is_idle(self, dbapi_connection: Any) -> bool:
        """Whether the connection is outside a transaction."""
        raise NotImplementedError

    def _apply_isolation_level(self, dbapi_connection: Any, level: Optional[str]) -> None:
        """Set a (validated, non-AUTOCOMMIT) level on a connection with autocommit off; None
        restores the server's default."""
        raise NotImplementedError

    def _disconnect_error_classes(self) -> tuple[type, ...]:
        """DB-API exception classes a lost connection raises."""
        raise NotImplementedError

    def _disconnect_text(self, e: BaseException) -> str:
        return str(e)

    def _server_version_number(self, dbapi_connection: Any) -> int:
        """libpq's PQserverVersion (``150004`` for 15.4)."""
        return int(dbapi_connection.server_version)

    # -- the shared steps ------------------------------------------------------------------
    def create_connect_args(self, url: "URL") -> tuple[list[Any], dict[str, Any]]:
        """libpq's keywords: ``dbname``, ``user``, ..., and the URL's query as more of them."""
        opts = url.translate_connect_args(username="user", database="dbname")
        for key, value in url.query.items():
            opts[key] = value if isinstance(value, str) else value[-1]
        if "port" in opts:
            opts["port"] = int(opts["port"])
        return [], opts

    def _get_server_version_info(self, dbapi_connection: Any) -> tuple[int, ...]:
        v = self._server_version_number(dbapi_connection)
        return (v // 10000, v % 10000) if v >= 100000 else (v // 10000, v // 100 % 100, v % 100)

    def do_ping(self, dbapi_connection: Any) -> bool:
        idle = self._is_idle(dbapi_connection)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        if idle and not dbapi_connection.autocommit:
            dbapi_connection.rollback()  # leave it as found: not "idle in transaction"
        return True

    def is_disconnect(self, e: BaseException, connection: Any, cursor: Any) -> bool:
        if not isinstance(e, self._disconnect_error_classes()):
            return False
        raw = getattr(connection, "dbapi_connection", connection)
        if raw is not None and getattr(raw, "closed", False):  # psycopg2: 0, 1 or 2
            return True
        text = self._disconnect_text(e)
        return any(m in text for m in self.disconnect_messages)

    def get_default_isolation_level(self, dbapi_connection: Any) -> str:
        idle = self._is_idle(dbapi_connection)
        level = self.get_isolation_level(dbapi_connection)
        if idle and not dbapi_connection.autocommit:
            dbapi_connection.rollback()
        return level

    def set_isolation_level(self, dbapi_connection: Any, level: str) -> None:
        self._check_isolation_level(level)
        # both drivers refuse to change the session inside a transaction
        if not dbapi_connection.autocommit:
            dbapi_connection.rollback()
        if level == "AUTOCOMMIT":
            dbapi_connection.autocommit = True
            return
        self._apply_isolation_level(dbapi_connection, level)

    def reset_isolation_level(self, dbapi_connection: Any) -> None:
        if self.isolation_level is not None:
            self.set_isolation_level(dbapi_connection, self.isolation_level)
            return
        if not dbapi_connection.autocommit:
            dbapi_connection.rollback()
        self._apply_isolation_level(dbapi_connection, None)


__all__ = ["LibpqDialect"]
