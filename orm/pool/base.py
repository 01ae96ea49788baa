"""The Pool base class and the two objects it hands around.

- ``ConnectionRecord``: one slot of the pool. It owns at most one DB-API connection at a time,
  knows when it was opened (for ``recycle``) and keeps the ``info`` dict that survives checkouts.
- ``PoolProxiedConnection`` (the "fairy"): what ``pool.connect()`` returns for one checkout. It
  forwards to the DB-API connection; ``close()`` gives the record back to the pool.

Subclasses (``orm.pool.impl``) only decide where records wait between checkouts:
``_do_get()`` returns a record and ``_do_return(record)`` takes one back.
"""
from __future__ import annotations

import logging
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Literal

from orm.event import DispatchDescriptor
from orm.exc import ArgumentError, DisconnectionError, InvalidRequestError

__all__ = ["Pool", "ConnectionRecord", "PoolProxiedConnection", "PoolResetState",
           "PoolDialect", "ManagesConnection", "ConnectionPoolEntry", "ResetStyle",
           "reset_rollback", "reset_commit", "reset_none"]

logger = logging.getLogger("orm.pool")

_POOL_EVENTS = {
    "connect": ("dbapi_connection", "connection_record"),
    "first_connect": ("dbapi_connection", "connection_record"),
    "checkout": ("dbapi_connection", "connection_record", "connection_proxy"),
    "checkin": ("dbapi_connection", "connection_record"),
    "reset": ("dbapi_connection", "connection_record", "reset_state"),
    "invalidate": ("dbapi_connection", "connection_record", "exception"),
    "soft_invalidate": ("dbapi_connection", "connection_record", "exception"),
    "close": ("dbapi_connection", "connection_record"),
    "detach": ("dbapi_connection", "connection_record"),
    "close_detached": ("dbapi_connection",),
}


class PoolDialect:
    """How the pool talks to a DB-API connection when no engine Dialect is attached.

    ``DefaultDialect`` provides the same methods; the engine passes its dialect to the pool.
    """

    def do_rollback(self, dbapi_connection: Any) -> None:
        dbapi_connection.rollback()

    def do_commit(self, dbapi_connection: Any) -> None:
        dbapi_connection.commit()

    def do_close(self, dbapi_connection: Any) -> None:
        dbapi_connection.close()

    def do_ping(self, dbapi_connection: Any) -> bool:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        return True

    def is_disconnect(self, e: BaseException, connection: Any, cursor: Any) -> bool:
        return True  # without a dialect, a failed ping means the connection is unusable

    def on_connect_hook(self, dbapi_connection: Any, record: ConnectionRecord,
                        first: bool) -> None:
        """Dialect setup for a new connection (engine dialects override this)."""


@dataclass(frozen=True)
class PoolResetState:
    """Passed to ``reset`` listeners: what happened to the connection's transaction."""

    transaction_was_reset: bool
    terminate_only: bool
    asyncio_safe: bool = True


ResetOnReturn = Literal["rollback", "commit", None]


class ResetStyle(Enum):
    """What the pool does to a connection's transaction when it comes back (``reset_on_return``).

    The members are also importable one by one, as SQLAlchemy users spell them::

        from orm.pool import QueuePool, reset_none
        pool = QueuePool(creator, reset_on_return=reset_none)  # leave the transaction alone
    """

    reset_rollback = "rollback"
    reset_commit = "commit"
    reset_none = None


reset_rollback, reset_commit, reset_none = ResetStyle.reset_rollback, ResetStyle.reset_commit, \
    ResetStyle.reset_none

# Every spelling create_engine(pool_reset_on_return=...) and Pool(reset_on_return=...) accept.
_RESET_SPELLINGS: dict[Any, ResetOnReturn] = {
    "rollback": "rollback", True: "rollback", reset_rollback: "rollback",
    "commit": "commit", reset_commit: "commit",
    None: None, False: None, "none": None, reset_none: None,
}


