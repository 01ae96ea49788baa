"""Connection pools (``QueuePool``, ``NullPool``, ``StaticPool``, ``SingletonThreadPool``).

    from orm.pool import QueuePool
    pool = QueuePool(lambda: sqlite3.connect("app.db"), pool_size=5, max_overflow=10)
"""
from orm.pool.base import (
    ConnectionRecord,
    Pool,
    PoolDialect,
    PoolProxiedConnection,
    PoolResetState,
)
from orm.pool.impl import AssertionPool, NullPool, QueuePool, SingletonThreadPool, StaticPool

# SQLAlchemy's older names for the same objects.
_ConnectionRecord = ConnectionRecord
_ConnectionFairy = PoolProxiedConnection

__all__ = [
    "Pool", "QueuePool", "NullPool", "StaticPool", "SingletonThreadPool", "AssertionPool",
    "ConnectionRecord", "PoolProxiedConnection", "PoolResetState", "PoolDialect",
]
