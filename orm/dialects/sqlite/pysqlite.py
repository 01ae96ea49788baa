"""SQLite through the standard library's ``sqlite3`` module.

URLs: ``sqlite://`` (in-memory), ``sqlite:///relative.db``, ``sqlite:////absolute.db``,
``sqlite:///file.db?timeout=10``. The module is opened in driver-level autocommit mode
(``isolation_level=None``) and the dialect emits BEGIN / COMMIT / ROLLBACK / SAVEPOINT itself, so
DDL and savepoints take part in transactions exactly as written.

BEGIN is deferred to the transaction's first statement that is not a read (SELECT, PRAGMA): as
under SQLAlchemy with the driver's implicit transactions, a transaction that has only read holds
no lock on the database file, so a session left open after reading does not block writers on
other connections (seed 003's read/write splitting), while writes, DDL and savepoints still run
inside BEGIN ... COMMIT.
"""
from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING, Any, Sequence

from orm.dialects.sqlite.base import SQLiteDialect
from orm.pool import Pool, QueuePool, SingletonThreadPool

if TYPE_CHECKING:
    from orm.engine.url import URL

__all__ = ["SQLiteDialect_pysqlite"]


class _SQLiteConnection(sqlite3.Connection):
    """sqlite3.Connection with room for the dialect's AUTOCOMMIT and deferred-BEGIN flags."""

    orm_autocommit = False
    orm_begin_pending = False


def _reads_only(statement: str) -> bool:
    head = statement.lstrip()[:6].upper()
    return head == "SELECT" or head == "PRAGMA"


# URL query keys that map onto sqlite3.connect() arguments, with their types.
_CONNECT_QUERY_ARGS = {
    "timeout": float,
    "check_same_thread": lambda v: v.lower() in ("1", "true", "yes", "on"),
    "uri": lambda v: v.lower() in ("1", "true", "yes", "on"),
    "cached_statements": int,
}


def _is_memory(url: URL) -> bool:
    db = url.database
    return not db or db == ":memory:" or (db.startswith("file:") and "mode=memory" in db)


class SQLiteDialect_pysqlite(SQLiteDialect):
    """The ``sqlite`` / ``sqlite+pysqlite`` dialect."""

    driver = "pysqlite"
    default_paramstyle = "qmark"
    supports_statement_cache = True
    _isolation_lookup = frozenset({"READ UNCOMMITTED", "SERIALIZABLE", "AUTOCOMMIT"})

    @classmethod
    def import_dbapi(cls) -> Any:
        return sqlite3

    @classmethod
    def get_pool_class(cls, url: URL) -> type[Pool]:
        # Every connection to ":memory:" is a new, empty database: keep one per thread.
        return SingletonThreadPool if _is_memory(url) else QueuePool

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        if url.username or url.password or url.host or url.port:
            from orm.exc import ArgumentError

            raise ArgumentError(
                f"Invalid SQLite URL: {url}\nValid SQLite URL forms are:\n"
                " sqlite:///:memory: (or, sqlite://)\n"
                " sqlite:///relative/path/to/file.db\n"
                " sqlite:////absolute/path/to/file.db"
            )
        database = url.database or ":memory:"
        opts: dict[str, Any] = {}
        for key, value in url.query.items():
            conv = _CONNECT_QUERY_ARGS.get(key)
            if conv is None:
                continue
            opts[key] = conv(value if isinstance(value, str) else value[-1])
        if database != ":memory:" and not opts.get("uri") and not database.startswith("file:"):
            database = os.path.expanduser(database)
        if not _is_memory(url):
            # File databases are pooled by QueuePool, so a connection can move between threads;
            # the pool guarantees one thread at a time.
            opts.setdefault("check_same_thread", False)
        opts["isolation_level"] = None  # driver autocommit: we issue BEGIN/COMMIT ourselves
        opts["detect_types"] = 0  # type conversion is done by the types' result processors
        opts["factory"] = _SQLiteConnection
        return [database], opts

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        # User connect_args may override, but these three are what the dialect relies on.
        cparams.setdefault("factory", _SQLiteConnection)
        cparams["isolation_level"] = None
        cparams.setdefault("detect_types", 0)
        return sqlite3.connect(*cargs, **cparams)

    def _get_server_version_info(self, dbapi_connection: Any) -> tuple[Any, ...]:
        return sqlite3.sqlite_version_info

    # -- transactions: explicit statements, since the driver is in autocommit mode --------------

    def do_begin(self, dbapi_connection: Any) -> None:
        if getattr(dbapi_connection, "orm_autocommit", False):
            return
        # BEGIN goes out with the first statement that writes (see the module docstring)
        dbapi_connection.orm_begin_pending = True

    def _begin_now(self, dbapi_connection: Any) -> None:
        dbapi_connection.orm_begin_pending = False
        if dbapi_connection.in_transaction:
            # one DBAPI connection shared by two Connections (an in-memory database's single
            # connection, a second Session writing while the first holds its transaction): join
            # the transaction under way, as the driver's implicit transactions do for SQLAlchemy
            return
        dbapi_connection.execute("BEGIN")

    def do_commit(self, dbapi_connection: Any) -> None:
        dbapi_connection.orm_begin_pending = False
        if dbapi_connection.in_transaction:
            dbapi_connection.execute("COMMIT")

    def do_rollback(self, dbapi_connection: Any) -> None:
        dbapi_connection.orm_begin_pending = False
        if dbapi_connection.in_transaction:
            dbapi_connection.execute("ROLLBACK")

    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        conn = getattr(cursor, "connection", None)
        if conn is not None and conn.orm_begin_pending and not _reads_only(statement):
            self._begin_now(conn)
        cursor.execute(statement, parameters)

    def do_execute_no_params(self, cursor: Any, statement: str, context: Any = None) -> None:
        conn = getattr(cursor, "connection", None)
        if conn is not None and conn.orm_begin_pending and not _reads_only(statement):
            self._begin_now(conn)
        cursor.execute(statement)

    def do_executemany(self, cursor: Any, statement: str, parameters: Sequence[Any],
                       context: Any = None) -> None:
        conn = getattr(cursor, "connection", None)
        if conn is not None and conn.orm_begin_pending:
            self._begin_now(conn)
        cursor.executemany(statement, parameters)

    def is_disconnect(self, e: BaseException, connection: Any, cursor: Any) -> bool:
        return isinstance(e, sqlite3.ProgrammingError) and (
            "closed database" in str(e) or "Cannot operate on a closed" in str(e)
        )

    # -- isolation ----------------------------------------------------------------------------

    def get_isolation_level(self, dbapi_connection: Any) -> str:
        if getattr(dbapi_connection, "orm_autocommit", False):
            return "AUTOCOMMIT"
        cursor = dbapi_connection.execute("PRAGMA read_uncommitted")
        (value,) = cursor.fetchone()
        cursor.close()
        return "READ UNCOMMITTED" if value else "SERIALIZABLE"

    def get_default_isolation_level(self, dbapi_connection: Any) -> str:
        return "SERIALIZABLE"

    def set_isolation_level(self, dbapi_connection: Any, level: str) -> None:
        self._check_isolation_level(level)
        if level == "AUTOCOMMIT":
            dbapi_connection.orm_autocommit = True
            return
        dbapi_connection.orm_autocommit = False
        value = 1 if level == "READ UNCOMMITTED" else 0
        dbapi_connection.execute(f"PRAGMA read_uncommitted = {value}")


dialect = SQLiteDialect_pysqlite