class Pool:
    """Base class of connection pools.

    ``creator`` is a zero-argument callable returning a new DB-API connection::

        pool = QueuePool(lambda: sqlite3.connect("app.db"), pool_size=5)
        conn = pool.connect()
        try:
            conn.cursor().execute("SELECT 1")
        finally:
            conn.close()   # back to the pool (rolled back first)

    ``recycle``: replace connections older than that many seconds at checkout (-1: never).
    ``pre_ping``: test each connection at checkout and replace it if dead.
    ``reset_on_return``: "rollback" (default), "commit" or None.
    """

    _dispatch_events = _POOL_EVENTS
    dispatch = DispatchDescriptor()
    # True when checkouts share one DB-API connection (StaticPool, SingletonThreadPool)
    _shares_connection = False

    def __init__(
        self,
        creator: Callable[..., Any],
        recycle: int | float = -1,
        echo: bool | str | None = None,
        logging_name: str | None = None,
        reset_on_return: ResetOnReturn | bool | str = "rollback",
        pre_ping: bool = False,
        dialect: Any = None,
        events: list[tuple[str, Callable[..., Any]]] | None = None,
        **kw: Any,
    ) -> None:
        if kw:
            raise TypeError(f"{type(self).__name__}() got unexpected arguments: "
                            f"{', '.join(sorted(kw))}")
        self._creator = creator
        self._recycle = recycle
        self.echo = echo
        self.logging_name = logging_name
        self._pre_ping = pre_ping
        self._dialect = dialect if dialect is not None else PoolDialect()
        try:
            self._reset_on_return: ResetOnReturn = _RESET_SPELLINGS[reset_on_return]
        except (KeyError, TypeError):  # TypeError: an unhashable value
            raise ArgumentError(
                f"Invalid value for 'reset_on_return': {reset_on_return!r}; expected one of "
                "'rollback', 'commit', None (or orm.pool.reset_rollback / reset_commit / "
                "reset_none)"
            ) from None
        # Connections opened before this time are stale (a disconnect invalidated the pool).
        self._invalidate_time = 0.0
        # dispose() bumps the generation; records of an older one are closed when returned.
        self._generation = 0
        self._first_connect_done = False
        self._first_connect_lock = threading.Lock()
        if events:
            from orm import event

            for name, fn in events:
                event.listen(self, name, fn)

    # -- configuration ------------------------------------------------------------------------

    @property
    def recycle(self) -> int | float:
        return self._recycle

    @property
    def pre_ping(self) -> bool:
        return self._pre_ping

    @property
    def dialect(self) -> Any:
        return self._dialect

    def _log(self, msg: str, *args: Any) -> None:
        if self.echo:
            name = f"[{self.logging_name}] " if self.logging_name else ""
            level = logging.DEBUG if self.echo == "debug" else logging.INFO
            if not logger.isEnabledFor(level):
                # echo=True promises output even if the application configured no logging.
                _ensure_echo_handler(logger, level)
            logger.log(level, name + msg, *args)

    # -- the checkout path --------------------------------------------------------------------

    def connect(self) -> PoolProxiedConnection:
        """Check out a connection; close it to give it back."""
        attempts = 3
        while True:
            record = self._do_get()
            try:
                dbapi_connection = record._checkout_connection()
            except BaseException:
                record._release_slot()
                raise
            fairy = PoolProxiedConnection(self, record, dbapi_connection)
            try:
                if self._pre_ping and not record._fresh:
                    self._ping(fairy, record)
                record._fresh = False
                for fn in self.dispatch.checkout:
                    fn(fairy.dbapi_connection, record, fairy)
                self._log("Connection %r checked out from pool", fairy.dbapi_connection)
                return fairy
            except DisconnectionError as err:
                # A checkout listener says this connection is dead: replace and retry.
                attempts -= 1
                if err.invalidate_pool:
                    self._invalidate_time = time.time()
                fairy.invalidate(err)
                fairy._checkin()
                if attempts <= 0:
                    raise InvalidRequestError(
                        "This connection is dead: checkout listeners raised "
                        "DisconnectionError three times"
                    ) from err
            except BaseException:
                fairy._checkin()
                raise

    def _ping(self, fairy: PoolProxiedConnection, record: ConnectionRecord) -> None:
        try:
            alive = self._dialect.do_ping(fairy.dbapi_connection)
        except Exception as err:
            if not self._dialect.is_disconnect(err, fairy.dbapi_connection, None):
                raise
            alive = False
            exc: BaseException | None = err
        else:
            exc = None
        if alive:
            return
        self._log("Pool pre-ping on connection %r failed, will invalidate pool",
                  fairy.dbapi_connection)
        # A dead connection usually means the server restarted: every older one is dead too.
        self._invalidate_time = time.time()
        record.invalidate(exc)
        fairy.dbapi_connection = None
        fairy.dbapi_connection = record._checkout_connection()
        record._fresh = False

    def _return(self, record: ConnectionRecord) -> None:
        """Called by a fairy's close(): the record goes back (or is closed if disposed)."""
        if record._generation != self._generation:
            record.close()
            self._discard(record)
            return
        self._do_return(record)

    # -- connection lifecycle -----------------------------------------------------------------

    def _new_dbapi_connection(self, record: ConnectionRecord) -> Any:
        dbapi_connection = self._creator()
        first = False
        if not self._first_connect_done:
            with self._first_connect_lock:
                if not self._first_connect_done:
                    first = True
                    try:
                        self._dialect.on_connect_hook(dbapi_connection, record, True)
                        for fn in self.dispatch.first_connect:
                            fn(dbapi_connection, record)
                    except BaseException:
                        _close_quietly(self, dbapi_connection)
                        raise
                    self._first_connect_done = True
        try:
            if not first:
                self._dialect.on_connect_hook(dbapi_connection, record, False)
            for fn in self.dispatch.connect:
                fn(dbapi_connection, record)
        except BaseException:
            _close_quietly(self, dbapi_connection)
            raise
        self._log("Created new connection %r", dbapi_connection)
        return dbapi_connection

    def _close_dbapi(self, dbapi_connection: Any, record: ConnectionRecord | None) -> None:
        self._log("Closing connection %r", dbapi_connection)
        try:
            if record is not None:
                for fn in self.dispatch.close:
                    fn(dbapi_connection, record)
            self._dialect.do_close(dbapi_connection)
        except Exception:
            logger.debug("Exception closing connection %r", dbapi_connection, exc_info=True)

    def _invalidate(self, connection: PoolProxiedConnection | None,
                    exception: BaseException | None = None, _checkin: bool = True) -> None:
        """Mark every connection opened so far stale (after a disconnect), and invalidate
        ``connection`` itself."""
        self._invalidate_time = time.time()
        if connection is not None and connection.is_valid:
            connection.invalidate(exception)

    # -- to be provided by subclasses ---------------------------------------------------------

    def _do_get(self) -> ConnectionRecord:
        raise NotImplementedError

    def _do_return(self, record: ConnectionRecord) -> None:
        raise NotImplementedError

    def _discard(self, record: ConnectionRecord) -> None:
        """A checked-out record is gone for good (closed after dispose, detached)."""

    def dispose(self) -> None:
        """Close every idle connection; connections checked out now are closed when returned."""
        raise NotImplementedError

    def recreate(self) -> Pool:
        """A new, empty pool with the same configuration (and the same event listeners)."""
        raise NotImplementedError

    def status(self) -> str:
        raise NotImplementedError

    def _copy_settings(self) -> dict[str, Any]:
        return dict(recycle=self._recycle, echo=self.echo, logging_name=self.logging_name,
                    reset_on_return=self._reset_on_return, pre_ping=self._pre_ping,
                    dialect=self._dialect)

    def _copy_listeners_to(self, other: Pool) -> None:
        own = self.__dict__.get("dispatch")
        if own is None or own.owner is not self:
            return
        for name, listeners in own._own.items():
            for listener in listeners:
                other.dispatch._add(listener, insert=False)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} at 0x{id(self):x}>"


