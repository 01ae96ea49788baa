"""The bridge that lets the synchronous Engine/Session run on async drivers.

``greenlet_spawn(fn)`` runs ``fn`` in a child greenlet. Whenever code inside it (a DB-API adapter)
needs the result of a coroutine it calls ``await_only(coro)``, which switches back to the parent
greenlet; the parent - running inside the event loop - awaits the coroutine and switches the
result (or exception) back in. The synchronous ORM code never knows it is running under asyncio.

    >>> import asyncio
    >>> async def double(x):
    ...     return 2 * x
    >>> asyncio.run(greenlet_spawn(lambda: await_only(double(21))))
    42
"""
from __future__ import annotations

import sys
from typing import Any, Awaitable, Callable, TypeVar

import greenlet

from orm.exc import MissingGreenlet

__all__ = ["greenlet_spawn", "await_only", "in_greenlet", "MISSING_GREENLET_MESSAGE"]

_T = TypeVar("_T")

MISSING_GREENLET_MESSAGE = (
    "greenlet_spawn has not been called; can't call await_only() here. Was IO attempted in an "
    "unexpected place? (An async driver was asked for database IO from plain synchronous code, "
    "typically a lazy load of a relationship or an expired attribute outside an `await`. Load "
    "it eagerly with selectinload()/joinedload(), use `await obj.awaitable_attrs.<name>` "
    "(AsyncAttrs), `await session.refresh(obj, [...])`, expire_on_commit=False, or run the code "
    "with `await session.run_sync(fn)`.)"
)


class _BridgeGreenlet(greenlet.greenlet):
    """A child greenlet started by greenlet_spawn; its parent awaits for it."""

    _orm_bridge = True


def in_greenlet() -> bool:
    """True when called from code running under greenlet_spawn()."""
    return getattr(greenlet.getcurrent(), "_orm_bridge", False)


def await_only(awaitable: Awaitable[_T]) -> _T:
    """Wait for ``awaitable`` from synchronous code running under greenlet_spawn().

    Raises MissingGreenlet anywhere else (after closing the coroutine, so Python does not warn
    that it was never awaited).
    """
    current = greenlet.getcurrent()
    if not getattr(current, "_orm_bridge", False):
        close = getattr(awaitable, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # not every awaitable's close() works (aiomysql's wrappers)
                pass
        raise MissingGreenlet(MISSING_GREENLET_MESSAGE)
    # The parent (in greenlet_spawn) awaits it and switches the result back here.
    return current.parent.switch(awaitable)  # type: ignore[no-any-return]


async def greenlet_spawn(fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run the synchronous ``fn(*args, **kwargs)`` so that its await_only() calls are awaited
    by this coroutine; returns what ``fn`` returns, raises what it raises."""
    child = _BridgeGreenlet(fn, greenlet.getcurrent())
    result: Any = child.switch(*args, **kwargs)
    while not child.dead:
        try:
            value = await result
        except BaseException:
            result = child.throw(*sys.exc_info())
        else:
            result = child.switch(value)
    return result  # type: ignore[no-any-return]
