"""``Engine`` and ``Connection``: executing statements on pooled DB-API connections.

    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.execute(insert(t), [{"x": 1}, {"x": 2}])     # autobegins a transaction
        conn.commit()
    with engine.begin() as conn:                          # COMMIT at the end, ROLLBACK on error
        rows = conn.execute(select(t)).all()

A Connection's state, transactions, closing and error handling are here; how it runs a
statement is in :mod:`orm.engine.execution`, server-side cursors in :mod:`orm.engine.cursor`.
"""
from __future__ import annotations

import contextlib
import logging
import weakref
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from orm.engine.cursor import StreamingCursor
from orm.engine.default import DefaultDialect
from orm.engine.events import ENGINE_EVENTS, ENGINE_RETVAL_EVENTS, ExceptionContext
from orm.engine.execution import ConnectionExecution
from orm.engine.transaction import NestedTransaction, RootTransaction
from orm.event import DispatchDescriptor
from orm.exc import (
    DBAPIError,
    InvalidRequestError,
    PendingRollbackError,
    ResourceClosedError,
    SQLAlchemyError,
    StatementError,
)
from orm.pool.base import _POOL_EVENTS, _ensure_echo_handler

if TYPE_CHECKING:
    from orm.engine.url import URL
    from orm.pool import Pool, PoolProxiedConnection

__all__ = ["Engine", "Connection", "OptionEngine"]

_log = logging.getLogger("orm.engine.Engine")