def _close_quietly(pool: Pool, dbapi_connection: Any) -> None:
    try:
        pool._dialect.do_close(dbapi_connection)
    except Exception:
        pass


_echo_handlers: set[str] = set()


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to ``sys.stdout`` as it is at each record (test runners and tools swap it; a stream
    fixed at creation would be a closed one later)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _ensure_echo_handler(log: logging.Logger, level: int | None) -> None:
    """Give ``log`` the stdout handler ``echo`` writes to (as SQLAlchemy's echo does) and, unless
    ``level`` is None, lower its level to ``level``."""
    if level is not None and (log.level == logging.NOTSET or log.level > level):
        log.setLevel(level)
    if log.name not in _echo_handlers and not log.handlers:
        handler = _StdoutHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        log.addHandler(handler)
        _echo_handlers.add(log.name)


class ManagesConnection:
    """What both pool objects that hold a DB-API connection offer: ``dbapi_connection``,
    ``driver_connection``, ``info``, ``record_info`` and ``invalidate()``.

    Pool event listeners receive one of the two subclasses; type them with these bases::

        @event.listens_for(engine, "connect")
        def on_connect(dbapi_connection, entry: ConnectionPoolEntry): ...
    """

    __slots__ = ()


class ConnectionPoolEntry(ManagesConnection):
    """One slot of a pool, as pool events see it (our implementation: ``ConnectionRecord``)."""

    __slots__ = ()


