"""``AsyncResult`` / ``AsyncScalarResult`` / ``AsyncMappingResult``: a synchronous Result whose
fetches run under greenlet_spawn (a streamed ORM result may load rows, and run eager loaders,
while it is being read)."""
from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Generic, Optional, Sequence, TypeVar

from orm.ext.asyncio._greenlet import greenlet_spawn

__all__ = ["AsyncResult", "AsyncScalarResult", "AsyncMappingResult"]

_R = TypeVar("_R")


class _AsyncCommon(Generic[_R]):
    def __init__(self, real: Any) -> None:
        self._real = real

    async def all(self) -> Sequence[_R]:
        return await greenlet_spawn(self._real.all)  # type: ignore[no-any-return]

    async def fetchall(self) -> Sequence[_R]:
        return await greenlet_spawn(self._real.fetchall)  # type: ignore[no-any-return]

    async def fetchmany(self, size: int | None = None) -> Sequence[_R]:
        return await greenlet_spawn(self._real.fetchmany, size)  # type: ignore[no-any-return]

    async def first(self) -> Optional[_R]:
        return await greenlet_spawn(self._real.first)  # type: ignore[no-any-return]

    async def one(self) -> _R:
        return await greenlet_spawn(self._real.one)  # type: ignore[no-any-return]

    async def one_or_none(self) -> Optional[_R]:
        return await greenlet_spawn(self._real.one_or_none)  # type: ignore[no-any-return]

    async def partitions(self, size: int | None = None) -> AsyncIterator[Sequence[_R]]:
        while True:
            part = await greenlet_spawn(self._real.fetchmany, size)
            if not part:
                return
            yield part

    def __aiter__(self) -> "_AsyncCommon[_R]":
        return self

    async def __anext__(self) -> _R:
        row = await greenlet_spawn(self._real.fetchone)
        if row is None:
            raise StopAsyncIteration
        return row  # type: ignore[no-any-return]

    async def close(self) -> None:
        await greenlet_spawn(self._real.close)

    @property
    def closed(self) -> bool:
        return bool(self._real.closed)

    def keys(self) -> Any:
        return self._real.keys()


class AsyncResult(_AsyncCommon[Any]):
    """What ``await conn.stream(stmt)`` / ``await session.stream(stmt)`` return::

        result = await conn.stream(select(t))
        async for row in result: ...
        rows = await (await conn.stream(select(t))).all()
    """

    def unique(self, strategy: Callable[[Any], Any] | None = None) -> "AsyncResult":
        self._real.unique(strategy)
        return self

    def columns(self, *keys: Any) -> "AsyncResult":
        return AsyncResult(self._real.columns(*keys))

    def scalars(self, index: int | str = 0) -> "AsyncScalarResult":
        return AsyncScalarResult(self._real.scalars(index))

    def mappings(self) -> "AsyncMappingResult":
        return AsyncMappingResult(self._real.mappings())

    async def scalar(self) -> Any:
        return await greenlet_spawn(self._real.scalar)

    async def scalar_one(self) -> Any:
        return await greenlet_spawn(self._real.scalar_one)

    async def scalar_one_or_none(self) -> Any:
        return await greenlet_spawn(self._real.scalar_one_or_none)


class AsyncScalarResult(_AsyncCommon[_R]):
    """``AsyncResult.scalars()``: the first (or given) column of each row."""

    def unique(self, strategy: Callable[[Any], Any] | None = None) -> "AsyncScalarResult[_R]":
        self._real.unique(strategy)
        return self


class AsyncMappingResult(_AsyncCommon[Any]):
    """``AsyncResult.mappings()``: rows as read-only dicts."""

    def unique(self, strategy: Callable[[Any], Any] | None = None) -> "AsyncMappingResult":
        self._real.unique(strategy)
        return self
