"""Queue pools for async engines: a full pool makes the checkout *await* a free slot.

An async engine runs the ordinary Engine code in a greenlet under the event loop
(``orm.ext.asyncio._greenlet``). A plain ``QueuePool`` waiting on a thread condition there would
block the loop, so the task holding the connection could never run to give it back: every
checkout beyond ``pool_size + max_overflow`` ended in ``TimeoutError``. These pools wait on an
asyncio future instead, through ``await_only``, and are what the async dialects use::

    engine = create_async_engine("postgresql+asyncpg://...", pool_size=5, max_overflow=0)
    type(engine.pool)   # AsyncAdaptedQueuePool: the 6th concurrent task waits its turn

``FallbackAsyncAdaptedQueuePool`` also waits from plain synchronous code (no greenlet), on the
thread condition, like ``QueuePool``.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any, Callable

from orm.exc import MissingGreenlet
from orm.pool.base import ConnectionRecord
from orm.pool.impl import QueuePool

__all__ = ["AsyncAdaptedQueuePool", "FallbackAsyncAdaptedQueuePool"]


def _wake(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


class AsyncAdaptedQueuePool(QueuePool):
    """``QueuePool`` whose checkouts await a free slot on the event loop (async engines).

    Same arguments and introspection as :class:`QueuePool`. Waiting outside an async engine's
    greenlet raises ``MissingGreenlet`` (it would block the event loop); a checkout that needs
    no wait works anywhere.
    """

    _blocking_fallback = False

    def __init__(self, creator: Callable[..., Any], **kw: Any) -> None:
        super().__init__(creator, **kw)
        # Async checkouts waiting for a slot, oldest first; each is woken once.
        self._waiters: deque[asyncio.Future[None]] = deque()

    def _do_get(self) -> ConnectionRecord:
        from orm.ext.asyncio._greenlet import await_only, in_greenlet

        if not in_greenlet():
            if self._blocking_fallback:
                return super()._do_get()
            with self._cond:
                record = self._try_get()
            if record is not None:
                return record
            raise MissingGreenlet(
                f"{type(self).__name__} is full and a checkout outside an async engine would "
                "block the event loop while waiting; use FallbackAsyncAdaptedQueuePool (or "
                "QueuePool) for synchronous use"
            )
        deadline = time.monotonic() + self._timeout
        while True:
            with self._cond:
                record = self._try_get()
                if record is not None:
                    return record
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timeout_error()
                fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                self._waiters.append(fut)
            try:
                await_only(asyncio.wait_for(fut, remaining))
            except asyncio.TimeoutError:
                pass  # one more try above, then the TimeoutError of the pool
            except BaseException:
                # Cancelled while chosen to take a free slot: hand the wake-up on.
                with self._cond:
                    if fut.done() and not fut.cancelled():
                        self._notify()
                raise
            finally:
                with self._cond:
                    try:
                        self._waiters.remove(fut)
                    except ValueError:
                        pass

    def _notify(self, all: bool = False) -> None:
        super()._notify(all)
        waiters = self._waiters
        while waiters:
            fut = waiters.popleft()
            if fut.done():
                continue  # timed out or cancelled already
            # Thread-safe: a connection may come back from another thread (or a weakref
            # callback) than the loop's.
            fut.get_loop().call_soon_threadsafe(_wake, fut)
            if not all:
                break


class FallbackAsyncAdaptedQueuePool(AsyncAdaptedQueuePool):
    """:class:`AsyncAdaptedQueuePool` that also serves synchronous callers (outside an async
    engine it waits on a thread condition, as ``QueuePool``)."""

    _blocking_fallback = True
