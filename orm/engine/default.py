"""``DefaultDialect`` and ``DefaultExecutionContext``: what every dialect shares.

A dialect has two halves. The base file of a database (``orm/dialects/<db>/base.py``) says how SQL
is written (compilers, type names, feature flags); the driver file (``pysqlite.py``,
``psycopg.py``, ...) says how the DB-API module is driven (connect arguments, transactions,
disconnect detection). Both build on the defaults here, which follow PEP 249.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from orm.exc import ArgumentError, NoSuchModuleError
from orm.pool import ConnectionRecord, Pool, QueuePool

if TYPE_CHECKING:
    from orm.engine.base import Connection
    from orm.engine.url import URL

__all__ = ["DefaultDialect", "DefaultExecutionContext", "LRUCache"]


class LRUCache:
    """A thread-tolerant least-recently-used mapping of bounded size (the compiled cache).

    Races between threads can at worst evict an entry early or compile a statement twice;
    they never corrupt the cache.
    """

    def __init__(self, capacity: int = 500) -> None:
        self.capacity = capacity
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        data = self._data
        value = data.get(key, default)
        if value is not default:
            try:
                data.move_to_end(key)
            except KeyError:  # evicted by another thread meanwhile
                pass
        return value

    def __setitem__(self, key: Any, value: Any) -> None:
        if self.capacity <= 0:
            return
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.capacity:
                self._data.popitem(last=False)

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: Any) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_MISSING = object()

# How a compiled form was obtained; Connection logs it the way SQLAlchemy's echo does.
CACHE_MISS = "generated"
CACHE_HIT = "cached"
NO_CACHE = "no cache"


class DefaultDialect:
    """The Dialect defaults: PEP 249 transactions, the compiled cache, connection setup.

    Subclasses set ``name``/``driver``/``paramstyle`` and the compiler classes, and override the
    ``do_*`` hooks their driver needs::

        class MyDialect(DefaultDialect):
            name = "mydb"
            driver = "mydriver"
            @classmethod
            def import_dbapi(cls):
                import mydriver
                return mydriver
    """

    name = "default"
    driver = ""
    #: the extra in pyproject that installs this dialect's driver (for the missing-driver error)
    driver_extra: str | None = None
    default_paramstyle = "named"
    statement_compiler: Any = None
    ddl_compiler: Any = None
    type_compiler_cls: Any = None
    colspecs: Any = None
    preparer: Any = None
    execution_ctx_cls: type[DefaultExecutionContext]  # set after the class below

    # feature flags (a dialect's base.py overrides these)
    supports_returning = False
    insert_returning = False
    update_returning = False
    delete_returning = False
    insert_executemany_returning = False
    supports_multivalues_insert = False
    supports_native_boolean = False
    supports_native_enum = False
    supports_native_decimal = False
    supports_sane_rowcount = True
    supports_sane_multi_rowcount = True
    supports_empty_insert = True
    supports_default_values = False
    supports_savepoints = True
    supports_sequences = False
    supports_alter = True
    supports_comments = False
    supports_statement_cache = True
    supports_server_side_cursors = False
    #: True when the connection can run nothing else while a server-side cursor streams (MySQL)
    server_side_cursors_block_connection = False
    supports_for_update_of = False
    supports_identity_columns = False
    postfetch_lastrowid = True
    implicit_returning = False
    requires_name_normalize = False
    max_identifier_length = 9999
    label_length: int | None = None
    div_is_floordiv = True
    is_async = False
    has_terminate = False
    #: connections opened by a pool of this class unless the URL asks otherwise
    poolclass: type[Pool] = QueuePool
    default_isolation_level: str | None = None
    server_version_info: tuple[Any, ...] | None = None
    _isolation_lookup: frozenset[str] = frozenset(
        {"READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE", "AUTOCOMMIT"}
    )

    @property
    def bind_typing(self) -> Any:
        """``BindTyping.RENDER_CASTS`` when this dialect renders a cast after bound parameters
        (``render_bind_cast``, psycopg 3 / asyncpg), else ``BindTyping.NONE``."""
        from orm.engine.interfaces import BindTyping

        if getattr(self, "render_bind_cast", False) and callable(getattr(self, "bind_cast", None)):
            return BindTyping.RENDER_CASTS
        return BindTyping.NONE

    def __init__(
        self,
        paramstyle: str | None = None,
        isolation_level: str | None = None,
        dbapi: Any = None,
        query_cache_size: int = 500,
        label_length: int | None = None,
        **kw: Any,
    ) -> None:
        if kw:
            raise TypeError(
                f"{type(self).__name__}() got unexpected arguments: {', '.join(sorted(kw))}"
            )
        self.loaded_dbapi = dbapi
        self.dbapi = dbapi
        if paramstyle is not None:
            self.paramstyle = paramstyle
        elif dbapi is not None and getattr(dbapi, "paramstyle", None):
            self.paramstyle = getattr(self, "paramstyle", None) or dbapi.paramstyle
        elif not getattr(self, "paramstyle", None):
            self.paramstyle = self.default_paramstyle
        self.positional = self.paramstyle in ("qmark", "format", "numeric", "numeric_dollar")
        self.isolation_level = isolation_level
        if isolation_level is not None:
            self._check_isolation_level(isolation_level)
        if label_length is not None:
            self.label_length = label_length
        self._compiled_cache: LRUCache | None = (
            LRUCache(query_cache_size) if query_cache_size and query_cache_size > 0 else None
        )
        self.query_cache_size = query_cache_size
        self._initialized = False
        type_compiler = getattr(self, "type_compiler_cls", None)
        if type_compiler is not None:
            self.type_compiler = type_compiler(self)
        preparer = getattr(self, "preparer", None)
        if isinstance(preparer, type):
            self.identifier_preparer = preparer(self)

    # -- DB-API module ------------------------------------------------------------------------

    @classmethod
    def import_dbapi(cls) -> Any:
        """Import and return the DB-API module (driver files override this)."""
        raise NoSuchModuleError(f"Dialect {cls.name!r} has no DB-API driver")

    @classmethod
    def get_pool_class(cls, url: URL) -> type[Pool]:
        return cls.poolclass

    def get_dialect_pool_class(self, url: URL) -> type[Pool]:
        return self.get_pool_class(url)

    @classmethod
    def engine_created(cls, engine: Any) -> None:
        """Hook run once the Engine exists."""

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        """``(args, kwargs)`` for ``dbapi.connect()`` from the URL."""
        opts = url.translate_connect_args()
        opts.update(url.query)
        return [], opts

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        """Open a DB-API connection."""
        return self.loaded_dbapi.connect(*cargs, **cparams)

    def on_connect(self) -> Callable[[Any], None] | None:
        """A callable run on every new DB-API connection, or None (driver files override)."""
        return None

    def on_connect_hook(self, dbapi_connection: Any, record: ConnectionRecord,
                        first: bool) -> None:
        """Called by the pool for each new DB-API connection (``first``: the pool's first)."""
        hook = self._on_connect_fn
        if hook is not None:
            hook(dbapi_connection)
        if first and not self._initialized:
            self.initialize(dbapi_connection)
            self._initialized = True
        if self.isolation_level is not None:
            self.set_isolation_level(dbapi_connection, self.isolation_level)

    @property
    def _on_connect_fn(self) -> Callable[[Any], None] | None:
        fn = self.__dict__.get("_on_connect_cached", _MISSING)
        if fn is _MISSING:
            fn = self.__dict__["_on_connect_cached"] = self.on_connect()
        return fn  # type: ignore[return-value]

    def initialize(self, dbapi_connection: Any) -> None:
        """First-connection setup: server version, default isolation level.

        Receives the DB-API connection. Whatever it runs is rolled back afterwards.
        """
        try:
            self.server_version_info = self._get_server_version_info(dbapi_connection)
        except Exception:
            self.server_version_info = None
        try:
            self.default_isolation_level = self.get_default_isolation_level(dbapi_connection)
        except NotImplementedError:
            self.default_isolation_level = None
        except Exception:
            self.default_isolation_level = None
        try:
            self.do_rollback(dbapi_connection)
        except Exception:
            pass

    def _get_server_version_info(self, dbapi_connection: Any) -> tuple[Any, ...] | None:
        return None

    # -- transactions -------------------------------------------------------------------------

    def do_begin(self, dbapi_connection: Any) -> None:
        """Begin a transaction. PEP 249 drivers begin implicitly, so nothing by default."""

    def do_commit(self, dbapi_connection: Any) -> None:
        dbapi_connection.commit()

    def do_rollback(self, dbapi_connection: Any) -> None:
        dbapi_connection.rollback()

    def do_close(self, dbapi_connection: Any) -> None:
        dbapi_connection.close()

    def do_terminate(self, dbapi_connection: Any) -> None:
        self.do_close(dbapi_connection)

    def do_savepoint(self, connection: Connection, name: str) -> None:
        """``SAVEPOINT name`` on the engine Connection (so echo and events see it)."""
        connection._exec_transaction_sql(f"SAVEPOINT {name}")

    def do_rollback_to_savepoint(self, connection: Connection, name: str) -> None:
        connection._exec_transaction_sql(f"ROLLBACK TO SAVEPOINT {name}")

    def do_release_savepoint(self, connection: Connection, name: str) -> None:
        connection._exec_transaction_sql(f"RELEASE SAVEPOINT {name}")

    # -- execution ----------------------------------------------------------------------------

    def do_execute(self, cursor: Any, statement: str, parameters: Any,
                   context: DefaultExecutionContext | None = None) -> None:
        cursor.execute(statement, parameters)

    def do_execute_no_params(self, cursor: Any, statement: str,
                             context: DefaultExecutionContext | None = None) -> None:
        cursor.execute(statement)

    def do_executemany(self, cursor: Any, statement: str, parameters: Sequence[Any],
                       context: DefaultExecutionContext | None = None) -> None:
        cursor.executemany(statement, parameters)

    def do_ping(self, dbapi_connection: Any) -> bool:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
            cursor.fetchall()
        finally:
            cursor.close()
        return True

    def is_disconnect(self, e: BaseException, connection: Any, cursor: Any) -> bool:
        """True if ``e`` means the connection is gone (drivers override)."""
        return False

    def create_cursor(self, dbapi_connection: Any, server_side: bool = False) -> Any:
        return dbapi_connection.cursor()

    # -- isolation levels ---------------------------------------------------------------------

    def get_isolation_level_values(self, dbapi_connection: Any = None) -> Sequence[str]:
        return sorted(self._isolation_lookup)

    def _check_isolation_level(self, level: str) -> None:
        if level not in self._isolation_lookup:
            raise ArgumentError(
                f"Invalid value {level!r} for isolation_level. Valid isolation levels for "
                f"{self.name!r} are {', '.join(sorted(self._isolation_lookup))}"
            )

    def get_isolation_level(self, dbapi_connection: Any) -> str:
        raise NotImplementedError(f"{self.name} dialect cannot report the isolation level")

    def get_default_isolation_level(self, dbapi_connection: Any) -> str | None:
        return self.get_isolation_level(dbapi_connection)

    def set_isolation_level(self, dbapi_connection: Any, level: str) -> None:
        raise NotImplementedError(f"{self.name} dialect cannot set the isolation level")

    def reset_isolation_level(self, dbapi_connection: Any) -> None:
        level = self.isolation_level or self.default_isolation_level
        if level is not None:
            self.set_isolation_level(dbapi_connection, level)

    # -- compilation --------------------------------------------------------------------------

    def compile_statement(self, stmt: Any, **kw: Any) -> tuple[Any, Any]:
        """``(compiled, extracted)`` for ``stmt``, through the compiled cache.

        ``extracted`` is None when ``compiled`` was made from ``stmt`` itself; when it came from
        the cache it is the bind list of ``stmt``'s cache key (its own values, in the order the
        cached form expects), to be passed to ``compiled.construct_params``.
        """
        compiled, extracted, _, _ = self._compile_cached(stmt, kw)
        return compiled, extracted

    def _compile_cached(self, stmt: Any, kw: dict[str, Any]) -> tuple[Any, Any, str, float]:
        """compile_statement plus how it went: (compiled, extracted, CACHE_*, seconds)."""
        cache = self._compiled_cache
        keygen = getattr(stmt, "_generate_cache_key", None) if cache is not None else None
        if keygen is not None:
            generated = keygen()
            if generated is not None:
                key, extracted = generated
                if kw:
                    try:
                        full_key: Any = (key, self._kw_key(kw))
                        hash(full_key)
                    except TypeError:
                        full_key = None
                else:
                    full_key = key
                if full_key is not None:
                    entry = cache.get(full_key)  # type: ignore[union-attr]
                    if entry is not None:
                        return entry[0], extracted, CACHE_HIT, time.perf_counter() - entry[1]
                    start = time.perf_counter()
                    compiled = stmt._compiler(self, **kw)
                    now = time.perf_counter()
                    cache[full_key] = (compiled, now)  # type: ignore[index]
                    return compiled, None, CACHE_MISS, now - start
        start = time.perf_counter()
        compiled = stmt._compiler(self, **kw)
        return compiled, None, NO_CACHE, time.perf_counter() - start

    @staticmethod
    def _kw_key(kw: Mapping[str, Any]) -> tuple[Any, ...]:
        parts = []
        for name in sorted(kw):
            value = kw[name]
            if isinstance(value, (list, set, frozenset)):
                value = tuple(value)
            elif isinstance(value, dict):
                value = tuple(sorted(value.items()))
            parts.append((name, value))
        return tuple(parts)

    def type_descriptor(self, typeobj: Any) -> Any:
        impl = getattr(typeobj, "dialect_impl", None)
        return impl(self) if impl is not None else typeobj

    # -- reflection (the database base files implement these) ---------------------------------

    def get_table_names(self, connection: Connection, schema: str | None = None,
                        **kw: Any) -> list[str]:
        raise NotImplementedError

    def has_table(self, connection: Connection, table_name: str, schema: str | None = None,
                  **kw: Any) -> bool:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__module__}.{type(self).__name__} object>"


