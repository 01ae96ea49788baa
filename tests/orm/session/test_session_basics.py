"""Session basics on sqlite, postgresql and mysql: lifecycle, identity map, INSERT/UPDATE/DELETE,
commit/rollback/expire, errors."""
from __future__ import annotations

from typing import Any

import pytest

from orm import Session, exc, inspect, select, sessionmaker

from session_models import rows


def test_add_commit_assigns_keys_and_expires(db: Any, session: Session) -> None:
    User = db.m.User
    ed, wendy = User(name="ed"), User(name="wendy", fullname="Wendy W")
    assert inspect(ed).transient
    session.add_all([ed, wendy])
    assert inspect(ed).pending and ed in session and list(session.new) == [ed, wendy]
    session.commit()
    st = inspect(ed)
    assert st.persistent and not session.new
    assert "name" not in ed.__dict__  # expired on commit
    assert ed.name == "ed" and isinstance(ed.id, int) and wendy.id != ed.id
    assert st.identity == (ed.id,) and st.key == (User, (ed.id,), None)
    assert Session.identity_key(User, ed.id) == st.key == Session.identity_key(instance=ed)
    assert [r[1:3] for r in rows(db.engine, User.__table__)] == [("ed", None), ("wendy", "Wendy W")]
    session.close()
    assert st.detached and ed not in session


def test_many_inserts_are_batched(db: Any, session: Session) -> None:
    User = db.m.User
    users = [User(name=f"u{i}") for i in range(25)]  # referenced: the identity map holds them weakly
    session.add_all(users)
    db.log.clear()
    session.flush()
    inserts = [s for s in db.log.sql if s.startswith("INSERT")]
    if not db.engine.dialect.insert_returning:  # MySQL: one statement per row, keys from lastrowid
        assert len(inserts) == 25
    else:
        assert len(inserts) == 1 and "RETURNING" in inserts[0]
    ids = [st.identity[0] for st in (inspect(o) for o in session.identity_map.values())]
    assert len(set(ids)) == 25
    session.commit()
    got = {r[0]: r[1] for r in rows(db.engine, User.__table__)}
    for obj in session.identity_map.values():
        assert got[obj.id] == obj.name  # every key matched to its own row


def test_rows_with_known_keys_use_executemany(db: Any, session: Session) -> None:
    User = db.m.User
    session.add_all([User(id=100 + i, name=f"k{i}") for i in range(5)])
    db.log.clear()
    session.flush()
    assert [(s.split()[0], many) for s, _, many in db.log.statements] == [("INSERT", True)]


