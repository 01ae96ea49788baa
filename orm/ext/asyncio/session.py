"""``AsyncSession``, ``async_sessionmaker``, ``AsyncSessionTransaction``, ``AsyncAttrs``,
``async_scoped_session``.

An AsyncSession owns an ordinary Session (``sync_session``) and runs each of its IO-doing
methods under greenlet_spawn: the unit of work, the loaders and the identity map are the
synchronous ORM's, not a copy.

    Session = async_sessionmaker(engine, expire_on_commit=False)
    async with Session() as session:
        session.add(User(name="ann"))
        await session.commit()
        users = (await session.scalars(select(User).options(selectinload(User.posts)))).all()
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Optional, TypeVar

from orm.engine.cursor import ASYNC_BUFFERED
from orm.exc import ArgumentError
from orm.ext.asyncio._greenlet import greenlet_spawn
from orm.ext.asyncio.engine import AsyncConnection, AsyncEngine, _AsyncTransactionBase
from orm.ext.asyncio.result import AsyncResult, AsyncScalarResult
from orm.session import Session

__all__ = ["AsyncSession", "async_sessionmaker", "AsyncSessionTransaction", "AsyncAttrs",
           "async_scoped_session", "async_object_session", "async_session"]

_T = TypeVar("_T")


def _sync_bind(bind: Any) -> Any:
    if isinstance(bind, AsyncEngine):
        return bind.sync_engine
    if isinstance(bind, AsyncConnection):
        return bind.sync_connection
    return bind


def _prebuffer(result: Any) -> Any:
    """Read a streamed (yield_per) ORM result completely while still in the greenlet, since
    turning its rows into objects may run loader SQL; buffered results are returned as they are."""
    from orm.engine.result import _ListSource
    from orm.session.orm_result import StreamSource

    if isinstance(getattr(result, "_source", None), StreamSource):
        result._source = _ListSource(result._source.fetchall())
    return result


class AsyncSession:
    """An asyncio Session::

        async with AsyncSession(engine) as session:
            async with session.begin():
                session.add_all([User(name="a"), User(name="b")])
            user = await session.get(User, 1)
            await session.refresh(user, ["posts"])

    ``sync_session_class`` picks the Session class used inside (default ``Session``).
    """

    sync_session_class: type = Session

    def __init__(self, bind: Any = None, *, binds: Optional[dict[Any, Any]] = None,
                 sync_session_class: Optional[type] = None, **kw: Any) -> None:
        if sync_session_class is not None:
            self.sync_session_class = sync_session_class
        self.bind = bind
        if binds is not None:
            kw["binds"] = {key: _sync_bind(value) for key, value in binds.items()}
        self.sync_session = self.sync_session_class(bind=_sync_bind(bind), **kw)
        self.sync_session.info.setdefault("_async_session", self)

    # -- plain attribute access, no IO ---------------------------------------------------------

    def add(self, instance: Any, _warn: bool = True) -> None:
        self.sync_session.add(instance, _warn)

    def add_all(self, instances: Iterable[Any]) -> None:
        self.sync_session.add_all(instances)

    def expunge(self, instance: Any) -> None:
        self.sync_session.expunge(instance)

    def expunge_all(self) -> None:
        self.sync_session.expunge_all()

    def expire(self, instance: Any, attribute_names: Optional[Iterable[str]] = None) -> None:
        self.sync_session.expire(instance, attribute_names)

    def expire_all(self) -> None:
        self.sync_session.expire_all()

    def in_transaction(self) -> bool:
        return self.sync_session.in_transaction()

    def in_nested_transaction(self) -> bool:
        return self.sync_session.in_nested_transaction()

    def is_modified(self, instance: Any, include_collections: bool = True) -> bool:
        return self.sync_session.is_modified(instance, include_collections)

    def get_bind(self, *a: Any, **kw: Any) -> Any:
        return self.sync_session.get_bind(*a, **kw)

    @property
    def no_autoflush(self) -> Any:
        return self.sync_session.no_autoflush

    @property
    def identity_map(self) -> Any:
        return self.sync_session.identity_map

    @property
    def new(self) -> Any:
        return self.sync_session.new

    @property
    def dirty(self) -> Any:
        return self.sync_session.dirty

    @property
    def deleted(self) -> Any:
        return self.sync_session.deleted

    @property
    def info(self) -> Any:
        return self.sync_session.info

    @property
    def autoflush(self) -> bool:
        return bool(self.sync_session.autoflush)

    @autoflush.setter
    def autoflush(self, value: bool) -> None:
        self.sync_session.autoflush = value

    @property
    def expire_on_commit(self) -> bool:
        return bool(self.sync_session.expire_on_commit)

    def __contains__(self, instance: Any) -> bool:
        return instance in self.sync_session

    def __iter__(self) -> Iterator[Any]:
        return iter(self.sync_session)

    def __repr__(self) -> str:
        return f"<AsyncSession {self.sync_session!r}>"

    # -- IO: run under the greenlet bridge -----------------------------------------------------

    async def execute(self, statement: Any, params: Any = None, *, execution_options: Any = None,
                      bind_arguments: Any = None, **kw: Any) -> Any:
        """Run a statement; returns a buffered Result (``.scalars().all()`` needs no await).
        ``yield_per`` / ``stream_results`` raise AsyncMethodRequired: use :meth:`stream`."""
        opts = {**(execution_options or {}), ASYNC_BUFFERED: "AsyncSession.execute"}

        def run() -> Any:
            return _prebuffer(self.sync_session.execute(
                statement, params, execution_options=opts, bind_arguments=bind_arguments, **kw))
        return await greenlet_spawn(run)

    async def scalars(self, statement: Any, params: Any = None, **kw: Any) -> Any:
        return (await self.execute(statement, params, **kw)).scalars()

    async def scalar(self, statement: Any, params: Any = None, **kw: Any) -> Any:
        return (await self.execute(statement, params, **kw)).scalar()

    async def stream(self, statement: Any, params: Any = None, *, execution_options: Any = None,
                     bind_arguments: Any = None, **kw: Any) -> AsyncResult:
        """Run a statement on a server-side cursor and read its rows asynchronously (``async for``);
        with ``yield_per=N`` objects are made N rows at a time as the server sends them."""
        opts = dict(execution_options or {})
        opts.setdefault("stream_results", True)
        result = await greenlet_spawn(self.sync_session.execute, statement, params,
                                      execution_options=opts, bind_arguments=bind_arguments, **kw)
        return AsyncResult(result)

    async def stream_scalars(self, statement: Any, params: Any = None, **kw: Any) -> AsyncScalarResult[Any]:
        return (await self.stream(statement, params, **kw)).scalars()

    async def get(self, entity: Any, ident: Any, **kw: Any) -> Any:
        return await greenlet_spawn(self.sync_session.get, entity, ident, **kw)

    async def get_one(self, entity: Any, ident: Any, **kw: Any) -> Any:
        return await greenlet_spawn(self.sync_session.get_one, entity, ident, **kw)

    async def delete(self, instance: Any) -> None:
        # May load relationships for delete cascades.
        await greenlet_spawn(self.sync_session.delete, instance)

    async def merge(self, instance: Any, *, load: bool = True, options: Any = None) -> Any:
        return await greenlet_spawn(self.sync_session.merge, instance, load=load, options=options)

    async def flush(self, objects: Optional[Iterable[Any]] = None) -> None:
        await greenlet_spawn(self.sync_session.flush, objects)

    async def commit(self) -> None:
        await greenlet_spawn(self.sync_session.commit)

    async def rollback(self) -> None:
        await greenlet_spawn(self.sync_session.rollback)

    async def close(self) -> None:
        await greenlet_spawn(self.sync_session.close)

    async def reset(self) -> None:
        await greenlet_spawn(self.sync_session.reset)

    async def invalidate(self) -> None:
        await greenlet_spawn(self.sync_session.invalidate)

    async def refresh(self, instance: Any, attribute_names: Optional[Iterable[str]] = None,
                      **kw: Any) -> None:
        """Reload attributes (relationships too, when named) from the database."""
        await greenlet_spawn(self.sync_session.refresh, instance, attribute_names, **kw)

    async def connection(self, **kw: Any) -> AsyncConnection:
        """The AsyncConnection of the session's current transaction."""
        sync_conn = await greenlet_spawn(self.sync_session.connection, **kw)
        engine = AsyncEngine(sync_conn.engine)
        return AsyncConnection(engine, sync_conn)

    async def run_sync(self, fn: Callable[..., _T], *args: Any, **kw: Any) -> _T:
        """Call ``fn(sync_session, *args, **kw)`` where lazy loads and other sync IO work::

            names = await session.run_sync(lambda s: [p.title for p in s.get(User, 1).posts])
        """
        return await greenlet_spawn(fn, self.sync_session, *args, **kw)

    def begin(self) -> "AsyncSessionTransaction":
        """``async with session.begin():`` commits at the end, rolls back on an exception."""
        return AsyncSessionTransaction(self)

    def begin_nested(self) -> "AsyncSessionTransaction":
        """``async with session.begin_nested():`` a SAVEPOINT."""
        return AsyncSessionTransaction(self, nested=True)

    def get_transaction(self) -> Any:
        return self.sync_session.get_transaction()

    def get_nested_transaction(self) -> Any:
        return self.sync_session.get_nested_transaction()

    async def __aenter__(self) -> "AsyncSession":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    @classmethod
    async def close_all(cls) -> None:
        await greenlet_spawn(Session.close_all)


