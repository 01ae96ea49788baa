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
from typing import Any

from orm.dialects.mysql.pymysql import MySQLDialect_pymysql
from orm.exc import DriverNotInstalledError

__all__ = ["MySQLDialect_mysqldb"]


class MySQLDialect_mysqldb(MySQLDialect_pymysql):
    """The ``mysql+mysqldb`` / ``mariadb+mysqldb`` dialect."""

    driver = "mysqldb"
    bool_query_args = ("autocommit",)  # mysqlclient has no ssl_verify_* keywords

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

    def _found_rows_flag(self) -> int:
        return self.loaded_dbapi.constants.CLIENT.FOUND_ROWS

    def do_ping(self, dbapi_connection: Any) -> bool:
        dbapi_connection.ping()
        return True


dialect = MySQLDialect_mysqldb