def test_update_sends_changed_columns_only(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed", fullname="Ed")
    session.add(ed)
    session.commit()
    ed.fullname = "Ed Jones"
    ed.name = ed.name  # same value: no change
    assert session.is_modified(ed) and ed in session.dirty
    db.log.clear()
    session.commit()
    updates = [s for s in db.log.sql if s.startswith("UPDATE")]
    assert len(updates) == 1
    set_clause = updates[0].split(" SET ")[1].split(" WHERE ")[0]
    assert "fullname" in set_clause and "name=" not in set_clause.replace("fullname=", "")
    assert rows(db.engine, User.__table__)[0][1:3] == ("ed", "Ed Jones")


def test_no_change_no_update(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    session.add(ed)
    session.commit()
    assert ed.name == "ed"  # loaded: setting the same value again is no change
    ed.name = "ed"
    assert not session.is_modified(ed)
    db.log.clear()
    session.flush()
    assert not [s for s in db.log.sql if s.startswith("UPDATE")]


def test_updates_with_same_columns_are_one_executemany(db: Any, session: Session) -> None:
    User = db.m.User
    users = [User(name=f"u{i}") for i in range(4)]
    session.add_all(users)
    session.commit()
    for u in users:
        u.fullname = "x" + u.name
    db.log.clear()
    session.flush()
    ups = [(s, many) for s, _, many in db.log.statements if s.startswith("UPDATE")]
    assert len(ups) == 1 and ups[0][1] is True
    session.commit()
    assert [r[2] for r in rows(db.engine, User.__table__)] == ["xu0", "xu1", "xu2", "xu3"]


def test_delete(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    session.add(ed)
    session.commit()
    session.delete(ed)
    assert ed in session.deleted and inspect(ed).persistent
    session.flush()
    assert inspect(ed).deleted and ed not in session
    session.commit()
    st = inspect(ed)
    assert st.detached and st.was_deleted
    assert rows(db.engine, User.__table__) == []


def test_server_and_python_defaults(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    session.add(ed)
    session.flush()
    assert ed.__dict__["kind"] == "person"  # Python default written back to the object
    assert ed.status == "new"  # server default: fetched by RETURNING or loaded on access
    session.commit()
    assert rows(db.engine, User.__table__)[0][3:] == ("new", "person")


def test_onupdate_and_server_default_datetime(db: Any, session: Session) -> None:
    Stamp = db.m.Stamp
    s = Stamp(code="a")
    session.add(s)
    session.commit()
    assert s.counter == 0 and s.created is not None
    s.code = "b"  # primary key change: UPDATE .. WHERE code = 'a'
    session.commit()
    assert s.counter == 99
    assert [r[0] for r in rows(db.engine, Stamp.__table__)] == ["b"]
    assert session.get(Stamp, "b") is s


def test_identity_map(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    session.add(ed)
    session.flush()
    ed.status  # MySQL: the server default is loaded here (no RETURNING)
    db.log.clear()
    assert session.get(User, ed.id) is ed
    assert session.get(User, (ed.id,)) is ed and session.get(User, {"id": ed.id}) is ed
    assert db.log.sql == []
    key = inspect(User).identity_key_from_primary_key((ed.id,))
    assert session.identity_map[key] is ed and key in session.identity_map
    assert session.get(User, -5) is None


def test_rollback_restores_the_session(db: Any, session: Session) -> None:
    User = db.m.User
    ed, jack = User(name="ed"), User(name="jack")
    session.add_all([ed, jack])
    session.commit()
    ed.fullname = "changed"
    session.delete(jack)
    fresh = User(name="fresh")
    session.add(fresh)
    session.flush()
    session.rollback()
    assert inspect(fresh).transient and fresh not in session
    assert inspect(jack).persistent and jack in session and not session.deleted
    assert ed.fullname is None  # expired, reloaded: the change is gone
    assert sorted(r[1] for r in rows(db.engine, User.__table__)) == ["ed", "jack"]


def test_rollback_of_unflushed_changes(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    session.add(ed)
    session.commit()
    ed.name = "other"
    pending = User(name="p")
    session.add(pending)
    session.rollback()
    assert ed.name == "ed" and inspect(pending).transient


def test_expire_and_refresh(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed", fullname="E")
    session.add(ed)
    session.commit()
    assert ed.fullname == "E"
    # a Core UPDATE behind the ORM's back (SQLite would lock a second connection out)
    session.execute(User.__table__.update().values(fullname="from elsewhere"))
    assert ed.fullname == "E"  # still the loaded value
    session.expire(ed, ["fullname"])
    assert "fullname" not in ed.__dict__ and "name" in ed.__dict__
    assert ed.fullname == "from elsewhere"
    session.execute(User.__table__.update().values(fullname="again"))
    session.refresh(ed)
    assert ed.__dict__["fullname"] == "again"
    session.expire_all()
    assert inspect(ed).expired_attributes >= {"name", "fullname"}


def test_expire_on_commit_false(db: Any) -> None:
    User = db.m.User
    maker = sessionmaker(bind=db.engine, expire_on_commit=False)
    with maker() as s:
        ed = User(name="ed")
        s.add(ed)
        s.commit()
        assert ed.__dict__["name"] == "ed"
    assert inspect(ed).detached and ed.name == "ed"


def test_detached_expired_attribute_raises(db: Any) -> None:
    User = db.m.User
    with Session(db.engine) as s:
        ed = User(name="ed")
        s.add(ed)
        s.commit()
    with pytest.raises(exc.DetachedInstanceError, match="is not bound to a Session; attribute refresh"):
        ed.name


def test_history_and_is_modified(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    assert inspect(ed).attrs.name.history == (["ed"], (), ())
    session.add(ed)
    session.commit()
    ed.name  # load
    assert inspect(ed).attrs.name.history == ((), ["ed"], ())
    ed.name = "jack"
    h = inspect(ed).attrs.name.history
    assert h.added == ["jack"] and h.deleted == ["ed"] and h.has_changes()
    assert inspect(ed).attrs.name.value == "jack"
    assert session.is_modified(ed)
    session.flush()
    assert inspect(ed).attrs.name.history == ((), ["jack"], ())
    assert not session.is_modified(ed) and ed not in session.dirty


def test_expunge_and_reattach(db: Any, session: Session) -> None:
    User = db.m.User
    ed = User(name="ed")
    session.add(ed)
    session.commit()
    ed.name
    session.expunge(ed)
    assert inspect(ed).detached and ed not in session
    ed.fullname = "changed while detached"
    session.add(ed)
    assert inspect(ed).persistent and ed in session.dirty
    session.commit()
    assert rows(db.engine, db.m.User.__table__)[0][2] == "changed while detached"


def test_context_managers(db: Any) -> None:
    User = db.m.User
    maker = sessionmaker(db.engine)
    with maker.begin() as s:
        s.add(User(name="a"))
    assert len(rows(db.engine, User.__table__)) == 1
    with pytest.raises(RuntimeError):
        with maker.begin() as s:
            s.add(User(name="b"))
            s.flush()
            raise RuntimeError("boom")
    assert len(rows(db.engine, User.__table__)) == 1
    with Session(db.engine) as s:
        with s.begin():
            s.add(User(name="c"))
        assert not s.in_transaction()
        s.add(User(name="d"))
        s.commit()
    assert sorted(r[1] for r in rows(db.engine, User.__table__)) == ["a", "c", "d"]


def test_begin_twice_is_an_error(db: Any, session: Session) -> None:
    session.begin()
    with pytest.raises(exc.InvalidRequestError, match="A transaction is already begun on this Session"):
        session.begin()


def test_core_statements_and_connection(db: Any, session: Session) -> None:
    User = db.m.User
    session.add(User(name="ed"))
    session.flush()
    t = User.__table__
    assert session.execute(select(t.c.name)).scalars().all() == ["ed"]
    assert session.scalar(select(t.c.name)) == "ed"
    assert session.scalars(select(t.c.name)).all() == ["ed"]
    assert session.connection() is session.connection()
    assert session.in_transaction()
    session.rollback()
    assert session.scalar(select(t.c.name)) is None


def test_errors(db: Any, session: Session) -> None:
    User = db.m.User
    with pytest.raises(exc.InvalidRequestError, match=r"Instance '<User at 0x[0-9a-f]+>' is not persisted"):
        session.delete(User(name="x"))
    with pytest.raises(exc.UnmappedInstanceError, match="Class 'builtins.object' is not mapped"):
        session.add(object())
    with pytest.raises(exc.UnmappedClassError):
        session.get(object, 1)
    with pytest.raises(exc.InvalidRequestError, match="Incorrect number of values in identifier"):
        session.get(User, (1, 2))
    ed = User(name="ed")
    session.add(ed)
    with Session(db.engine) as other:
        with pytest.raises(exc.InvalidRequestError, match=r"is already attached to session '\d+' \(this is '\d+'\)"):
            other.add(ed)
    with pytest.raises(exc.InvalidRequestError, match="is not persistent within this Session"):
        session.refresh(ed)
    with pytest.raises(exc.ArgumentError, match="autocommit=True is no longer supported"):
        Session(db.engine, autocommit=True)


def test_unbound_session(db: Any) -> None:
    with pytest.raises(exc.InvalidRequestError, match="Could not locate a bind configured on"):
        Session().execute(select(db.m.User.__table__))


def test_session_bound_to_an_external_transaction(db: Any) -> None:
    """The test-suite pattern: the Session joins an outer transaction it never commits."""
    User = db.m.User
    conn = db.engine.connect()
    trans = conn.begin()
    s = Session(bind=conn)
    s.add(User(name="inner"))
    s.commit()
    assert s.scalar(select(User.__table__.c.name)) == "inner"
    s.close()
    trans.rollback()
    conn.close()
    assert rows(db.engine, User.__table__) == []
