"""Connection pools: limits under threads, timeouts, dispose, recycle, pre-ping, invalidation."""
from __future__ import annotations

import gc
import sqlite3
import threading
import time
from typing import Any

import pytest

from orm import event
from orm.engine import create_engine
from orm.exc import DBAPIError, DisconnectionError, TimeoutError
from orm.pool import AssertionPool, NullPool, QueuePool, SingletonThreadPool, StaticPool


class Counter:
    """A creator that counts the DB-API connections open at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.max_open = 0
        self.created = 0
        self.conns: list[Any] = []

    def __call__(self) -> Any:
        counter = self
        raw = sqlite3.connect(":memory:", check_same_thread=False)

        class Tracked:
            closed = False

            def cursor(self) -> Any:
                return raw.cursor()

            def commit(self) -> None:
                raw.commit()

            def rollback(self) -> None:
                raw.rollback()

            def close(self) -> None:
                if not self.closed:
                    self.closed = True
                    with counter.lock:
                        counter.open -= 1
                    raw.close()

        conn = Tracked()
        with self.lock:
            self.open += 1
            self.created += 1
            self.max_open = max(self.max_open, self.open)
            self.conns.append(conn)
        return conn


def test_queue_pool_limits_under_many_threads() -> None:
    creator = Counter()
    pool = QueuePool(creator, pool_size=3, max_overflow=2, timeout=30)
    in_use: set[int] = set()
    in_use_lock = threading.Lock()
    errors: list[str] = []

    def worker() -> None:
        for _ in range(20):
            conn = pool.connect()
            key = id(conn.dbapi_connection)
            with in_use_lock:
                if key in in_use:
                    errors.append("connection handed to two threads at once")
                in_use.add(key)
            time.sleep(0.001)
            with in_use_lock:
                in_use.discard(key)
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert creator.max_open <= 5
    assert creator.max_open >= 3  # the pool did open connections concurrently
    assert pool.checkedout() == 0
    assert pool.checkedin() <= 3
    assert creator.open == pool.checkedin()  # overflow connections were closed on return
    pool.dispose()
    assert creator.open == 0


def test_timeout_only_after_pool_timeout() -> None:
    pool = QueuePool(Counter(), pool_size=2, max_overflow=1, timeout=0.3)
    held = [pool.connect() for _ in range(3)]
    start = time.monotonic()
    with pytest.raises(TimeoutError) as info:
        pool.connect()
    assert time.monotonic() - start >= 0.3
    assert str(info.value) == (
        "QueuePool limit of size 2 overflow 1 reached, connection timed out, timeout 0.30"
    )
    # A connection returned while waiting is handed over instead of timing out.
    threading.Timer(0.1, held[0].close).start()
    conn = pool.connect()
    assert conn.dbapi_connection is not None
    conn.close()
    for c in held[1:]:
        c.close()


def test_status_counters() -> None:
    pool = QueuePool(Counter(), pool_size=2, max_overflow=3)
    assert pool.overflow() == -2 and pool.size() == 2
    conns = [pool.connect() for _ in range(4)]
    assert pool.checkedout() == 4 and pool.overflow() == 2
    assert pool.status() == ("Pool size: 2  Connections in pool: 0 Current Overflow: 2 "
                             "Current Checked out connections: 4")
    for c in conns:
        c.close()
    assert pool.checkedin() == 2 and pool.checkedout() == 0 and pool.overflow() == 0


def test_lifo_and_fifo() -> None:
    fifo = QueuePool(Counter(), pool_size=3)
    a, b = fifo.connect(), fifo.connect()
    ra, rb = a.dbapi_connection, b.dbapi_connection
    a.close()
    b.close()
    c = fifo.connect()
    assert c.dbapi_connection is ra
    c.close()
    lifo = QueuePool(Counter(), pool_size=3, use_lifo=True)
    a, b = lifo.connect(), lifo.connect()
    rb = b.dbapi_connection
    a.close()
    b.close()
    c = lifo.connect()
    assert c.dbapi_connection is rb
    c.close()


def test_dispose_closes_idle_and_returning_connections() -> None:
    creator = Counter()
    pool = QueuePool(creator, pool_size=5)
    idle = pool.connect()
    out = pool.connect()
    idle.close()
    pool.dispose()
    assert pool.checkedin() == 0
    assert creator.open == 1  # only the checked-out one is still open
    out_raw = out.dbapi_connection
    out.close()
    assert out_raw.closed  # came back after dispose: closed, not kept
    assert pool.checkedin() == 0 and creator.open == 0
    again = pool.connect()  # the pool still works afterwards
    assert again.dbapi_connection is not out_raw
    again.close()


def test_recycle_replaces_old_connections() -> None:
    pool = QueuePool(Counter(), pool_size=1, recycle=0.05)
    c = pool.connect()
    first = c.dbapi_connection
    c.close()
    c = pool.connect()
    assert c.dbapi_connection is first  # still fresh
    c.close()
    time.sleep(0.1)
    c = pool.connect()
    assert c.dbapi_connection is not first
    assert first.closed
    c.close()


def test_invalidate_closes_and_never_reuses() -> None:
    creator = Counter()
    pool = QueuePool(creator, pool_size=1)
    seen: list = []
    event.listen(pool, "invalidate", lambda conn, rec, exc: seen.append(exc))
    c = pool.connect()
    raw = c.dbapi_connection
    err = RuntimeError("gone")
    c.invalidate(err)
    assert raw.closed and seen == [err] and not c.is_valid
    c.close()
    c = pool.connect()
    assert c.dbapi_connection is not raw
    c.close()
    assert creator.open == 1


def test_pool_events_and_info() -> None:
    pool = QueuePool(Counter(), pool_size=1)
    log: list = []
    for name in ("connect", "first_connect", "checkout", "checkin", "reset", "close"):
        event.listen(pool, name, lambda *a, _n=name: log.append(_n))
    c = pool.connect()
    c.info["x"] = 1
    c.close()
    c = pool.connect()
    assert c.info["x"] == 1
    c.close()
    pool.dispose()
    assert log == ["first_connect", "connect", "checkout", "reset", "checkin", "checkout",
                   "reset", "checkin", "close"]


def test_checkout_listener_disconnection_replaces_connection() -> None:
    pool = QueuePool(Counter(), pool_size=1)
    bad: list = []

    @event.listens_for(pool, "checkout")
    def check(dbapi_conn: Any, rec: Any, proxy: Any) -> None:
        if not bad:
            bad.append(dbapi_conn)
            raise DisconnectionError()

    c = pool.connect()
    assert c.dbapi_connection is not bad[0] and bad[0].closed
    c.close()


def test_reset_on_return_rolls_back() -> None:
    rollbacks: list = []

    class Conn:
        def rollback(self) -> None:
            rollbacks.append(1)

        def close(self) -> None:
            pass

    pool = QueuePool(Conn, pool_size=1)
    pool.connect().close()
    assert rollbacks == [1]
    pool2 = QueuePool(Conn, pool_size=1, reset_on_return=None)
    pool2.connect().close()
    assert rollbacks == [1]


def test_garbage_collected_checkout_frees_slot() -> None:
    pool = QueuePool(Counter(), pool_size=1, max_overflow=0, timeout=1)
    conn = pool.connect()
    del conn
    gc.collect()
    assert pool.checkedout() == 0
    pool.connect().close()


def test_null_static_singleton_assertion_pools() -> None:
    creator = Counter()
    null = NullPool(creator)
    a = null.connect()
    raw = a.dbapi_connection
    a.close()
    assert raw.closed and creator.open == 0

    static = StaticPool(Counter())
    a, b = static.connect(), static.connect()
    assert a.dbapi_connection is b.dbapi_connection
    a.close()
    b.close()

    single = SingletonThreadPool(Counter())
    a = single.connect()
    raw = a.dbapi_connection
    a.close()
    b = single.connect()
    assert b.dbapi_connection is raw  # same thread, same connection
    b.close()
    other: list = []
    t = threading.Thread(target=lambda: other.append(single.connect().dbapi_connection))
    t.start()
    t.join()
    assert other[0] is not raw
    single.dispose()
    assert raw.closed

    asserting = AssertionPool(Counter())
    a = asserting.connect()
    with pytest.raises(AssertionError, match="already checked out"):
        asserting.connect()
    a.close()
    asserting.connect().close()


def test_recreate_keeps_settings_and_listeners() -> None:
    pool = QueuePool(Counter(), pool_size=4, max_overflow=1, timeout=3, recycle=9)
    seen: list = []
    event.listen(pool, "checkout", lambda *a: seen.append(1))
    new = pool.recreate()
    assert (new.size(), new._max_overflow, new.timeout(), new.recycle) == (4, 1, 3, 9)
    new.connect().close()
    assert seen == [1]


# -- real servers: stale connections --------------------------------------------------------


def _backend_pid(conn: Any, backend: str) -> int:
    sql = "SELECT pg_backend_pid()" if backend == "postgresql" else "SELECT CONNECTION_ID()"
    return int(conn.exec_driver_sql(sql).scalar())


def _kill(engine: Any, backend: str, pid: int) -> None:
    with engine.connect() as admin:
        admin.execution_options(isolation_level="AUTOCOMMIT")
        if backend == "postgresql":
            admin.exec_driver_sql("SELECT pg_terminate_backend(%(p)s)", {"p": pid})
        else:
            admin.exec_driver_sql(f"KILL {int(pid)}")
    time.sleep(0.2)


@pytest.fixture
def server(backend: str) -> str:
    if backend == "sqlite":
        pytest.skip("needs a server whose connections can be killed")
    return backend


def test_pre_ping_replaces_killed_connection(server: str, db_url: str) -> None:
    engine = create_engine(db_url, pool_size=1, max_overflow=0, pool_pre_ping=True)
    killer = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            pid = _backend_pid(conn, server)
        _kill(killer, server, pid)
        with engine.connect() as conn:  # the dead one is found at checkout and replaced
            assert _backend_pid(conn, server) != pid
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        engine.dispose()
        killer.dispose()


def test_disconnect_invalidates_connection(server: str, db_url: str) -> None:
    engine = create_engine(db_url, pool_size=2, max_overflow=0)
    killer = create_engine(db_url, poolclass=NullPool)
    try:
        conn = engine.connect()
        other = engine.connect()
        other_raw = other.connection.dbapi_connection
        other.close()
        pid = _backend_pid(conn, server)
        conn.rollback()
        _kill(killer, server, pid)
        with pytest.raises(DBAPIError) as info:
            conn.exec_driver_sql("SELECT 1")
        assert info.value.connection_invalidated is True
        assert conn.invalidated
        conn.rollback()
        # The Connection reconnects on next use, with a new DB-API connection.
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1
        assert _backend_pid(conn, server) != pid
        conn.close()
        # A disconnect invalidates the whole pool: older idle connections are replaced too.
        with engine.connect() as again:
            assert again.connection.dbapi_connection is not other_raw
    finally:
        engine.dispose()
        killer.dispose()


def test_recycle_on_server(server: str, db_url: str) -> None:
    engine = create_engine(db_url, pool_size=1, max_overflow=0, pool_recycle=1)
    try:
        with engine.connect() as conn:
            pid = _backend_pid(conn, server)
        with engine.connect() as conn:
            assert _backend_pid(conn, server) == pid
        time.sleep(1.2)
        with engine.connect() as conn:
            assert _backend_pid(conn, server) != pid
    finally:
        engine.dispose()


def test_engine_pool_limits_under_threads(backend: str, db_url: str) -> None:
    engine = create_engine(db_url, pool_size=2, max_overflow=2, pool_timeout=30)
    lock = threading.Lock()
    active = [0, 0]  # checked out now, max
    opened = [0, 0]  # DB-API connections open now, max

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, rec: Any) -> None:
        with lock:
            opened[0] += 1
            opened[1] = max(opened[1], opened[0])

    @event.listens_for(engine, "close")
    def on_close(dbapi_conn: Any, rec: Any) -> None:
        with lock:
            opened[0] -= 1

    @event.listens_for(engine, "checkout")
    def on_checkout(*a: Any) -> None:
        with lock:
            active[0] += 1
            active[1] = max(active[1], active[0])

    @event.listens_for(engine, "checkin")
    def on_checkin(*a: Any) -> None:
        with lock:
            active[0] -= 1

    errors: list = []

    def worker() -> None:
        try:
            for _ in range(5):
                with engine.connect() as conn:
                    assert conn.exec_driver_sql("SELECT 1").scalar() == 1
        except Exception as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert 1 <= active[1] <= 4
    assert 1 <= opened[1] <= 4
    assert engine.pool.checkedout() == 0
    engine.dispose()
    assert engine.pool.checkedin() == 0
    assert opened[0] == 0
