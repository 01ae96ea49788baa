"""asyncio support: the synchronous Engine and Session driven by async drivers via greenlet.

    from orm.ext.asyncio import create_async_engine, async_sessionmaker, AsyncAttrs

    engine = create_async_engine("postgresql+asyncpg://scott@localhost/test")
    Session = async_sessionmaker(engine, expire_on_commit=False)
    async with Session() as session:
        user = await session.get(User, 1)

A lazy load outside ``await`` raises ``orm.exc.MissingGreenlet``; load eagerly
(``selectinload``), use ``await obj.awaitable_attrs.rel`` or ``await session.run_sync(fn)``.
"""
from orm.exc import MissingGreenlet
from orm.ext.asyncio._greenlet import await_only, greenlet_spawn
from orm.ext.asyncio.engine import (AsyncConnection, AsyncEngine, AsyncTransaction,
                                    async_engine_from_config, create_async_engine)
from orm.ext.asyncio.result import AsyncMappingResult, AsyncResult, AsyncScalarResult
from orm.ext.asyncio.session import (AsyncAttrs, AsyncSession, AsyncSessionTransaction,
                                     async_object_session, async_scoped_session, async_session,
                                     async_sessionmaker)

__all__ = [
    "create_async_engine", "async_engine_from_config", "AsyncEngine", "AsyncConnection",
    "AsyncTransaction", "AsyncResult", "AsyncScalarResult", "AsyncMappingResult", "AsyncSession",
    "AsyncSessionTransaction", "async_sessionmaker", "async_scoped_session", "AsyncAttrs",
    "async_object_session", "async_session", "greenlet_spawn", "await_only", "MissingGreenlet",
]
