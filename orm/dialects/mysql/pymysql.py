"""MySQL / MariaDB through PyMySQL: ``mysql+pymysql://``, ``mariadb+pymysql://``.

Connections default to ``charset=utf8mb4`` and the ``FOUND_ROWS`` client flag, so an UPDATE's
rowcount counts matched rows (not only changed ones), as SQLAlchemy's does.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orm.dialects import import_driver
from orm.dialects.mysql.base import MySQLDialect

if TYPE_CHECKING:
    from orm.engine.url import URL

__all__ = ["MySQLDialect_pymysql"]

# Client/server error codes that mean the connection is gone.
_DISCONNECT_CODES = frozenset({
    2006,  # MySQL server has gone away
    2013,  # Lost connection to MySQL server during query
    2014,  # Commands out of sync
    2045,  # Can't open shared memory
    2055,  # Lost connection to MySQL server at '%s', system error: %d
    4031,  # The client was disconnected by the server because of inactivity
    1927,  # Connection was killed (MariaDB)
})

_INT_QUERY_ARGS = ("connect_timeout", "read_timeout", "write_timeout", "client_flag",
                   "local_infile")
_BOOL_QUERY_ARGS = ("autocommit", "ssl_verify_cert", "ssl_verify_identity")


class MySQLDialect_pymysql(MySQLDialect):
    """The ``mysql`` / ``mysql+pymysql`` / ``mariadb+pymysql`` dialect."""

    driver = "pymysql"
    driver_extra = "mysql"
    default_paramstyle = "pyformat"
    paramstyle = "pyformat"
    supports_statement_cache = True
    supports_server_side_cursors = True
    # an unbuffered result must be read to its end before the next statement (cursor.py)
    server_side_cursors_block_connection = True

    @classmethod
    def import_dbapi(cls) -> Any:
        return import_driver("pymysql", cls.driver_extra)

    # URL query arguments that are not strings for the driver (``?connect_timeout=5``)
    int_query_args = _INT_QUERY_ARGS
    bool_query_args = _BOOL_QUERY_ARGS

    def _found_rows_flag(self) -> int:
        """The driver's CLIENT.FOUND_ROWS: rowcount counts matched rows, as SQLAlchemy expects."""
        from pymysql.constants import CLIENT

        return CLIENT.FOUND_ROWS

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        opts = url.translate_connect_args(username="user")
        for key, value in url.query.items():
            text = value if isinstance(value, str) else value[-1]
            if key in self.int_query_args:
                opts[key] = int(text)
            elif key in self.bool_query_args:
                opts[key] = text.lower() in ("1", "true", "yes", "on")
            else:
                opts[key] = text
        opts.setdefault("charset", "utf8mb4")
        opts["client_flag"] = int(opts.get("client_flag", 0)) | self._found_rows_flag()
        return [], opts

    def _get_server_version_info(self, dbapi_connection: Any) -> tuple[Any, ...]:
        text = dbapi_connection.get_server_info()
        if text.startswith("5.5.5-") and "mariadb" in text.lower():
            text = text[len("5.5.5-"):]  # MariaDB's replication-compatibility prefix
        parts: list[Any] = []
        for piece in text.replace("-", ".").split("."):
            parts.append(int(piece) if piece.isdigit() else piece)
        return tuple(parts)

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        """A server-side cursor is PyMySQL's unbuffered ``SSCursor``: rows are read off the
        socket as they are fetched (``stream_results`` / ``yield_per``)."""
        if server_side:
            return dbapi_connection.cursor(self.loaded_dbapi.cursors.SSCursor)
        return dbapi_connection.cursor()

    def do_ping(self, dbapi_connection: Any) -> bool:
        dbapi_connection.ping(reconnect=False)
        return True

    def is_disconnect(self, e: BaseException, connection: Any, cursor: Any) -> bool:
        dbapi = self.loaded_dbapi
        if isinstance(e, dbapi.InterfaceError):
            # pymysql raises InterfaceError(0, '') on a socket that is already closed.
            return True
        if isinstance(e, (dbapi.OperationalError, dbapi.InternalError)):
            code = e.args[0] if e.args else None
            return code in _DISCONNECT_CODES or "(0, '')" in str(e)
        return False

    def get_isolation_level(self, dbapi_connection: Any) -> str:
        if dbapi_connection.get_autocommit():
            return "AUTOCOMMIT"
        cursor = dbapi_connection.cursor()
        try:
            try:
                cursor.execute("SELECT @@transaction_isolation")
            except dbapi_connection.OperationalError:
                cursor.execute("SELECT @@tx_isolation")
            (value,) = cursor.fetchone()
        finally:
            cursor.close()
        if isinstance(value, bytes):
            value = value.decode()
        return str(value).upper().replace("-", " ")

    def set_isolation_level(self, dbapi_connection: Any, level: str) -> None:
        self._check_isolation_level(level)
        if level == "AUTOCOMMIT":
            dbapi_connection.autocommit(True)
            return
        dbapi_connection.autocommit(False)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"SET SESSION TRANSACTION ISOLATION LEVEL {level}")
        finally:
            cursor.close()


dialect = MySQLDialect_pymysql