class AsyncSessionTransaction(_AsyncTransactionBase):
    """``session.begin()`` / ``begin_nested()`` of an AsyncSession (awaitable, async context)."""

    def __init__(self, session: AsyncSession, nested: bool = False) -> None:
        super().__init__(nested)
        self.session = session

    def _begin_target(self) -> Any:
        return self.session.sync_session


class async_sessionmaker:
    """A factory of AsyncSessions::

        Session = async_sessionmaker(engine, expire_on_commit=False)
        async with Session() as session: ...
        async with Session.begin() as session:   # committed at the end of the block
            session.add(obj)
    """

    def __init__(self, bind: Any = None, *, class_: type = AsyncSession, autoflush: bool = True,
                 expire_on_commit: bool = True, info: Optional[dict[Any, Any]] = None,
                 **kw: Any) -> None:
        if not (isinstance(class_, type) and issubclass(class_, AsyncSession)):
            raise ArgumentError(f"class_ must be an AsyncSession class, got {class_!r}")
        kw.update(bind=bind, autoflush=autoflush, expire_on_commit=expire_on_commit)
        if info is not None:
            kw["info"] = info
        self.kw = kw
        self.class_ = class_

    def __call__(self, **local_kw: Any) -> AsyncSession:
        for key, value in self.kw.items():
            if key == "info" and "info" in local_kw:
                local_kw["info"] = {**value, **local_kw["info"]}
            else:
                local_kw.setdefault(key, value)
        return self.class_(**local_kw)

    def begin(self) -> "_MakerBegin":
        return _MakerBegin(self())

    def configure(self, **kw: Any) -> None:
        self.kw.update(kw)

    def __repr__(self) -> str:
        return f"async_sessionmaker(class_={self.class_.__name__!r}, {self.kw!r})"


