"""Connection pools (``QueuePool``, ``NullPool``, ``StaticPool``, ``SingletonThreadPool``,
``AsyncAdaptedQueuePool`` for async engines).

    from orm.pool import QueuePool
    pool = QueuePool(lambda: sqlite3.connect("app.db"), pool_size=5, max_overflow=10)
"""
from orm.pool.async_impl import AsyncAdaptedQueuePool, FallbackAsyncAdaptedQueuePool
from orm.pool.base import (
    ConnectionPoolEntry,
    ConnectionRecord,
    ManagesConnection,
    Pool,
    PoolDialect,
    PoolProxiedConnection,
    PoolResetState,
    ResetStyle,
    reset_commit,
    reset_none,
    reset_rollback,
)
from orm.pool.impl import AssertionPool, NullPool, QueuePool, SingletonThreadPool, StaticPool

# SQLAlchemy's older names for the same objects.
_ConnectionRecord = ConnectionRecord
_ConnectionFairy = PoolProxiedConnection

__all__ = [
    "Pool", "QueuePool", "NullPool", "StaticPool", "SingletonThreadPool", "AssertionPool",
    "ConnectionRecord", "PoolProxiedConnection", "PoolResetState", "PoolDialect",
    "AsyncAdaptedQueuePool", "FallbackAsyncAdaptedQueuePool", "ManagesConnection",
    "ConnectionPoolEntry", "ResetStyle", "reset_rollback", "reset_commit", "reset_none",
]