class Connection(ConnectionExecution):
    """One checked-out DB-API connection with transaction handling ("2.0 style").

    Executing autobegins a transaction; ``commit()`` / ``rollback()`` end it; closing without
    committing rolls back. Use as a context manager to close it::

        with engine.connect() as conn:
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
            conn.commit()
    """

    _dispatch_events = ENGINE_EVENTS
    _dispatch_retval_events = ENGINE_RETVAL_EVENTS

    @staticmethod
    def _dispatch_redirect(target: Any, identifier: str) -> Any:
        # Class-level listening on Connection means "every connection": the Engine class
        # dispatch is what connections (which borrow their engine's dispatch) see.
        if target is Connection:
            return Engine
        if isinstance(target, Connection) and identifier in _POOL_EVENTS:
            return target.engine.pool
        return None

    def __init__(self, engine: Engine, connection: PoolProxiedConnection | None = None,
                 _dispatch: Any = None) -> None:
        self.engine = engine
        self.dialect: DefaultDialect = engine.dialect
        self.dispatch = engine.dispatch
        self._execution_options: Mapping[str, Any] = engine._execution_options
        self._echo = engine._log_level()
        self._transaction: RootTransaction | None = None
        self._nested_stack: list[NestedTransaction] = []
        self._savepoint_seq = 0
        self._invalid = False
        self._streams: weakref.WeakSet[StreamingCursor] | None = None  # open server-side cursors
        self._isolation_changed = False
        self._dbapi_connection: PoolProxiedConnection | None = (
            connection if connection is not None else engine.pool.connect()
        )
        try:
            level = self._execution_options.get("isolation_level")
            if level is not None:
                self._set_isolation_level(level)
            for fn in self.dispatch.engine_connect:
                fn(self)
        except BaseException:
            self._dbapi_connection.close()
            self._dbapi_connection = None
            raise

    # -- state --------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True after close() (an invalidated connection is not closed: it reconnects)."""
        return self._dbapi_connection is None and not self._invalid

    @property
    def invalidated(self) -> bool:
        return self._invalid

    @property
    def connection(self) -> PoolProxiedConnection:
        """The pool's proxied DB-API connection (reconnecting if invalidated)."""
        return self._revalidate()

    @property
    def info(self) -> dict[Any, Any]:
        """A dict kept with the DB-API connection for as long as it lives."""
        return self._revalidate().info

    def _revalidate(self) -> PoolProxiedConnection:
        fairy = self._dbapi_connection
        if fairy is not None:
            return fairy
        if self._invalid:
            if self._transaction is not None and self._transaction.is_active:
                raise PendingRollbackError(
                    "Can't reconnect until invalid transaction is rolled back.  Please "
                    "rollback() fully before proceeding"
                )
            self._dbapi_connection = self.engine.pool.connect()
            self._invalid = False
            return self._dbapi_connection
        raise ResourceClosedError("This Connection is closed")

    def in_transaction(self) -> bool:
        return self._transaction is not None and self._transaction.is_active

    def in_nested_transaction(self) -> bool:
        return bool(self._nested_stack)

    def get_transaction(self) -> RootTransaction | None:
        return self._transaction

    def get_nested_transaction(self) -> NestedTransaction | None:
        return self._nested_stack[-1] if self._nested_stack else None

    # -- options ------------------------------------------------------------------------------

    def execution_options(self, **opt: Any) -> Connection:
        """Set options on this connection (``isolation_level``, ``stream_results``,
        ``yield_per``, ...) and return it."""
        if "isolation_level" in opt:
            self._set_isolation_level(opt["isolation_level"])
        self._execution_options = {**self._execution_options, **opt}
        for fn in self.dispatch.set_connection_execution_options:
            fn(self, opt)
        return self

    def get_execution_options(self) -> Mapping[str, Any]:
        return dict(self._execution_options)

    def _set_isolation_level(self, level: str) -> None:
        if self.in_transaction():
            raise InvalidRequestError(
                "This connection has already initialized a Transaction() object via begin() or "
                "autobegin; isolation_level may not be altered unless rollback() or commit() "
                "is called first."
            )
        self.dialect._check_isolation_level(level)
        self.dialect.set_isolation_level(self._revalidate().dbapi_connection, level)
        self._isolation_changed = True

    def get_isolation_level(self) -> str:
        """The isolation level of the DB-API connection, as the database reports it."""
        return self.dialect.get_isolation_level(self._revalidate().dbapi_connection)

    @property
    def default_isolation_level(self) -> str | None:
        return self.dialect.default_isolation_level

    # -- transactions -------------------------------------------------------------------------

    def begin(self) -> RootTransaction:
        """Begin a transaction explicitly (raises if one is already in progress)."""
        if self._transaction is not None:
            raise InvalidRequestError(
                "This connection has already initialized a Transaction() object via begin() or "
                "autobegin; can't call begin() here unless rollback() or commit() is called "
                "first."
            )
        return RootTransaction(self)

    def begin_nested(self) -> NestedTransaction:
        """Open a SAVEPOINT (beginning the outer transaction first if needed)."""
        if self._transaction is None:
            self._autobegin()
        return NestedTransaction(self)

    def commit(self) -> None:
        """Commit the current transaction, if any."""
        if self._transaction is not None:
            self._transaction.commit()

    def rollback(self) -> None:
        """Roll back the current transaction, if any."""
        if self._transaction is not None:
            self._transaction.rollback()

    def _autobegin(self) -> None:
        RootTransaction(self)

    def _begin_impl(self) -> None:
        fairy = self._revalidate()
        if self._echo:
            self._log_info("BEGIN (implicit)")
        for fn in self.dispatch.begin:
            fn(self)
        try:
            self.dialect.do_begin(fairy.dbapi_connection)
        except BaseException as err:
            self._handle_dbapi_exception(err, None, None, None, None)

    def _commit_impl(self) -> None:
        if self._streams:
            self._close_streams()
        for fn in self.dispatch.commit:
            fn(self)
        if self._echo:
            self._log_info("COMMIT")
        fairy = self._revalidate()
        try:
            self.dialect.do_commit(fairy.dbapi_connection)
        except BaseException as err:
            self._handle_dbapi_exception(err, None, None, None, None)

    def _rollback_impl(self) -> None:
        if self._streams:
            self._close_streams()
        for fn in self.dispatch.rollback:
            fn(self)
        fairy = self._dbapi_connection
        if fairy is None or fairy.dbapi_connection is None:
            return  # invalidated: the server already discarded the transaction
        if self._echo:
            self._log_info("ROLLBACK")
        try:
            self.dialect.do_rollback(fairy.dbapi_connection)
        except BaseException as err:
            self._handle_dbapi_exception(err, None, None, None, None)

    def _savepoint_impl(self) -> str:
        self._savepoint_seq += 1
        name = f"sa_savepoint_{self._savepoint_seq}"
        for fn in self.dispatch.savepoint:
            fn(self, name)
        self.dialect.do_savepoint(self, name)
        return name

    def _rollback_to_savepoint_impl(self, name: str) -> None:
        for fn in self.dispatch.rollback_savepoint:
            fn(self, name, None)
        self.dialect.do_rollback_to_savepoint(self, name)

    def _release_savepoint_impl(self, name: str) -> None:
        for fn in self.dispatch.release_savepoint:
            fn(self, name, None)
        self.dialect.do_release_savepoint(self, name)

    def _exec_transaction_sql(self, sql: str) -> None:
        """Run SAVEPOINT-style SQL on the DB-API connection (logged, errors wrapped)."""
        fairy = self._revalidate()
        if self._streams and self.dialect.server_side_cursors_block_connection:
            self._buffer_streams()
        if self._echo:
            self._log_info(sql)
        cursor = fairy.dbapi_connection.cursor()
        try:
            self.dialect.do_execute_no_params(cursor, sql)
        except BaseException as err:
            self._handle_dbapi_exception(err, sql, None, cursor, None)
        cursor.close()

    # -- closing ------------------------------------------------------------------------------

    def close(self) -> None:
        """Roll back any transaction and return the DB-API connection to the pool."""
        fairy = self._dbapi_connection
        if self._streams:
            self._close_streams()
        reset = False
        if self._transaction is not None and fairy is not None:
            try:
                self._transaction.rollback()
                reset = True
            except Exception:
                self._transaction = None
        self._transaction = None
        self._nested_stack.clear()
        if fairy is not None:
            if self._isolation_changed and fairy.dbapi_connection is not None:
                try:
                    self.dialect.reset_isolation_level(fairy.dbapi_connection)
                except Exception:
                    fairy.invalidate()
            fairy._checkin(transaction_was_reset=reset)
        self._dbapi_connection = None
        self._invalid = False

    def invalidate(self, exception: BaseException | None = None) -> None:
        """Discard the DB-API connection (closed, never reused). The Connection reconnects on
        next use once its transaction is rolled back."""
        if self._invalid:
            return
        if self._dbapi_connection is None:
            raise ResourceClosedError("This Connection is closed")
        fairy = self._dbapi_connection
        fairy.invalidate(exception)
        fairy._checkin()
        self._dbapi_connection = None
        self._invalid = True

    def detach(self) -> None:
        """Take the DB-API connection out of the pool: closing really closes it."""
        self._revalidate().detach()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- errors -------------------------------------------------------------------------------

    def _handle_dbapi_exception(self, err: BaseException, statement: str | None, parameters: Any,
                                cursor: Any, context: Any) -> Any:
        dialect = self.dialect
        dbapi = dialect.loaded_dbapi
        dbapi_error = getattr(dbapi, "Error", None)
        is_db_error = dbapi_error is not None and isinstance(err, dbapi_error)
        is_disconnect = False
        if is_db_error:
            fairy = self._dbapi_connection
            try:
                is_disconnect = bool(dialect.is_disconnect(err, fairy, cursor))
            except Exception:
                is_disconnect = False
        if not isinstance(err, Exception):
            # KeyboardInterrupt and the like: the connection is in an unknown state.
            if cursor is not None:
                _close_quietly(cursor)
            if self._dbapi_connection is not None:
                self.invalidate(err)
            raise err
        if isinstance(err, SQLAlchemyError):
            wrapped: BaseException = err
        else:
            wrapped = DBAPIError.instance(
                statement, parameters, err, dbapi_error,
                hide_parameters=self.engine.hide_parameters,
                connection_invalidated=is_disconnect,
                ismulti=context.executemany if context is not None else None,
            )
        if self.dispatch.handle_error:
            ctx = ExceptionContext(self, self.engine, dialect, cursor, statement, parameters, err,
                                   wrapped if isinstance(wrapped, StatementError) else None,
                                   context, is_disconnect)
            for fn in self.dispatch.handle_error:
                try:
                    new = fn(ctx)
                except Exception as raised:
                    new = raised
                if isinstance(new, BaseException):
                    ctx.chained_exception = new
                    wrapped = new
            if ctx.is_disconnect != is_disconnect:
                is_disconnect = ctx.is_disconnect
                if isinstance(wrapped, DBAPIError):
                    wrapped.connection_invalidated = is_disconnect
            invalidate_pool = ctx.invalidate_pool_on_disconnect
        else:
            invalidate_pool = True
        if cursor is not None:
            _close_quietly(cursor)
        if is_disconnect and self._dbapi_connection is not None:
            fairy = self._dbapi_connection
            if invalidate_pool:
                self.engine.pool._invalidate(fairy, err)
            self.invalidate(err)
        if wrapped is err:
            raise err
        raise wrapped from err

    def _run_ddl_visitor(self, visitorcallable: Any, element: Any, **kwargs: Any) -> None:
        """SQLAlchemy's hook for ``metadata.create_all(bind)``: run a DDL visitor here."""
        visitorcallable(self.dialect, self, **kwargs).traverse_single(element)

    def __repr__(self) -> str:
        return f"<Connection({self.engine!r}) closed={self.closed}>"