class _MakerBegin:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.tx = session.begin()

    async def __aenter__(self) -> AsyncSession:
        await self.tx.start()
        return self.session

    async def __aexit__(self, exc_type: Any, exc_value: Any, tb: Any) -> None:
        try:
            await self.tx.__aexit__(exc_type, exc_value, tb)
        finally:
            await self.session.close()


class _AwaitableAttrs:
    __slots__ = ("_obj",)

    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def __getattr__(self, name: str) -> Any:
        # The attribute is read (lazy load included) inside the greenlet bridge.
        return greenlet_spawn(getattr, self._obj, name)


class AsyncAttrs:
    """Mixin for mapped classes: ``await obj.awaitable_attrs.posts`` loads a lazy relationship
    (or an expired/deferred column) without MissingGreenlet::

        class Base(AsyncAttrs, DeclarativeBase): ...
        posts = await user.awaitable_attrs.posts
    """

    @property
    def awaitable_attrs(self) -> Any:
        return _AwaitableAttrs(self)


def async_object_session(instance: Any) -> Optional[AsyncSession]:
    """The AsyncSession an object belongs to, or None."""
    from orm.session import object_session

    sync = object_session(instance)
    return async_session(sync) if sync is not None else None


def async_session(session: Session) -> Optional[AsyncSession]:
    """The AsyncSession wrapping a given sync Session, or None."""
    return session.info.get("_async_session") if session is not None else None


class async_scoped_session:
    """An AsyncSession registry keyed by ``scopefunc()`` (e.g. ``asyncio.current_task``)::

        Session = async_scoped_session(async_sessionmaker(engine), scopefunc=current_task)
        Session.add(obj); await Session.commit(); await Session.remove()
    """

    def __init__(self, session_factory: async_sessionmaker, scopefunc: Callable[[], Any]) -> None:
        if scopefunc is None:
            raise ArgumentError("async_scoped_session needs a scopefunc (e.g. asyncio.current_task)")
        self.session_factory = session_factory
        self.scopefunc = scopefunc
        self.registry: dict[Any, AsyncSession] = {}

    def __call__(self, **kw: Any) -> AsyncSession:
        key = self.scopefunc()
        session = self.registry.get(key)
        if session is None:
            session = self.registry[key] = self.session_factory(**kw)
        elif kw:
            raise ArgumentError("Scoped session is already present; no new arguments may be "
                                "specified.")
        return session

    async def remove(self) -> None:
        session = self.registry.pop(self.scopefunc(), None)
        if session is not None:
            await session.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self(), name)
