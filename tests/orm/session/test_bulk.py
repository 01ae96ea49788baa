"""Bulk operations and ORM-enabled insert/update/delete on sqlite, postgresql and mysql."""
from __future__ import annotations

from typing import Any

import pytest

from orm import Session, delete, exc, insert, inspect, update

from session_models import rows


def _users(db: Any) -> list[tuple[Any, ...]]:
    return [(r[1], r[2]) for r in rows(db.engine, db.m.User.__table__)]


def test_bulk_insert_mappings_is_one_executemany(db: Any, session: Session) -> None:
    User = db.m.User
    session.bulk_insert_mappings(User, [{"name": f"u{i}", "fullname": "F"} for i in range(10)])
    ins = [(s, many) for s, _, many in db.log.statements if s.startswith("INSERT")]
    assert len(ins) == 1 and ins[0][1] is True
    session.commit()
    got = rows(db.engine, User.__table__)
    assert len(got) == 10 and all(r[4] == "person" for r in got)  # Python-side default applied
    assert len(session.identity_map) == 0


def test_bulk_insert_mappings_return_defaults(db: Any, session: Session) -> None:
    User = db.m.User
    maps = [{"name": "a"}, {"name": "b"}]
    session.bulk_insert_mappings(User, maps, return_defaults=True)
    assert all(isinstance(m["id"], int) for m in maps) and maps[0]["id"] != maps[1]["id"]
    session.commit()


def test_bulk_update_mappings(db: Any, session: Session) -> None:
    User = db.m.User
    a, b = User(name="a"), User(name="b")
    session.add_all([a, b])
    session.commit()
    db.log.clear()
    session.bulk_update_mappings(User, [{"id": a.id, "fullname": "A"}, {"id": b.id, "fullname": "B"}])
    ups = [(s, many) for s, _, many in db.log.statements if s.startswith("UPDATE")]
    assert len(ups) == 1 and ups[0][1] is True
    session.commit()
    assert _users(db) == [("a", "A"), ("b", "B")]
    with pytest.raises(exc.InvalidRequestError, match="requires that records contain primary key values"):
        session.bulk_update_mappings(User, [{"fullname": "no key"}])


def test_bulk_save_objects(db: Any, session: Session) -> None:
    User = db.m.User
    objs = [User(name="o1"), User(name="o2")]
    session.bulk_save_objects(objs)
    assert all(o not in session for o in objs)
    kept = User(name="kept")
    session.bulk_save_objects([kept], return_defaults=True)
    assert isinstance(kept.id, int)
    session.commit()
    assert sorted(n for n, _ in _users(db)) == ["kept", "o1", "o2"]
    loaded = session.get(User, kept.id)
    loaded.fullname = "changed"
    session.bulk_save_objects([loaded])
    session.commit()
    assert ("kept", "changed") in _users(db)


def test_orm_insert_with_list_of_dicts(db: Any, session: Session) -> None:
    User = db.m.User
    result = session.execute(insert(User), [{"name": "a"}, {"name": "b", "fullname": "B"}])
    assert result.all() == []
    session.commit()
    assert sorted(_users(db)) == [("a", None), ("b", "B")]
    with pytest.raises(exc.InvalidRequestError, match="'nope' is not an attribute of User"):
        session.execute(insert(User), [{"nope": 1}])


def test_orm_insert_returning_objects(db: Any, session: Session) -> None:
    User = db.m.User
    session.connection()  # the dialect knows the server's RETURNING support once connected
    if not db.engine.dialect.insert_returning:  # MySQL (MariaDB < 10.5): a clear compile error
        with pytest.raises(exc.CompileError, match="RETURNING is not supported"):
            session.scalars(insert(User).returning(User), [{"name": "c"}])
        return
    users = session.scalars(insert(User).returning(User), [{"name": "c"}, {"name": "d"}]).all()
    assert [u.name for u in users] == ["c", "d"]
    assert all(inspect(u).persistent for u in users) and session.get(User, users[0].id) is users[0]
    assert users[0].status == "new"
    pairs = session.execute(insert(User).returning(User.id, User.name), [{"name": "e"}]).all()
    assert pairs[0][1] == "e" and isinstance(pairs[0][0], int)
    session.rollback()
    assert inspect(users[0]).transient


def test_orm_update_synchronize_evaluate(db: Any, session: Session) -> None:
    User = db.m.User
    a, b = User(name="a", fullname="x"), User(name="b", fullname="x")
    session.add_all([a, b])
    session.commit()
    a.name, b.name  # load
    result = session.execute(update(User).where(User.name == "a").values(fullname="A"))
    assert result.rowcount == 1
    assert a.__dict__["fullname"] == "A" and b.__dict__["fullname"] == "x"  # no SQL to see it
    assert not session.is_modified(a)
    session.execute(update(User).where(User.name.in_(["a", "b"])).values(fullname=User.name + "!"))
    assert a.fullname == "a!" and b.fullname == "b!"
    session.commit()
    assert _users(db) == [("a", "a!"), ("b", "b!")]


def test_orm_update_synchronize_fetch_and_false(db: Any, session: Session) -> None:
    User = db.m.User
    a = User(name="abc", fullname="x")
    session.add(a)
    session.commit()
    a.name
    with pytest.raises(exc.InvalidRequestError, match="Could not evaluate current criteria in Python"):
        session.execute(update(User).where(User.name.like("a%")).values(fullname="L")
                        .execution_options(synchronize_session="evaluate"))
    session.execute(update(User).where(User.name.like("a%")).values(fullname="L"))  # auto -> fetch
    assert a.__dict__["fullname"] == "L"
    session.execute(update(User).values(fullname="M"), execution_options={"synchronize_session": False})
    assert a.__dict__["fullname"] == "L"  # not synchronized
    with pytest.raises(exc.ArgumentError, match="Valid strategies for session synchronization"):
        session.execute(update(User).values(fullname="M"), execution_options={"synchronize_session": "x"})
    session.commit()
    assert _users(db) == [("abc", "M")]


def test_orm_bulk_update_by_primary_key(db: Any, session: Session) -> None:
    User = db.m.User
    a, b = User(name="a"), User(name="b")
    session.add_all([a, b])
    session.commit()
    session.execute(update(User), [{"id": a.id, "fullname": "A"}, {"id": b.id, "fullname": "B"}])
    assert a.fullname == "A"  # expired, reloaded
    session.commit()
    assert _users(db) == [("a", "A"), ("b", "B")]


def test_orm_delete_synchronizes(db: Any, session: Session) -> None:
    User = db.m.User
    a, b = User(name="a"), User(name="b")
    session.add_all([a, b])
    session.commit()
    a.name, b.name
    result = session.execute(delete(User).where(User.name == "a"))
    assert result.rowcount == 1
    assert inspect(a).deleted and a not in session and b in session
    session.rollback()
    assert inspect(a).persistent and a in session
    b.name  # expired by the rollback: evaluating needs the loaded value
    session.execute(delete(User).where(User.name == "b"))
    session.commit()
    assert _users(db) == [("a", None)] and inspect(b).detached
