"""The rest of the Session API: merge, scoped_session, make_transient(_to_detached),
object_session, autoflush, savepoints, binds, get_one, close and reuse."""
from __future__ import annotations

import threading
from typing import Any

import pytest

from orm import (
    Session,
    exc,
    inspect,
    make_transient,
    make_transient_to_detached,
    object_session,
    scoped_session,
    select,
    sessionmaker,
)

from session_models import rows


def test_merge_detached_and_transient(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    with Session(db.engine, expire_on_commit=False) as s1:
        ed = User(name="ed", addresses=[Address(email="a")])
        s1.add(ed)
        s1.commit()
        ed.addresses
    assert inspect(ed).detached
    ed.fullname = "from detached"
    merged = session.merge(ed)
    assert merged is not ed and inspect(merged).persistent and merged.fullname == "from detached"
    assert merged.addresses[0] is not ed.addresses[0] and merged.addresses[0].email == "a"
    assert session.merge(ed) is merged  # the identity map answers the second time
    new = session.merge(User(name="brand new"))
    assert inspect(new).pending
    session.commit()
    assert sorted((r[1], r[2]) for r in rows(db.engine, User.__table__)) == [
        ("brand new", None), ("ed", "from detached")]


def test_merge_load_false(db: Any, session: Session) -> None:
    User = db.m.User
    with Session(db.engine, expire_on_commit=False) as s1:
        ed = User(name="ed")
        s1.add(ed)
        s1.commit()
    db.log.clear()
    merged = session.merge(ed, load=False)
    assert db.log.sql == [] and inspect(merged).persistent and merged.name == "ed"
    assert not session.is_modified(merged)
    with pytest.raises(exc.InvalidRequestError, match="does not support objects transient"):
        session.merge(User(name="x"), load=False)


def test_scoped_session(db: Any) -> None:
    User = db.m.User
    Scoped = scoped_session(sessionmaker(bind=db.engine))
    s = Scoped()
    assert Scoped() is s
    Scoped.add(User(name="scoped"))
    Scoped.commit()
    assert Scoped.scalar(select(User.__table__.c.name)) == "scoped"
    other: list[Any] = []
    t = threading.Thread(target=lambda: other.append(Scoped()))
    t.start()
    t.join()
    assert other[0] is not s
    other[0].close()
    with pytest.raises(exc.InvalidRequestError, match="Scoped session is already present"):
        Scoped(autoflush=False)
    Scoped.remove()
    assert Scoped() is not s
    Scoped.remove()


def test_make_transient_and_to_detached(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    session.add(ed)
    session.commit()
    ed.name
    old_id = ed.id
    make_transient(ed)
    assert inspect(ed).transient and ed not in session and ed.id == old_id
    ed.id = None
    ed.name = "copy"
    session.add(ed)
    session.commit()
    assert ed.id != old_id and len(rows(db.engine, User.__table__)) == 2
    ghost = User(id=old_id, name="ed")
    make_transient_to_detached(ghost)
    assert inspect(ghost).detached
    merged = session.merge(ghost, load=False)
    assert merged.id == old_id
    with pytest.raises(exc.InvalidRequestError, match="Given object must be transient"):
        make_transient_to_detached(ed)


def test_object_session(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    assert object_session(ed) is None
    session.add(ed)
    assert object_session(ed) is session and inspect(ed).session is session
    with pytest.raises(exc.UnmappedInstanceError):
        object_session(object())


def test_autoflush_before_queries_and_no_autoflush(db: Any, session: Session) -> None:
    User = db.m.User
    session.add(User(name="pending"))
    with session.no_autoflush:
        assert session.scalars(select(User)).all() == []
    assert [u.name for u in session.scalars(select(User))] == ["pending"]
    session.commit()
    off = Session(db.engine, autoflush=False)
    off.add(User(name="not yet"))
    assert len(off.scalars(select(User)).all()) == 1  # only the flushed one
    off.close()


def test_begin_nested_commit_and_rollback(db: Any, session: Session) -> None:
    User = db.m.User
    session.add(User(name="outer"))
    nested = session.begin_nested()
    session.add(User(name="kept"))
    nested.commit()
    nested = session.begin_nested()
    dropped = User(name="dropped")
    session.add(dropped)
    session.flush()
    nested.rollback()
    assert inspect(dropped).transient
    session.commit()
    assert sorted(r[1] for r in rows(db.engine, User.__table__)) == ["kept", "outer"]


def test_commit_releases_savepoints_and_rollback_discards_them(db: Any, session: Session) -> None:
    User = db.m.User
    session.begin_nested()
    session.add(User(name="in savepoint"))
    session.commit()  # the outermost transaction: the savepoint is released
    assert not session.in_transaction()
    session.begin_nested()
    session.add(User(name="gone"))
    session.flush()
    session.rollback()
    assert not session.in_transaction()
    assert [r[1] for r in rows(db.engine, User.__table__)] == ["in savepoint"]


def test_get_one_and_close_reuse(db: Any, session: Session) -> None:
    User = db.m.User
    with pytest.raises(exc.NoResultFound, match="No row was found when one was required"):
        session.get_one(User, 12345)
    ed = User(name="ed")
    session.add(ed)
    session.commit()
    assert session.get_one(User, ed.id) is ed
    session.close()
    assert inspect(ed).detached and len(session.identity_map) == 0
    again = session.get(User, ed.id)  # a closed Session starts over
    assert again is not ed and again.name == "ed"


def test_binds_per_mapper(db: Any) -> None:
    User, Address = db.m.User, db.m.Address
    s = Session(binds={User: db.engine, Address: db.engine})
    s.add(User(name="bound", addresses=[Address(email="e")]))
    s.commit()
    assert s.get_bind(User) is db.engine and s.get_bind(Address) is db.engine
    with pytest.raises(exc.InvalidRequestError, match="Could not locate a bind configured on mapper"):
        s.get_bind(db.m.Item)
    s.close()


def test_expunge_and_refresh_expire_cascades(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    ed = User(name="ed", addresses=[Address(email="a")])
    session.add(ed)
    session.commit()
    a = ed.addresses[0]
    a.email
    session.expire(ed)  # cascade="all" includes refresh-expire
    assert "email" not in a.__dict__
    assert ed.addresses == [a]  # cascades follow loaded relationships only
    session.expunge(ed)  # ... and expunge
    assert a not in session and inspect(a).detached
    with pytest.raises(exc.InvalidRequestError, match="is not present in this Session"):
        session.expunge(ed)


def test_sessionmaker_configure_and_repr(db: Any) -> None:
    maker = sessionmaker()
    maker.configure(bind=db.engine, expire_on_commit=False)
    with maker(info={"x": 1}) as s:
        assert s.bind is db.engine and not s.expire_on_commit and s.info == {"x": 1}
        assert isinstance(s, Session)
    assert "expire_on_commit=False" in repr(maker)


def test_pickled_objects_come_back_detached_with_their_collections(db: Any, monkeypatch: Any) -> None:
    import sys

    User, Address = db.m.User, db.m.Address
    # the models are made inside a function: give pickle a module-level name to find them by
    saved = [(cls, cls.__qualname__, cls.__module__) for cls in (User, Address)]
    for cls in (User, Address):
        monkeypatch.setattr(sys.modules[__name__], "_pickled_" + cls.__name__, cls, raising=False)
        cls.__qualname__ = "_pickled_" + cls.__name__
        cls.__module__ = __name__
    try:
        _pickle_round_trip(db, User, Address)
    finally:
        for cls, qualname, module in saved:
            cls.__qualname__ = qualname
            cls.__module__ = module


def _pickle_round_trip(db: Any, User: Any, Address: Any) -> None:
    import pickle

    with Session(db.engine, expire_on_commit=False) as s:
        ed = User(name="ed", addresses=[Address(email="a")])
        s.add(ed)
        s.commit()
    copy = pickle.loads(pickle.dumps(ed))
    assert inspect(copy).detached and copy.name == "ed" and copy.addresses[0].user is copy
    b = Address(email="b")
    copy.addresses.append(b)  # still an instrumented collection: the other side follows
    assert b.user is copy and inspect(copy).attrs.addresses.history.added == [b]
    with Session(db.engine) as s:
        merged = s.merge(copy)
        s.commit()
        assert sorted(a.email for a in merged.addresses) == ["a", "b"]
