"""ORM events: mapper, session, instance and attribute listeners through ``orm.event``."""
from __future__ import annotations

from typing import Any

import pytest

from orm import Mapper, Session, event, exc, select, sessionmaker
from orm.mapping.state import NO_VALUE

from session_models import rows


def test_mapper_events_in_order_with_connection_and_target(db: Any, session: Session) -> None:
    User = db.m.User
    calls: list[tuple[str, Any]] = []

    def rec(name: str) -> Any:
        def fn(mapper: Any, connection: Any, target: Any) -> None:
            assert mapper is User.__mapper__ and connection is session.connection()
            calls.append((name, target.name))
        return fn

    names = ["before_insert", "after_insert", "before_update", "after_update", "before_delete", "after_delete"]
    fns = {n: rec(n) for n in names}
    for n, fn in fns.items():
        event.listen(User, n, fn)
    try:
        u = User(name="ed")
        session.add(u)
        session.flush()
        u.fullname = "Ed"
        session.flush()
        session.delete(u)
        session.flush()
        assert [c[0] for c in calls] == names
    finally:
        for n, fn in fns.items():
            event.remove(User, n, fn)
    session.add(User(name="quiet"))
    session.flush()
    assert len(calls) == 6


def test_before_insert_changes_are_written(db: Any, session: Session) -> None:
    User = db.m.User

    @event.listens_for(User, "before_insert")
    def stamp(mapper: Any, connection: Any, target: Any) -> None:
        target.fullname = target.name.upper()

    try:
        session.add(User(name="ed"))
        session.commit()
    finally:
        event.remove(User, "before_insert", stamp)
    assert rows(db.engine, User.__table__)[0][2] == "ED"


def test_listen_on_mapper_and_on_an_unmapped_base(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    every: list[str] = []
    based: list[str] = []

    def on_all(mapper: Any, connection: Any, target: Any) -> None:
        every.append(mapper.class_.__name__)

    def on_base(mapper: Any, connection: Any, target: Any) -> None:
        based.append(mapper.class_.__name__)

    event.listen(Mapper, "after_insert", on_all)
    event.listen(db.m.Base, "after_insert", on_base, propagate=True)
    try:
        session.add(User(name="ed", addresses=[Address(email="e")]))
        session.flush()
    finally:
        event.remove(Mapper, "after_insert", on_all)
        event.remove(db.m.Base, "after_insert", on_base)
    assert every == ["User", "Address"] and based == ["User", "Address"]


def test_session_events(db: Any) -> None:
    User = db.m.User
    maker = sessionmaker(db.engine)
    seen: list[str] = []

    @event.listens_for(maker, "before_flush")
    def before_flush(session: Any, flush_context: Any, instances: Any) -> None:
        seen.append("before_flush")
        # objects added here are part of this flush
        if not any(o.name == "audit" for o in session.new):
            session.add(User(name="audit"))

    @event.listens_for(maker, "after_flush")
    def after_flush(session: Any, flush_context: Any) -> None:
        seen.append(f"after_flush:{len(session.new)}")  # still the pre-flush view

    @event.listens_for(maker, "after_flush_postexec")
    def postexec(session: Any, flush_context: Any) -> None:
        seen.append(f"postexec:{len(session.new)}")

    for name in ("before_commit", "after_commit", "after_rollback"):
        event.listen(maker, name, lambda session, name=name: seen.append(name))
    with maker() as s:
        s.add(User(name="ed"))
        s.commit()
        s.add(User(name="tmp"))
        s.rollback()
    assert seen == ["before_commit", "before_flush", "after_flush:2", "postexec:0", "after_commit",
                    "after_rollback"]
    assert sorted(r[1] for r in rows(db.engine, User.__table__)) == ["audit", "ed"]
    # a plain Session is not affected by the factory's listeners
    seen.clear()
    with Session(db.engine) as s:
        s.add(User(name="plain"))
        s.commit()
    assert seen == []


def test_listen_on_one_session(db: Any, session: Session) -> None:
    User = db.m.User
    got: list[Any] = []
    event.listen(session, "after_commit", lambda s: got.append(s))
    session.add(User(name="ed"))
    session.commit()
    with Session(db.engine) as other:
        other.commit()
    assert got == [session]


def test_instance_load_and_refresh_events(db: Any, session: Session) -> None:
    User = db.m.User
    loaded: list[str] = []
    refreshed: list[Any] = []
    event.listen(User, "load", lambda target, ctx: loaded.append(target.name))
    event.listen(User, "refresh", lambda target, ctx, attrs: refreshed.append(target.name))
    session.add(User(name="ed"))
    session.commit()
    session.close()
    u = session.scalars(select(User)).one()
    assert loaded == ["ed"]
    session.refresh(u)
    assert refreshed == ["ed"]


def test_init_event(db: Any) -> None:
    User = db.m.User
    inits: list[Any] = []
    event.listen(User, "init", lambda target, args, kwargs: inits.append(kwargs))
    User(name="ed")
    assert inits == [{"name": "ed"}]


def test_attribute_events(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    log: list[tuple[Any, ...]] = []

    @event.listens_for(User.fullname, "set", retval=True)
    def upper(target: Any, value: Any, oldvalue: Any, initiator: Any) -> Any:
        log.append(("set", value, oldvalue))
        return value.upper() if value else value

    @event.listens_for(User.addresses, "append")
    def appended(target: Any, value: Any, initiator: Any) -> None:
        log.append(("append", value.email))

    @event.listens_for(User.addresses, "remove")
    def removed(target: Any, value: Any, initiator: Any) -> None:
        log.append(("remove", value.email))

    u = User(name="ed", fullname="ed jones")
    assert u.fullname == "ED JONES"
    a = Address(email="a")
    u.addresses.append(a)
    Address(email="b", user=u)  # through the backref: the collection fires too
    u.addresses.remove(a)
    assert log == [("set", "ed jones", NO_VALUE), ("append", "a"), ("append", "b"), ("remove", "a")]
    session.add(u)
    session.commit()
    u.fullname = "expired"
    assert log[-1] == ("set", "expired", NO_VALUE)  # not loaded: no old value
    session.commit()
    assert u.fullname == "EXPIRED"
    u.fullname = "again"
    assert u.fullname == "AGAIN" and log[-1] == ("set", "again", "EXPIRED")
    session.commit()
    assert rows(db.engine, User.__table__)[0][2] == "AGAIN"


def test_unknown_event_is_an_error(db: Any) -> None:
    with pytest.raises(exc.InvalidRequestError, match="No such event 'before_nothing'"):
        event.listen(db.m.User, "before_nothing", lambda *a: None)
    with pytest.raises(exc.InvalidRequestError, match="No such event"):
        event.listen(Session, "before_insert_nonsense", lambda *a: None)
