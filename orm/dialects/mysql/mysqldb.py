"""MySQL / MariaDB through mysqlclient (``MySQLdb``): ``mysql+mysqldb://``, ``mariadb+mysqldb://``.

mysqlclient is a C extension over libmysqlclient / libmariadb: ``pip install mysqlclient`` builds
it, which needs the client library headers and ``pkg-config`` (Debian: ``apt-get install
libmariadb-dev pkg-config``); without it, use ``mysql+pymysql://`` (the ``mysql`` extra).

Its DB-API surface is PyMySQL's (the ``pyformat`` style, ``SSCursor`` for streaming, ``ping``,
``autocommit()``), so this dialect differs from :mod:`orm.dialects.mysql.pymysql` only in how it
imports the module and opens connections.  Connections default to ``charset=utf8mb4`` and the
``FOUND_ROWS`` client flag (an UPDATE's rowcount counts matched rows), as with PyMySQL.

Example::

    engine = create_engine("mysql+mysqldb://scott:tiger@localhost/test")
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from orm.dialects.mysql.pymysql import MySQLDialect_pymysql
from orm.exc import DriverNotInstalledError

if TYPE_CHECKING:
    from orm.engine.url import URL

__all__ = ["MySQLDialect_mysqldb"]

_INT_QUERY_ARGS = ("connect_timeout", "read_timeout", "write_timeout", "client_flag",
                   "local_infile")
_BOOL_QUERY_ARGS = ("autocommit",)


class MySQLDialect_mysqldb(MySQLDialect_pymysql):
    """The ``mysql+mysqldb`` / ``mariadb+mysqldb`` dialect."""

    driver = "mysqldb"

    @classmethod
    def import_dbapi(cls) -> Any:
        try:
            dbapi = importlib.import_module("MySQLdb")
            importlib.import_module("MySQLdb.constants.CLIENT")
            importlib.import_module("MySQLdb.cursors")
        except ImportError as err:
            raise DriverNotInstalledError(
                "mysqlclient (MySQLdb) is not installed; use mysql+pymysql:// (pip install "
                "'ormlens[mysql]'), or pip install mysqlclient (it builds against the MySQL/"
                "MariaDB client library: Debian/Ubuntu apt-get install libmariadb-dev pkg-config)"
            ) from err
        return dbapi

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        opts = url.translate_connect_args(username="user")
        for key, value in url.query.items():
            text = value if isinstance(value, str) else value[-1]
            if key in _INT_QUERY_ARGS:
                opts[key] = int(text)
            elif key in _BOOL_QUERY_ARGS:
                opts[key] = text.lower() in ("1", "true", "yes", "on")
            else:
                opts[key] = text
        opts.setdefault("charset", "utf8mb4")
        client = self.loaded_dbapi.constants.CLIENT
        opts["client_flag"] = int(opts.get("client_flag", 0)) | client.FOUND_ROWS
        return [], opts

    def do_ping(self, dbapi_connection: Any) -> bool:
        dbapi_connection.ping()
        return True


dialect = MySQLDialect_mysqldb