class ConnectionRecord(ConnectionPoolEntry):
    """One slot of a pool: a DB-API connection (or none, after invalidation) and its metadata."""

    __slots__ = ("_pool", "dbapi_connection", "starttime", "info", "_fresh", "_generation",
                 "_fairy_ref", "__weakref__")

    def __init__(self, pool: Pool) -> None:
        self._pool = pool
        self.dbapi_connection: Any = None
        self.starttime = 0.0
        self.info: dict[Any, Any] = {}
        self._fresh = False
        self._generation = pool._generation
        self._fairy_ref: weakref.ref[PoolProxiedConnection] | None = None

    @property
    def driver_connection(self) -> Any:
        return self.dbapi_connection

    @property
    def record_info(self) -> dict[Any, Any]:
        return self.info

    @property
    def in_use(self) -> bool:
        """True while a checkout holds this slot's connection."""
        return self._fairy_ref is not None

    def _checkout_connection(self) -> Any:
        """The DB-API connection to hand out, (re)connecting when absent, stale or recycled."""
        conn = self.dbapi_connection
        pool = self._pool
        if conn is not None:
            recycle = pool._recycle
            if (recycle > -1 and time.time() - self.starttime > recycle) or (
                self.starttime <= pool._invalidate_time
            ):
                pool._log("Connection %r exceeded timeout or was invalidated; recycling", conn)
                self._close_connection()
                conn = None
        if conn is None:
            conn = self._connect()
        self._generation = pool._generation
        return conn

    def _connect(self) -> Any:
        self.starttime = time.time()
        conn = self._pool._new_dbapi_connection(self)
        self.dbapi_connection = conn
        self.starttime = time.time()
        self._fresh = True
        return conn

    def _close_connection(self) -> None:
        conn = self.dbapi_connection
        self.dbapi_connection = None
        if conn is not None:
            self._pool._close_dbapi(conn, self)

    def invalidate(self, e: BaseException | None = None, soft: bool = False) -> None:
        """Close the DB-API connection (not reused); the slot reconnects on its next checkout.

        ``soft=True`` only marks it to be replaced at its next checkout.
        """
        conn = self.dbapi_connection
        if conn is None:
            return
        name = "soft_invalidate" if soft else "invalidate"
        for fn in getattr(self._pool.dispatch, name):
            fn(conn, self, e)
        if soft:
            self.starttime = -1.0  # older than any invalidate_time: replaced at next checkout
            return
        self._pool._log("%sInvalidate connection %r (reason: %s)",
                        "Soft " if soft else "", conn, e)
        self.info.clear()
        self._close_connection()

    def close(self) -> None:
        self._close_connection()

    def _release_slot(self) -> None:
        """Connecting failed during checkout: give the slot back without a connection."""
        self._pool._do_return(self)

    def _on_fairy_lost(self, ref: Any) -> None:
        # The application dropped a checked-out connection without closing it: the DB-API
        # connection's state is unknown, so close it, then free the slot.
        if self._fairy_ref is not ref:
            return
        self._fairy_ref = None
        pool = self._pool
        if pool._shares_connection and self.dbapi_connection is not None:
            # every checkout holds this same connection (an in-memory SQLite database lives in
            # it): closing it would lose the database under the other checkouts. End the lost
            # checkout's transaction as its checkin would have (SQLAlchemy resets and returns
            # a lost connection too), and keep the connection.
            try:
                PoolProxiedConnection._reset(pool, self, self.dbapi_connection, False)
            except Exception:
                logger.debug("Exception resetting a garbage-collected connection", exc_info=True)
            pool._return(self)
            return
        try:
            self._close_connection()
        finally:
            self._pool._return(self)

    def __repr__(self) -> str:
        return f"<ConnectionRecord {self.dbapi_connection!r}>"


