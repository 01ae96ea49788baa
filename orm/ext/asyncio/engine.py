"""``create_async_engine``, ``AsyncEngine``, ``AsyncConnection``, ``AsyncTransaction``.

Thin async facades: each method runs the synchronous Engine/Connection method under
greenlet_spawn, where the async driver's adapter awaits its coroutines.

    engine = create_async_engine("sqlite+aiosqlite:///app.db")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(insert(t), [{"x": 1}])
    async with engine.connect() as conn:
        rows = (await conn.execute(select(t))).all()
    await engine.dispose()
"""
from __future__ import annotations

from typing import Any, Callable, Optional, TypeVar

from orm.engine.base import Connection, Engine
from orm.engine.cursor import ASYNC_BUFFERED
from orm.engine.create import create_engine
from orm.engine.url import URL, make_url
from orm.exc import ArgumentError, InvalidRequestError
from orm.ext.asyncio._greenlet import greenlet_spawn
from orm.ext.asyncio.result import AsyncResult, AsyncScalarResult

__all__ = ["create_async_engine", "AsyncEngine", "AsyncConnection", "AsyncTransaction",
           "async_engine_from_config"]

_T = TypeVar("_T")

# Sync drivernames whose async counterpart has another registry name.
_ASYNC_VARIANT = {
    "postgresql": "postgresql+psycopg_async",
    "postgresql+psycopg": "postgresql+psycopg_async",
}


def create_async_engine(url: str | URL, **kw: Any) -> "AsyncEngine":
    """An AsyncEngine for an async driver URL::

        engine = create_async_engine("postgresql+asyncpg://scott@localhost/test", pool_size=5)
        engine = create_async_engine("postgresql+psycopg://scott@localhost/test")  # async psycopg
        engine = create_async_engine("sqlite+aiosqlite://")

    Takes the same options as create_engine(). A URL of a synchronous-only driver (``sqlite://``,
    ``mysql+pymysql://``) raises InvalidRequestError.
    """
    u = make_url(url)
    variant = _ASYNC_VARIANT.get(u.drivername)
    real = u.set(drivername=variant) if variant else u
    dialect_cls = real.get_dialect()
    if not getattr(dialect_cls, "is_async", False):
        raise InvalidRequestError(
            "The asyncio extension requires an async driver to be used. The loaded "
            f"{dialect_cls.driver!r} is not async. Use sqlite+aiosqlite://, postgresql+asyncpg://, "
            "postgresql+psycopg:// or mysql+aiomysql://."
        )
    sync_engine = create_engine(real, **kw)
    sync_engine.url = u  # report the URL as the user wrote it
    return AsyncEngine(sync_engine)


def async_engine_from_config(configuration: Any, prefix: str = "sqlalchemy.",
                             **kw: Any) -> "AsyncEngine":
    """engine_from_config() for async drivers."""
    options = {k[len(prefix):]: v for k, v in configuration.items() if k.startswith(prefix)}
    options.update(kw)
    url = options.pop("url", None)
    if url is None:
        raise ArgumentError(f"async_engine_from_config() needs a {prefix}url entry")
    return create_async_engine(url, **options)


class AsyncEngine:
    """The async face of an Engine; ``sync_engine`` is the Engine itself."""

    def __init__(self, sync_engine: Engine) -> None:
        if not isinstance(sync_engine, Engine):
            raise ArgumentError(f"AsyncEngine() needs an Engine, got {sync_engine!r}")
        self.sync_engine = sync_engine

    @property
    def url(self) -> URL:
        return self.sync_engine.url

    @property
    def dialect(self) -> Any:
        return self.sync_engine.dialect

    @property
    def pool(self) -> Any:
        return self.sync_engine.pool

    @property
    def name(self) -> str:
        return self.sync_engine.name

    @property
    def driver(self) -> str:
        return self.sync_engine.driver

    @property
    def echo(self) -> Any:
        return self.sync_engine.echo

    @echo.setter
    def echo(self, value: Any) -> None:
        self.sync_engine.echo = value

    def __repr__(self) -> str:
        return f"AsyncEngine({self.sync_engine.url!r})"

    def connect(self) -> "AsyncConnection":
        """An AsyncConnection; use ``async with engine.connect() as conn`` (or ``await`` it)."""
        return AsyncConnection(self)

    def begin(self) -> "_EngineBegin":
        """``async with engine.begin() as conn``: commits at the end, rolls back on error."""
        return _EngineBegin(self)

    async def dispose(self, close: bool = True) -> None:
        """Close the pooled connections (awaiting the driver)."""
        await greenlet_spawn(self.sync_engine.dispose, close)

    def execution_options(self, **opt: Any) -> "AsyncEngine":
        return AsyncEngine(self.sync_engine.execution_options(**opt))

    def get_execution_options(self) -> Any:
        return self.sync_engine.get_execution_options()

    async def raw_connection(self) -> Any:
        return await greenlet_spawn(self.sync_engine.raw_connection)