class DefaultExecutionContext:
    """The state of one statement execution: cursor, compiled form, parameters, outcome.

    ``Connection`` creates one per ``execute()``; ``CursorResult.context`` keeps it.
    """

    compiled: Any = None
    statement: str
    isinsert = isupdate = isdelete = False
    is_text = False
    _inserted_pk: Any = None

    def __init__(
        self,
        dialect: DefaultDialect,
        connection: Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        executemany: bool,
        execution_options: Mapping[str, Any],
        compiled: Any = None,
        compiled_parameters: list[dict[str, Any]] | None = None,
    ) -> None:
        self.dialect = dialect
        self.root_connection = connection
        self.cursor = cursor
        self.statement = statement
        self.parameters = parameters
        self.executemany = executemany
        self.execution_options = execution_options
        self.compiled = compiled
        self.compiled_parameters = compiled_parameters or []
        if compiled is not None:
            self.isinsert = bool(getattr(compiled, "isinsert", False))
            self.isupdate = bool(getattr(compiled, "isupdate", False))
            self.isdelete = bool(getattr(compiled, "isdelete", False))
        else:
            self.is_text = True

    @property
    def connection(self) -> Connection:
        return self.root_connection

    @property
    def rowcount(self) -> int:
        return int(self.cursor.rowcount)

    @property
    def lastrowid(self) -> Any:
        return getattr(self.cursor, "lastrowid", None)

    def get_result_processor(self, type_: Any, colname: str, coltype: Any) -> Any:
        return type_.dialect_impl(self.dialect).result_processor(self.dialect, coltype)

    # -- INSERT primary keys --------------------------------------------------------------------

    def _pk_columns(self) -> list[Any]:
        stmt = getattr(self.compiled, "statement", None)
        table = getattr(stmt, "table", None)
        pk = getattr(table, "primary_key", None)
        if pk is None:
            return []
        cols = getattr(pk, "columns", pk)
        return list(cols)

    def _compute_inserted_primary_key(self, returned_row: Sequence[Any] | None) -> tuple[Any, ...]:
        """The primary key of the row just inserted: from the parameters, else
        ``cursor.lastrowid`` (``compiled.postfetch_lastrowid``), else the RETURNING row."""
        params = self.compiled_parameters[0] if self.compiled_parameters else {}
        pk_cols = self._pk_columns()
        implicit = list(getattr(self.compiled, "implicit_returning", None) or ())
        values = []
        for col in pk_cols:
            key = getattr(col, "key", None)
            value = params.get(key) if key is not None else None
            if value is None and returned_row is not None and implicit:
                for i, rcol in enumerate(implicit):
                    if rcol is col or getattr(rcol, "key", None) == key:
                        value = returned_row[i]
                        break
            if value is None and getattr(self.compiled, "postfetch_lastrowid", False):
                autoinc = getattr(getattr(col, "table", None), "_autoincrement_column", col)
                if autoinc is col or len(pk_cols) == 1:
                    value = self.lastrowid
            values.append(value)
        return tuple(values)


DefaultDialect.execution_ctx_cls = DefaultExecutionContext