def _close_quietly(cursor: Any) -> None:
    try:
        cursor.close()
    except Exception:
        pass


class Engine:
    """A pool of connections to one database plus the dialect to talk to it.

    Made by ``create_engine()``::

        engine = create_engine("postgresql+psycopg://scott@localhost/test", pool_size=10)
        with engine.connect() as conn: ...
        with engine.begin() as conn: ...   # commits at the end
        engine.dispose()                   # closes pooled connections
    """

    _dispatch_events = ENGINE_EVENTS
    _dispatch_retval_events = ENGINE_RETVAL_EVENTS
    dispatch = DispatchDescriptor()
    _connection_cls = Connection

    @staticmethod
    def _dispatch_redirect(target: Any, identifier: str) -> Any:
        # Pool events on an engine go to its pool (on the class: to every pool).
        if identifier in _POOL_EVENTS and identifier not in ENGINE_EVENTS:
            if isinstance(target, type):
                from orm.pool import Pool

                return Pool
            return target.pool
        return None

    def __init__(self, pool: Pool, dialect: DefaultDialect, url: URL,
                 logging_name: str | None = None, echo: bool | str | None = None,
                 execution_options: Mapping[str, Any] | None = None,
                 hide_parameters: bool = False) -> None:
        self.pool = pool
        self.dialect = dialect
        self.url = url
        self.logging_name = logging_name
        self.hide_parameters = hide_parameters
        self._execution_options: Mapping[str, Any] = dict(execution_options or {})
        self._logger = (logging.getLogger(f"orm.engine.Engine.{logging_name}")
                        if logging_name else _log)
        self.echo = echo
        if execution_options:
            self.update_execution_options(**execution_options)

    # -- echo ---------------------------------------------------------------------------------

    @property
    def echo(self) -> bool | str | None:
        return self._echo

    @echo.setter
    def echo(self, value: bool | str | None) -> None:
        self._echo = value
        if value == "debug":
            self._echo_level: int = logging.DEBUG
        elif value:
            self._echo_level = logging.INFO
        else:
            self._echo_level = 0
        if self._echo_level:
            # a handler only: the logger's level stays the application's, so echo on this engine
            # does not make the other engines (which share the logger) log
            _ensure_echo_handler(self._logger, None)

    def _log(self, msg: str, *args: Any) -> None:
        # called when this engine echoes or its logger is enabled for INFO (Connection._echo);
        # an echoing engine logs whatever level the logger has, as SQLAlchemy's echo=True does
        self._logger._log(logging.INFO, msg, args)

    def _log_level(self) -> int:
        """What a new Connection logs: the echo setting, else what the application configured on
        the ``orm.engine`` loggers (``logging.getLogger("orm.engine").setLevel(logging.INFO)``
        logs statements, DEBUG also rows), as with SQLAlchemy's ``sqlalchemy.engine`` logger."""
        if self._echo_level:
            return self._echo_level
        log = self._logger
        if not log.isEnabledFor(logging.INFO):  # the usual case: one cached lookup per connect
            return 0
        return logging.DEBUG if log.isEnabledFor(logging.DEBUG) else logging.INFO

    # -- names --------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.dialect.name

    @property
    def driver(self) -> str:
        return self.dialect.driver

    @property
    def engine(self) -> Engine:
        return self

    def __repr__(self) -> str:
        return f"Engine({self.url!r})"

    # -- connections --------------------------------------------------------------------------

    def connect(self) -> Connection:
        """A new Connection (check one out of the pool)."""
        return self._connection_cls(self)

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        """A Connection in a transaction: committed at the end, rolled back on an exception::

            with engine.begin() as conn:
                conn.execute(insert(t), {"x": 1})
        """
        conn = self.connect()
        try:
            with conn.begin():
                yield conn
        finally:
            conn.close()

    def raw_connection(self) -> PoolProxiedConnection:
        """A pooled DB-API connection (``close()`` returns it to the pool)."""
        return self.pool.connect()

    def dispose(self, close: bool = True) -> None:
        """Close the pool's idle connections; checked-out ones are closed when returned.

        With ``close=False`` (e.g. in a child process after fork) the pool is replaced by a
        new one without touching the old connections.
        """
        if close:
            self.pool.dispose()
        else:
            self.pool = self.pool.recreate()
        for fn in self.dispatch.engine_disposed:
            fn(self)

    # -- options ------------------------------------------------------------------------------

    def execution_options(self, **opt: Any) -> OptionEngine:
        """An Engine sharing this one's pool and dialect, with extra execution options."""
        return OptionEngine(self, opt)

    def update_execution_options(self, **opt: Any) -> None:
        if "isolation_level" in opt:
            self.dialect._check_isolation_level(opt["isolation_level"])
        self._execution_options = {**self._execution_options, **opt}
        for fn in self.dispatch.set_engine_execution_options:
            fn(self, opt)

    def get_execution_options(self) -> Mapping[str, Any]:
        return dict(self._execution_options)

    # -- shortcuts that take a connection -------------------------------------------------------

    def _run_ddl_visitor(self, visitorcallable: Any, element: Any, **kwargs: Any) -> None:
        with self.begin() as conn:
            conn._run_ddl_visitor(visitorcallable, element, **kwargs)


class OptionEngine(Engine):
    """``engine.execution_options(...)``: shares pool, dialect and listeners with its parent."""

    def __init__(self, parent: Engine, options: Mapping[str, Any]) -> None:
        self._parent = parent
        self.pool = parent.pool
        self.dialect = parent.dialect
        self.url = parent.url
        self.logging_name = parent.logging_name
        self.hide_parameters = parent.hide_parameters
        self._logger = parent._logger
        self._echo = parent._echo
        self._echo_level = parent._echo_level
        # Borrow the parent's listeners; listening on this engine gives it its own (see
        # orm.event.registry.resolve).
        self.dispatch = parent.dispatch  # type: ignore[misc]
        self._execution_options = dict(parent._execution_options)
        self.update_execution_options(**options)

    @property  # type: ignore[override]
    def pool(self) -> Pool:
        return self._parent.pool

    @pool.setter
    def pool(self, value: Pool) -> None:
        pass  # always the parent's pool (dispose() on either affects both)

