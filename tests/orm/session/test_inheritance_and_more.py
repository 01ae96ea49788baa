"""Inheritance (joined and single table), one-to-one relationships and passive deletes, on
sqlite, postgresql and mysql."""
from __future__ import annotations

from typing import Any

from orm import Session, inspect, select

from session_models import rows


def test_joined_and_single_table_inheritance(db: Any, session: Session) -> None:
    Employee, Engineer, Manager = db.m.Employee, db.m.Engineer, db.m.Manager
    session.add_all([Engineer(name="e1", language="py"), Manager(name="m1", budget=5), Employee(name="x")])
    session.commit()
    emp = {r[1]: r for r in rows(db.engine, Employee.__table__)}
    assert emp["e1"][2] == "engineer" and emp["m1"][2:] == ("manager", 5) and emp["x"][2] == "employee"
    assert rows(db.engine, Engineer.__table__) == [(emp["e1"][0], "py")]
    eng = session.scalars(select(Engineer)).one()
    eng.language = "rust"
    eng.name = "E1"
    db.log.clear()
    session.commit()
    assert db.log.dml() == [f"UPDATE {db.m.prefix}employees", f"UPDATE {db.m.prefix}engineers"]
    session.delete(eng)
    db.log.clear()
    session.commit()
    assert db.log.dml() == [f"DELETE FROM {db.m.prefix}engineers", f"DELETE FROM {db.m.prefix}employees"]
    assert rows(db.engine, Engineer.__table__) == [] and len(rows(db.engine, Employee.__table__)) == 2


def test_one_to_one_replacement_unlinks_the_old_child(db: Any, session: Session) -> None:
    Account, Profile = db.m.Account, db.m.Profile
    acc = Account(name="a", profile=Profile(bio="first"))
    assert acc.profile.account is acc
    session.add(acc)
    session.commit()
    first = acc.profile
    acc.profile = Profile(bio="second")
    assert first.account is None
    session.commit()
    got = {r[2]: r[1] for r in rows(db.engine, Profile.__table__)}
    assert got == {"first": None, "second": acc.id}
    # one-to-one from the other side: the previous owner's profile link goes away
    other = Account(name="b")
    session.add(other)
    second = acc.profile
    second.account = other
    assert acc.profile is None and other.profile is second
    session.commit()
    assert {r[2]: r[1] for r in rows(db.engine, Profile.__table__)}["second"] == other.id


def test_passive_deletes_leave_unloaded_children_to_the_database(db: Any, session: Session) -> None:
    Account, File = db.m.Account, db.m.File
    acc = Account(name="a", files=[File(path="/x"), File(path="/y")])
    session.add(acc)
    session.commit()
    session.expire(acc)
    db.log.clear()
    session.delete(acc)
    session.commit()
    files = f"FROM {db.m.prefix}files"
    selects = [s for s in db.log.sql if s.startswith("SELECT") and files in s]
    assert selects == []  # the collection was not loaded to delete it
    assert rows(db.engine, File.__table__) == []  # ON DELETE CASCADE did it


def test_pending_orphan_is_not_inserted(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    ed = User(name="ed")
    session.add(ed)
    a = Address(email="a")
    ed.addresses.append(a)
    ed.addresses.remove(a)  # de-associated while pending: SQLAlchemy expunges it
    assert a not in session and inspect(a).transient
    session.commit()
    assert rows(db.engine, Address.__table__) == []
