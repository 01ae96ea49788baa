"""Pool implementations: where connections wait between checkouts.

- ``QueuePool``: up to ``pool_size`` idle connections kept, up to ``max_overflow`` more opened
  under load; callers wait up to ``timeout`` seconds for one to come back.
- ``NullPool``: a new connection per checkout, closed at checkin.
- ``StaticPool``: exactly one connection, shared by every checkout.
- ``SingletonThreadPool``: one connection per thread (SQLite ``:memory:``: each thread's database
  lives as long as its connection).
- ``AssertionPool``: at most one checkout at a time, for tests that must not nest connections.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any, Callable

from orm.exc import TimeoutError
from orm.pool.base import ConnectionRecord, Pool

__all__ = ["QueuePool", "NullPool", "StaticPool", "SingletonThreadPool", "AssertionPool"]


class QueuePool(Pool):
    """A bounded pool: the default for server databases and SQLite files.

    ``pool_size`` connections are kept once opened; ``max_overflow`` more may be opened while
    busy (closed again when returned to a full pool; -1 means no limit); a checkout that finds
    neither waits up to ``timeout`` seconds, then raises ``orm.exc.TimeoutError``.
    ``use_lifo=True`` hands out the most recently returned connection first (lets idle ones
    age out with ``pool_recycle``)::

        pool = QueuePool(creator, pool_size=5, max_overflow=10, timeout=30)
    """

    def __init__(self, creator: Callable[..., Any], pool_size: int = 5, max_overflow: int = 10,
                 timeout: float = 30.0, use_lifo: bool = False, **kw: Any) -> None:
        super().__init__(creator, **kw)
        self._pool_size = pool_size
        self._max_overflow = max_overflow
        self._timeout = timeout
        self._use_lifo = use_lifo
        self._idle: deque[ConnectionRecord] = deque()
        # Records that exist (idle or checked out), each owning at most one DB-API connection.
        self._num_records = 0
        self._checked_out = 0
        # RLock: a checked-out connection garbage-collected while this thread holds the lock
        # returns itself from a weakref callback on the same thread.
        self._cond = threading.Condition(threading.RLock())

    def _limit(self) -> int | None:
        if self._max_overflow < 0 or self._pool_size <= 0:
            return None
        return self._pool_size + self._max_overflow

    def _try_get(self) -> ConnectionRecord | None:
        """An idle record, or a new one while under the limit; None when the pool is full.
        Called with ``self._cond`` held."""
        if self._idle:
            record = self._idle.pop() if self._use_lifo else self._idle.popleft()
            self._checked_out += 1
            return record
        limit = self._limit()
        if limit is None or self._num_records < limit:
            self._num_records += 1
            self._checked_out += 1
            return ConnectionRecord(self)
        return None

    def _timeout_error(self) -> TimeoutError:
        return TimeoutError(
            f"QueuePool limit of size {self._pool_size} overflow "
            f"{self._max_overflow} reached, connection timed out, "
            f"timeout {self._timeout:.2f}"
        )

    def _do_get(self) -> ConnectionRecord:
        deadline: float | None = None
        with self._cond:
            while True:
                record = self._try_get()
                if record is not None:
                    return record
                now = time.monotonic()
                if deadline is None:
                    deadline = now + self._timeout
                remaining = deadline - now
                if remaining <= 0:
                    raise self._timeout_error()
                self._cond.wait(remaining)

    def _notify(self, all: bool = False) -> None:
        """A slot came free (called with ``self._cond`` held): wake a waiting checkout."""
        if all:
            self._cond.notify_all()
        else:
            self._cond.notify()

    def _do_return(self, record: ConnectionRecord) -> None:
        close = False
        with self._cond:
            self._checked_out -= 1
            if record._generation != self._generation or (
                self._pool_size > 0 and len(self._idle) >= self._pool_size
            ):
                # An overflow connection (or one from before dispose()): not kept.
                self._num_records -= 1
                close = True
            else:
                self._idle.append(record)
            self._notify()
        if close:
            record.close()

    def _discard(self, record: ConnectionRecord) -> None:
        with self._cond:
            self._checked_out -= 1
            self._num_records -= 1
            self._notify()

    def dispose(self) -> None:
        with self._cond:
            idle = list(self._idle)
            self._idle.clear()
            self._num_records -= len(idle)
            self._generation += 1
            self._notify(all=True)
        for record in idle:
            record.close()
        self._log("Pool disposed. %s", self.status())

    def recreate(self) -> QueuePool:  # same class: the async pools recreate themselves
        new = type(self)(self._creator, pool_size=self._pool_size,
                        max_overflow=self._max_overflow, timeout=self._timeout,
                        use_lifo=self._use_lifo, **self._copy_settings())
        self._copy_listeners_to(new)
        return new

    # -- introspection ------------------------------------------------------------------------

    def size(self) -> int:
        return self._pool_size

    def timeout(self) -> float:
        return self._timeout

    def checkedin(self) -> int:
        return len(self._idle)

    def checkedout(self) -> int:
        return self._checked_out

    def overflow(self) -> int:
        # SQLAlchemy's convention: negative while fewer than pool_size connections exist.
        return self._num_records - self._pool_size

    def status(self) -> str:
        return (f"Pool size: {self.size()}  Connections in pool: {self.checkedin()} "
                f"Current Overflow: {self.overflow()} "
                f"Current Checked out connections: {self.checkedout()}")


class NullPool(Pool):
    """No pooling: each checkout opens a connection, each checkin closes it."""

    def __init__(self, creator: Callable[..., Any], **kw: Any) -> None:
        super().__init__(creator, **kw)
        self._lock = threading.Lock()
        self._checked_out = 0

    def _do_get(self) -> ConnectionRecord:
        with self._lock:
            self._checked_out += 1
        return ConnectionRecord(self)

    def _do_return(self, record: ConnectionRecord) -> None:
        with self._lock:
            self._checked_out -= 1
        record.close()

    def _discard(self, record: ConnectionRecord) -> None:
        with self._lock:
            self._checked_out -= 1

    def dispose(self) -> None:
        with self._lock:
            self._generation += 1

    def recreate(self) -> NullPool:
        new = NullPool(self._creator, **self._copy_settings())
        self._copy_listeners_to(new)
        return new

    def checkedout(self) -> int:
        return self._checked_out

    def status(self) -> str:
        return "NullPool"


class StaticPool(Pool):
    """Exactly one connection, handed to every checkout (also concurrently).

    The usual choice for an in-memory SQLite database shared across threads
    (with ``connect_args={"check_same_thread": False}``).
    """

    _shares_connection = True

    def __init__(self, creator: Callable[..., Any], **kw: Any) -> None:
        super().__init__(creator, **kw)
        self._lock = threading.RLock()
        self._record: ConnectionRecord | None = None
        self._checked_out = 0

    def _do_get(self) -> ConnectionRecord:
        with self._lock:
            if self._record is None:
                self._record = ConnectionRecord(self)
            self._checked_out += 1
            return self._record

    def _do_return(self, record: ConnectionRecord) -> None:
        with self._lock:
            self._checked_out -= 1
            if record is not self._record:
                record.close()

    def _discard(self, record: ConnectionRecord) -> None:
        with self._lock:
            self._checked_out -= 1

    def _return(self, record: ConnectionRecord) -> None:
        # One record serves every checkout: never close it just because dispose() ran.
        self._do_return(record)

    def dispose(self) -> None:
        with self._lock:
            record, self._record = self._record, None
            self._generation += 1
        if record is not None:
            record.close()

    def recreate(self) -> StaticPool:
        new = StaticPool(self._creator, **self._copy_settings())
        self._copy_listeners_to(new)
        return new

    def checkedout(self) -> int:
        return self._checked_out

    def status(self) -> str:
        return "StaticPool"


class SingletonThreadPool(Pool):
    """One connection per thread, reused by every checkout in that thread.

    ``pool_size`` bounds how many per-thread connections are remembered (the oldest are closed
    beyond it). Used for SQLite ``:memory:``, where each thread has its own database.
    """

    _shares_connection = True

    def __init__(self, creator: Callable[..., Any], pool_size: int = 5, **kw: Any) -> None:
        super().__init__(creator, **kw)
        self._pool_size = pool_size
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: dict[int, ConnectionRecord] = {}
        self._checked_out = 0

    def _do_get(self) -> ConnectionRecord:
        record: ConnectionRecord | None = getattr(self._local, "record", None)
        with self._lock:
            self._checked_out += 1
            if record is not None and record._generation == self._generation:
                return record
            record = ConnectionRecord(self)
            self._local.record = record
            self._all[id(record)] = record
            stale = []
            while len(self._all) > self._pool_size > 0:
                oldest_key = next(iter(self._all))
                stale.append(self._all.pop(oldest_key))
        for old in stale:
            old.close()
        return record

    def _do_return(self, record: ConnectionRecord) -> None:
        with self._lock:
            self._checked_out -= 1
        if id(record) not in self._all:
            record.close()

    def _discard(self, record: ConnectionRecord) -> None:
        with self._lock:
            self._checked_out -= 1
            self._all.pop(id(record), None)

    def _return(self, record: ConnectionRecord) -> None:
        self._do_return(record)

    def dispose(self) -> None:
        with self._lock:
            records = list(self._all.values())
            self._all.clear()
            self._generation += 1
        for record in records:
            record.close()

    def recreate(self) -> SingletonThreadPool:
        new = SingletonThreadPool(self._creator, pool_size=self._pool_size,
                                  **self._copy_settings())
        self._copy_listeners_to(new)
        return new

    def size(self) -> int:
        return self._pool_size

    def checkedout(self) -> int:
        return self._checked_out

    def status(self) -> str:
        return f"SingletonThreadPool id:{id(self)} size: {len(self._all)}"


class AssertionPool(Pool):
    """Allows one checkout at a time; a second concurrent checkout raises AssertionError."""

    def __init__(self, creator: Callable[..., Any], **kw: Any) -> None:
        super().__init__(creator, **kw)
        self._record: ConnectionRecord | None = None
        self._checked_out = False

    def _do_get(self) -> ConnectionRecord:
        if self._checked_out:
            raise AssertionError("connection is already checked out")
        if self._record is None or self._record._generation != self._generation:
            self._record = ConnectionRecord(self)
        self._checked_out = True
        return self._record

    def _do_return(self, record: ConnectionRecord) -> None:
        if not self._checked_out:
            raise AssertionError("connection is not checked out")
        self._checked_out = False
        if record is not self._record:
            record.close()

    def _discard(self, record: ConnectionRecord) -> None:
        self._checked_out = False

    def dispose(self) -> None:
        self._generation += 1
        if self._record is not None and not self._checked_out:
            self._record.close()
            self._record = None

    def recreate(self) -> AssertionPool:
        new = AssertionPool(self._creator, **self._copy_settings())
        self._copy_listeners_to(new)
        return new

    def checkedout(self) -> int:
        return int(self._checked_out)

    def status(self) -> str:
        return "AssertionPool"