class PoolProxiedConnection(ManagesConnection):
    """A checked-out DB-API connection. ``close()`` returns it to its pool.

    Everything not defined here (``cursor``, ``commit``, driver extras) goes to the DB-API
    connection. ``info`` is the record's dict and lives as long as the DB-API connection does.
    """

    __slots__ = ("_pool", "_record", "dbapi_connection", "__weakref__", "_counter")

    def __init__(self, pool: Pool, record: ConnectionRecord, dbapi_connection: Any) -> None:
        self._pool = pool
        self._record: ConnectionRecord | None = record
        self.dbapi_connection = dbapi_connection
        self._counter = 1
        record._fairy_ref = weakref.ref(self, record._on_fairy_lost)

    # -- DB-API surface -----------------------------------------------------------------------

    def cursor(self, *args: Any, **kw: Any) -> Any:
        if self.dbapi_connection is None:
            raise InvalidRequestError("This connection is closed")
        return self.dbapi_connection.cursor(*args, **kw)

    def commit(self) -> None:
        self.dbapi_connection.commit()

    def rollback(self) -> None:
        self.dbapi_connection.rollback()

    def __getattr__(self, name: str) -> Any:
        conn = object.__getattribute__(self, "dbapi_connection")
        if conn is None:
            raise AttributeError(name)
        return getattr(conn, name)

    # -- pool surface -------------------------------------------------------------------------

    @property
    def driver_connection(self) -> Any:
        return self.dbapi_connection

    @property
    def info(self) -> dict[Any, Any]:
        record = self._record
        return record.info if record is not None else {}

    @property
    def record_info(self) -> dict[Any, Any] | None:
        return self._record.info if self._record is not None else None

    @property
    def is_valid(self) -> bool:
        return self.dbapi_connection is not None

    @property
    def is_detached(self) -> bool:
        return self._record is None

    def invalidate(self, e: BaseException | None = None, soft: bool = False) -> None:
        """Discard the DB-API connection: it is closed now and never reused."""
        if self.dbapi_connection is None:
            return
        if self._record is not None:
            self._record.invalidate(e, soft=soft)
        else:
            _close_quietly(self._pool, self.dbapi_connection)
        if not soft:
            self.dbapi_connection = None

    def detach(self) -> None:
        """Take the DB-API connection out of the pool: closing it later really closes it."""
        record = self._record
        if record is None:
            return
        for fn in self._pool.dispatch.detach:
            fn(self.dbapi_connection, record)
        record._fairy_ref = None
        record.dbapi_connection = None
        record.info = {}
        self._record = None
        self._pool._do_return(record)  # the slot is free; a new connection will fill it

    def close(self) -> None:
        """Return the connection to its pool (after resetting its transaction)."""
        self._checkin()

    def _checkin(self, transaction_was_reset: bool = False) -> None:
        record = self._record
        conn = self.dbapi_connection
        pool = self._pool
        if record is None:
            if conn is not None:
                for fn in pool.dispatch.close_detached:
                    fn(conn)
                _close_quietly(pool, conn)
                self.dbapi_connection = None
            return
        self._record = None
        self.dbapi_connection = None
        record._fairy_ref = None
        if conn is not None:
            try:
                self._reset(pool, record, conn, transaction_was_reset)
                for fn in pool.dispatch.checkin:
                    fn(conn, record)
            except Exception as err:
                # A connection that cannot even roll back is no good to anyone.
                logger.debug("Exception during reset or checkin; invalidating", exc_info=True)
                record.invalidate(err)
            pool._log("Connection %r being returned to pool", conn)
        pool._return(record)

    @staticmethod
    def _reset(pool: Pool, record: ConnectionRecord, conn: Any,
               transaction_was_reset: bool) -> None:
        listeners = pool.dispatch.reset
        if listeners:
            state = PoolResetState(transaction_was_reset, False)
            for fn in listeners:
                fn(conn, record, state)
        if transaction_was_reset:
            return
        mode = pool._reset_on_return
        if mode == "rollback":
            pool._dialect.do_rollback(conn)
        elif mode == "commit":
            pool._dialect.do_commit(conn)

    def __enter__(self) -> PoolProxiedConnection:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<PoolProxiedConnection {self.dbapi_connection!r}>"