class _EngineBegin:
    def __init__(self, engine: AsyncEngine) -> None:
        self.conn = AsyncConnection(engine)
        self.tx: Optional[AsyncTransaction] = None

    async def __aenter__(self) -> "AsyncConnection":
        await self.conn.start()
        self.tx = await self.conn.begin()
        return self.conn

    async def __aexit__(self, exc_type: Any, exc_value: Any, tb: Any) -> None:
        try:
            assert self.tx is not None
            await self.tx.__aexit__(exc_type, exc_value, tb)
        finally:
            await self.conn.close()


class AsyncConnection:
    """The async face of a Connection (``sync_connection``)::

        async with engine.connect() as conn:
            result = await conn.execute(select(t).where(t.c.id == 5))
            await conn.commit()
    """

    def __init__(self, async_engine: AsyncEngine, sync_connection: Optional[Connection] = None) -> None:
        self.engine = async_engine
        self.sync_engine = async_engine.sync_engine
        self.sync_connection: Optional[Connection] = sync_connection

    async def start(self) -> "AsyncConnection":
        """Check a connection out of the pool (done by ``async with`` / ``await``)."""
        if self.sync_connection is not None:
            raise InvalidRequestError("connection is already started")
        self.sync_connection = await greenlet_spawn(self.sync_engine.connect)
        return self

    def __await__(self) -> Any:
        return self.start().__await__()

    async def __aenter__(self) -> "AsyncConnection":
        if self.sync_connection is None:
            await self.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    def _conn(self) -> Connection:
        conn = self.sync_connection
        if conn is None:
            raise InvalidRequestError(
                "AsyncConnection is not started; use 'async with engine.connect() as conn' "
                "or 'conn = await engine.connect()'"
            )
        return conn

    @property
    def closed(self) -> bool:
        return self.sync_connection is None or self.sync_connection.closed

    @property
    def dialect(self) -> Any:
        return self.sync_engine.dialect

    def in_transaction(self) -> bool:
        return self._conn().in_transaction()

    def in_nested_transaction(self) -> bool:
        return self._conn().in_nested_transaction()

    async def close(self) -> None:
        if self.sync_connection is not None:
            await greenlet_spawn(self.sync_connection.close)

    async def execute(self, statement: Any, parameters: Any = None, *,
                      execution_options: Any = None) -> Any:
        """Run a statement; returns the (fully fetched) Result.  ``stream_results`` /
        ``yield_per`` raise AsyncMethodRequired: use :meth:`stream`."""
        conn = self._conn()
        opts = {**(execution_options or {}), ASYNC_BUFFERED: "AsyncConnection.execute"}
        return await greenlet_spawn(conn.execute, statement, parameters, execution_options=opts)

    async def exec_driver_sql(self, statement: str, parameters: Any = None,
                              execution_options: Any = None) -> Any:
        opts = {**(execution_options or {}), ASYNC_BUFFERED: "AsyncConnection.exec_driver_sql"}
        return await greenlet_spawn(self._conn().exec_driver_sql, statement, parameters, opts)

    async def scalar(self, statement: Any, parameters: Any = None, *,
                     execution_options: Any = None) -> Any:
        result = await self.execute(statement, parameters, execution_options=execution_options)
        return result.scalar()

    async def scalars(self, statement: Any, parameters: Any = None, *,
                      execution_options: Any = None) -> Any:
        result = await self.execute(statement, parameters, execution_options=execution_options)
        return result.scalars()

    async def stream(self, statement: Any, parameters: Any = None, *,
                     execution_options: Any = None) -> AsyncResult:
        """Run a statement on a server-side cursor and read its rows asynchronously, as the
        server sends them (``yield_per=N`` in the options reads N rows per round trip)::

            async for row in await conn.stream(select(t)): ...
        """
        opts = dict(execution_options or {})
        opts.setdefault("stream_results", True)
        result = await greenlet_spawn(self._conn().execute, statement, parameters,
                                      execution_options=opts)
        return AsyncResult(result)

    async def stream_scalars(self, statement: Any, parameters: Any = None, *,
                             execution_options: Any = None) -> AsyncScalarResult[Any]:
        return (await self.stream(statement, parameters,
                                  execution_options=execution_options)).scalars()

    async def run_sync(self, fn: Callable[..., _T], *args: Any, **kw: Any) -> _T:
        """Call ``fn(sync_connection, *args, **kw)`` where synchronous IO works::

            await conn.run_sync(metadata.create_all)
        """
        return await greenlet_spawn(fn, self._conn(), *args, **kw)

    def begin(self) -> "AsyncTransaction":
        """``async with conn.begin():`` (or ``tx = await conn.begin()``)."""
        return AsyncTransaction(self)

    def begin_nested(self) -> "AsyncTransaction":
        """A SAVEPOINT: ``async with conn.begin_nested():``."""
        return AsyncTransaction(self, nested=True)

    async def commit(self) -> None:
        await greenlet_spawn(self._conn().commit)

    async def rollback(self) -> None:
        await greenlet_spawn(self._conn().rollback)

    async def get_raw_connection(self) -> Any:
        return self._conn().connection

    async def invalidate(self, exception: Optional[BaseException] = None) -> None:
        await greenlet_spawn(self._conn().invalidate, exception)

    def get_transaction(self) -> Any:
        return self._conn().get_transaction()

    def get_nested_transaction(self) -> Any:
        return self._conn().get_nested_transaction()

    async def execution_options(self, **opt: Any) -> "AsyncConnection":
        conn = self._conn()
        await greenlet_spawn(conn.execution_options, **opt)
        return self


