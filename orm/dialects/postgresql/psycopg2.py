"""PostgreSQL through psycopg2: ``postgresql+psycopg2://``.

psycopg2 binds client-side (it quotes each value into the SQL text), so no ``::TYPE`` casts are
rendered after binds, unlike psycopg 3.  Each new connection is set up so that psycopg2 hands back
the same Python values as our psycopg 3 dialect: ``uuid.UUID`` for UUID (and UUID[]), ``bytes``
for BYTEA (psycopg2 gives ``memoryview``), and parsed JSON/JSONB.

Many-row INSERTs (``conn.execute(insert(t), [{...}, {...}])``) are sent as one multi-row
``INSERT .. VALUES (..), (..)`` per page of ``insertmanyvalues_page_size`` rows (default 1000)
instead of one round trip per row; UPDATE/DELETE use the driver's ``executemany`` so that the
rowcount stays the number of matched rows.  ``stream_results`` / ``yield_per`` use named
(server-side) cursors.

Example::

    engine = create_engine("postgresql+psycopg2://scott:tiger@localhost/test")
"""
from __future__ import annotations

import itertools
import re
from typing import Any, Callable, Optional, Sequence

from orm.dialects import import_driver
from orm.dialects.postgresql.libpq import LibpqDialect
from orm.dialects.postgresql import types as pgtypes
from orm import types as sqltypes


__all__ = ["PGDialect_psycopg2"]

_cursor_names = itertools.count(1)

# json, jsonb: psycopg2 parses these itself (see _PG2ExecutionContext)
_JSON_OIDS = frozenset({114, 3802})
_BYTEA_OID, _BYTEA_ARRAY_OID = 17, 1001

# Messages libpq / psycopg2 give when the server connection is gone.
_DISCONNECT_MESSAGES = (
    "terminating connection",
    "closed the connection",
    "connection not open",
    "could not receive data from server",
    "could not send data to server",
    "connection already closed",
    "cursor already closed",
    "losed the connection unexpectedly",
    "connection has been closed unexpectedly",
    "SSL SYSCALL error: Bad file descriptor",
    "SSL SYSCALL error: EOF detected",
    "SSL error: decryption failed or bad record mac",
)

_PSYCOPG2_ISOLATION = {
    "READ UNCOMMITTED": "READ UNCOMMITTED",
    "READ COMMITTED": "READ COMMITTED",
    "REPEATABLE READ": "REPEATABLE READ",
    "SERIALIZABLE": "SERIALIZABLE",
}

_VALUES_RE = re.compile(r"\)\s+VALUES\s+\(", re.IGNORECASE)
_FORMAT_TOKEN_RE = re.compile(r"%.", re.DOTALL)


