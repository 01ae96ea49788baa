"""orm.event: listen / listens_for / remove / contains, on classes and instances."""
from __future__ import annotations

import pytest

from orm import event
from orm.event import DispatchDescriptor
from orm.exc import InvalidRequestError


class Target:
    _dispatch_events = {"ping": ("a", "b"), "pong": ("x",)}
    _dispatch_retval_events = frozenset({"pong"})
    dispatch = DispatchDescriptor()

    def fire_ping(self, a: int, b: int) -> None:
        for fn in self.dispatch.ping:
            fn(a, b)

    def fire_pong(self, x: int) -> int:
        for fn in self.dispatch.pong:
            r = fn(x)
            if r is not None:
                x = r
        return x


class SubTarget(Target):
    pass


def test_instance_listener_fires_only_for_that_instance() -> None:
    t1, t2 = Target(), Target()
    seen: list = []
    event.listen(t1, "ping", lambda a, b: seen.append((a, b)))
    t1.fire_ping(1, 2)
    t2.fire_ping(3, 4)
    assert seen == [(1, 2)]


def test_class_listener_fires_for_all_instances_and_subclasses_even_existing() -> None:
    existing = SubTarget()
    seen: list = []

    def fn(a: int, b: int) -> None:
        seen.append(a)

    event.listen(Target, "ping", fn)
    try:
        Target().fire_ping(1, 0)
        existing.fire_ping(2, 0)
        assert seen == [1, 2]
        assert event.contains(Target, "ping", fn)
        assert event.contains(existing, "ping", fn)
    finally:
        event.remove(Target, "ping", fn)
    existing.fire_ping(3, 0)
    assert seen == [1, 2]
    assert not event.contains(Target, "ping", fn)


def test_no_listener_means_empty_tuple() -> None:
    t = Target()
    assert t.dispatch.ping == ()
    assert "dispatch" in t.__dict__  # later lookups are a plain instance attribute


def test_listens_for_once_insert_named() -> None:
    t = Target()
    order: list = []

    @event.listens_for(t, "ping", once=True)
    def first(a: int, b: int) -> None:
        order.append("once")

    event.listen(t, "ping", lambda a, b: order.append("inserted"), insert=True)
    event.listen(t, "ping", lambda **kw: order.append(kw), named=True)
    t.fire_ping(1, 2)
    t.fire_ping(1, 2)
    assert order == ["inserted", "once", {"a": 1, "b": 2}, "inserted", {"a": 1, "b": 2}]


def test_retval_only_replaces_when_asked() -> None:
    t = Target()
    event.listen(t, "pong", lambda x: x * 100)  # retval=False: its return value is ignored
    assert t.fire_pong(2) == 2
    event.listen(t, "pong", lambda x: x + 1, retval=True)
    assert t.fire_pong(2) == 3


def test_unknown_event_lists_valid_names() -> None:
    with pytest.raises(InvalidRequestError) as info:
        event.listen(Target(), "pign", lambda: None)
    msg = str(info.value)
    assert "No such event 'pign'" in msg
    assert "ping" in msg and "pong" in msg
    with pytest.raises(InvalidRequestError, match="does not accept event listeners"):
        event.listen(object(), "ping", lambda: None)


def test_remove_unknown_listener_raises() -> None:
    with pytest.raises(InvalidRequestError, match="No listener"):
        event.remove(Target(), "ping", lambda a, b: None)


def test_engine_and_pool_events() -> None:
    from orm.engine import create_engine

    engine = create_engine("sqlite://")
    statements: list = []
    connects: list = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cur, stmt, params, ctx, many: statements.append(stmt))
    def on_connect(dbapi_conn, rec):  # noqa: ANN001
        connects.append(dbapi_conn)

    event.listen(engine, "connect", on_connect)
    assert event.contains(engine.pool, "connect", on_connect)  # attached to the pool
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
    assert statements == ["SELECT 1"]
    assert len(connects) == 1
    with pytest.raises(InvalidRequestError, match="No such event 'nope'"):
        event.listen(engine, "nope", lambda: None)


def test_class_level_engine_listener_and_retval_rewrite() -> None:
    from orm.engine import Engine, create_engine

    def rewrite(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        return statement.replace("SELECT 1", "SELECT 2"), parameters

    event.listen(Engine, "before_cursor_execute", rewrite, retval=True)
    try:
        engine = create_engine("sqlite://")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT 1").scalar() == 2
    finally:
        event.remove(Engine, "before_cursor_execute", rewrite)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1


def test_connection_level_listener_does_not_leak_to_engine() -> None:
    from orm.engine import create_engine

    engine = create_engine("sqlite://")
    seen: list = []
    with engine.connect() as conn:
        event.listen(conn, "before_cursor_execute", lambda *a: seen.append("conn"))
        conn.exec_driver_sql("SELECT 1")
    with engine.connect() as conn2:
        conn2.exec_driver_sql("SELECT 1")
    assert seen == ["conn"]