class _AsyncTransactionBase:
    """An awaitable, async-context handle on a sync transaction begun by ``_begin_target()``
    (a Connection or a Session): shared by AsyncTransaction and AsyncSessionTransaction."""

    def __init__(self, nested: bool = False) -> None:
        self.nested = nested
        self.sync_transaction: Any = None

    def _begin_target(self) -> Any:
        raise NotImplementedError

    async def start(self) -> Any:
        target = self._begin_target()
        fn = target.begin_nested if self.nested else target.begin
        self.sync_transaction = await greenlet_spawn(fn)
        return self

    def __await__(self) -> Any:
        return self.start().__await__()

    async def __aenter__(self) -> Any:
        if self.sync_transaction is None:
            await self.start()
        return self

    async def __aexit__(self, exc_type: Any, exc_value: Any, tb: Any) -> None:
        await greenlet_spawn(self.sync_transaction.__exit__, exc_type, exc_value, tb)

    @property
    def is_active(self) -> bool:
        return self.sync_transaction is not None and bool(self.sync_transaction.is_active)

    async def commit(self) -> None:
        await greenlet_spawn(self.sync_transaction.commit)

    async def rollback(self) -> None:
        await greenlet_spawn(self.sync_transaction.rollback)


class AsyncTransaction(_AsyncTransactionBase):
    """A root transaction or SAVEPOINT of an AsyncConnection."""

    def __init__(self, connection: AsyncConnection, nested: bool = False) -> None:
        super().__init__(nested)
        self.connection = connection

    def _begin_target(self) -> Any:
        return self.connection._conn()

    async def close(self) -> None:
        await greenlet_spawn(self.sync_transaction.close)