def _split_values(statement: str) -> Optional[tuple[str, str, str]]:
    """``(head, row, tail)`` of a single-row ``INSERT .. VALUES (row) tail``, where ``row`` is the
    parenthesised tuple of one row's binds, or None when the statement has another shape or binds
    outside the row (``ON CONFLICT .. SET x = %(p)s``, RETURNING), which one multi-row statement
    could not carry for every row."""
    if not statement.lstrip()[:6].upper() == "INSERT":
        return None
    m = _VALUES_RE.search(statement)
    if m is None:
        return None
    start = m.end() - 1
    depth, quote, i = 0, "", start
    while i < len(statement):
        ch = statement[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        return None
    head, row, tail = statement[:start], statement[start:i + 1], statement[i + 1:]
    for part in (head, tail):
        if any(tok != "%%" for tok in _FORMAT_TOKEN_RE.findall(part)):
            return None  # a bind outside the row
    if "RETURNING" in tail.upper():
        return None
    return head, row, tail


class _PG2JSON(pgtypes.JSON):
    """JSON / JSONB results: psycopg2 parses json and jsonb columns itself (also in untyped
    ``text()`` queries, as its users expect), so only JSON held in other column types (text) is
    parsed here; parsing a parsed document again would break on string documents."""

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        if coltype in _JSON_OIDS:
            return None
        return super().result_processor(dialect, coltype)


colspecs = {**pgtypes.colspecs, sqltypes.JSON: _PG2JSON}


class PGDialect_psycopg2(LibpqDialect):
    """The ``postgresql+psycopg2`` dialect.

    ``insertmanyvalues_page_size``: rows per multi-row INSERT of an executemany (default 1000).
    """

    driver = "psycopg2"
    driver_extra = "postgresql"
    default_paramstyle = "pyformat"
    paramstyle = "pyformat"
    supports_statement_cache = True
    supports_server_side_cursors = True
    colspecs = colspecs

    def __init__(self, insertmanyvalues_page_size: int = 1000, **kw: Any) -> None:
        super().__init__(**kw)
        if int(insertmanyvalues_page_size) < 1:
            from orm.exc import ArgumentError

            raise ArgumentError(
                f"insertmanyvalues_page_size must be at least 1, got {insertmanyvalues_page_size!r}"
            )
        self.insertmanyvalues_page_size = int(insertmanyvalues_page_size)
        self._split_cache: dict[str, Optional[tuple[str, str, str]]] = {}

    @classmethod
    def import_dbapi(cls) -> Any:
        dbapi = import_driver("psycopg2", cls.driver_extra)
        import_driver("psycopg2.extras", cls.driver_extra)
        return dbapi

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        # the cursor class that can report the rowcount of a batched executemany
        cparams.setdefault("cursor_factory", self._cursor_class())
        return self.loaded_dbapi.connect(*cargs, **cparams)

    def _cursor_class(self) -> type:
        cls = self.__dict__.get("_cursor_cls")
        if cls is None:
            base = self.loaded_dbapi.extensions.cursor

            class _Cursor(base):  # type: ignore[misc, valid-type]
                # set by do_executemany: the rows of every page, not only the last page's
                _orm_rowcount: Optional[int] = None

                @property
                def rowcount(self) -> int:
                    n = self._orm_rowcount
                    return base.rowcount.__get__(self) if n is None else n  # type: ignore[no-any-return]

            class _NamedCursor(base):  # type: ignore[misc, valid-type]
                # psycopg2 learns a named cursor's description with its first FETCH; a FETCH of
                # zero rows gets it without making the server produce a row.
                def execute(self, query: Any, vars: Any = None) -> None:
                    super().execute(query, vars)
                    self.fetchmany(0)

            cls = self.__dict__["_cursor_cls"] = _Cursor
            self._named_cursor_cls = _NamedCursor
        return cls

    def on_connect(self) -> Callable[[Any], None] | None:
        dbapi = self.loaded_dbapi
        if dbapi is None:
            return None
        ext, extras = dbapi.extensions, dbapi.extras

        def _bytes(value: Any, cur: Any) -> Any:
            buf = dbapi.BINARY(value, cur)
            return None if buf is None else bytes(buf)

        bytea = ext.new_type((_BYTEA_OID,), "ORM_BYTEA", _bytes)
        bytea_array = ext.new_array_type((_BYTEA_ARRAY_OID,), "ORM_BYTEA_ARRAY", bytea)
        loads = getattr(self, "_json_deserializer", None)

        def setup(conn: Any) -> None:
            extras.register_uuid(None, conn)  # uuid.UUID out (and in) instead of str
            ext.register_type(bytea, conn)
            ext.register_type(bytea_array, conn)
            if loads is not None:
                extras.register_default_json(conn, loads=loads)
                extras.register_default_jsonb(conn, loads=loads)

        return setup

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        """A server-side cursor is a psycopg2 named cursor (``DECLARE`` .. ``FETCH FORWARD n``)."""
        if server_side:
            self._cursor_class()
            return dbapi_connection.cursor(name=f"orm_c_{next(_cursor_names):x}",
                                           cursor_factory=self._named_cursor_cls)
        return dbapi_connection.cursor()

    def do_executemany(self, cursor: Any, statement: str, parameters: Sequence[Any],
                       context: Any = None) -> None:
        shape = None
        if context is not None and context.isinsert and len(parameters) > 1 \
                and isinstance(parameters[0], dict):
            try:
                shape = self._split_cache[statement]
            except KeyError:
                if len(self._split_cache) > 1000:  # INSERT texts come from the compiled cache
                    self._split_cache.clear()
                shape = self._split_cache[statement] = _split_values(statement)
        if shape is None or not hasattr(cursor, "_orm_rowcount"):
            cursor.executemany(statement, parameters)
            return
        head, row, tail = shape
        execute_values = self.loaded_dbapi.extras.execute_values
        sql = head + "%s" + tail
        size = self.insertmanyvalues_page_size
        driver_rowcount = self.loaded_dbapi.extensions.cursor.rowcount  # the last page's
        total = 0
        for start in range(0, len(parameters), size):
            page = parameters[start:start + size]
            execute_values(cursor, sql, page, template=row, page_size=len(page))
            total += driver_rowcount.__get__(cursor)
        cursor._orm_rowcount = total

    disconnect_messages = _DISCONNECT_MESSAGES

    def _is_idle(self, dbapi_connection: Any) -> bool:
        ext = self.loaded_dbapi.extensions
        return dbapi_connection.get_transaction_status() == ext.TRANSACTION_STATUS_IDLE

    def _apply_isolation_level(self, dbapi_connection: Any, level: Optional[str]) -> None:
        dbapi_connection.set_session(
            isolation_level=_PSYCOPG2_ISOLATION[level] if level is not None else "DEFAULT",
            autocommit=False)

    def _disconnect_error_classes(self) -> tuple[type, ...]:
        return (self.loaded_dbapi.Error,)

    def _disconnect_text(self, e: BaseException) -> str:
        return str(e).partition("\n")[0]


dialect = PGDialect_psycopg2
