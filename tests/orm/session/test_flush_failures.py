"""A flush that fails part-way leaves the database as before the flush, the objects and the
identity map as they were, and the Session usable after ``rollback()`` -- on sqlite, postgresql
and mysql."""
from __future__ import annotations

from typing import Any

import pytest

from orm import Session, exc, inspect, select

from session_models import rows


def _names(db: Any) -> list[str]:
    return sorted(r[1] for r in rows(db.engine, db.m.User.__table__))


def _keys(session: Session) -> set[Any]:
    return set(session.identity_map.keys())


def test_duplicate_in_the_middle_of_a_batch(db: Any, session: Session) -> None:
    User = db.m.User
    taken = User(name="taken")
    session.add(taken)
    session.commit()
    before = _keys(session)
    new = [User(name="a"), User(name="b"), User(name="taken"), User(name="c")]
    session.add_all(new)
    with pytest.raises(exc.IntegrityError):
        session.flush()
    assert _names(db) == ["taken"]
    for obj in new:
        st = inspect(obj)
        assert st.transient and obj.__dict__.get("id") is None and obj not in session
    assert _keys(session) == before and inspect(taken).persistent
    assert not session.is_active
    with pytest.raises(exc.PendingRollbackError, match="first issue Session.rollback"):
        session.execute(select(User.__table__))
    session.rollback()
    assert session.is_active
    # usable again: the good objects go in on a retry
    session.add_all([o for o in new if o.name != "taken"])
    session.commit()
    assert _names(db) == ["a", "b", "c", "taken"]


def test_failure_in_a_later_statement_undoes_the_earlier_ones(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    ed = User(name="ed", addresses=[Address(email="ok"), Address(email=None)])
    session.add(ed)
    with pytest.raises(exc.IntegrityError):
        session.commit()  # INSERT users succeeds, INSERT addresses fails (NOT NULL)
    assert _names(db) == [] and rows(db.engine, Address.__table__) == []
    assert ed.__dict__.get("id") is None
    assert all(a.__dict__.get("user_id") is None for a in ed.addresses)
    assert inspect(ed).transient and len(session.identity_map) == 0
    session.rollback()
    ed.addresses[1].email = "fixed"
    session.add(ed)
    session.commit()
    assert _names(db) == ["ed"]
    assert sorted(r[2] for r in rows(db.engine, Address.__table__)) == ["fixed", "ok"]


def test_updates_and_deletes_are_restored(db: Any, session: Session) -> None:
    User = db.m.User
    u1, u2, u3 = User(name="u1"), User(name="u2"), User(name="u3")
    session.add_all([u1, u2, u3])
    session.commit()
    u1.fullname = "changed"
    session.delete(u2)
    dup = User(name="u3")
    session.add(dup)
    before = _keys(session)
    with pytest.raises(exc.IntegrityError):
        session.flush()
    session.rollback()
    assert _names(db) == ["u1", "u2", "u3"]
    assert rows(db.engine, User.__table__)[0][2] is None
    assert inspect(u2).persistent and u2 in session and not session.deleted
    assert u1.fullname is None  # the unflushed change is gone with the transaction
    assert inspect(dup).transient and _keys(session) == before
    assert session.get(User, u2.id) is u2
    session.commit()


def test_failure_inside_begin_nested_keeps_the_outer_work(db: Any, session: Session) -> None:
    User = db.m.User
    session.add(User(name="outer"))
    session.flush()
    ok = User(name="inner-ok")
    with session.begin_nested():
        session.add(ok)
    bad = User(name="outer")
    with pytest.raises(exc.IntegrityError):
        with session.begin_nested():
            session.add(bad)
    assert inspect(bad).transient and inspect(ok).persistent
    assert session.in_transaction() and not session.in_nested_transaction()
    session.add(User(name="after"))
    session.commit()  # no rollback() needed: only the savepoint was rolled back
    assert _names(db) == ["after", "inner-ok", "outer"]


def test_failed_update_restores_synced_foreign_keys(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    ed, jack = User(name="ed"), User(name="jack")
    a = Address(email="a", user=ed)
    session.add_all([ed, jack])
    session.commit()
    ed_id, jack_id = ed.id, jack.id
    a.user = jack
    newcomer = User(name="ed")  # duplicate: the flush fails after the address UPDATE is planned
    session.add(newcomer)
    with pytest.raises(exc.IntegrityError):
        session.flush()
    session.rollback()
    assert a.user_id == ed_id and a.user is ed
    assert [r[1] for r in rows(db.engine, Address.__table__)] == [ed_id]
    a.user = jack
    session.commit()
    assert [r[1] for r in rows(db.engine, Address.__table__)] == [jack_id]


def test_stale_update_is_an_error_and_rolls_back(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    session.add(ed)
    session.commit()
    ed.name  # load
    session.execute(User.__table__.delete())  # the row disappears behind the ORM's back
    ed.fullname = "x"
    with pytest.raises(exc.StaleDataError, match="expected to update 1 row"):
        session.flush()
    session.rollback()
    assert _names(db) == ["ed"]
