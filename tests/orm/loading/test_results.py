"""ORM select results on sqlite/postgresql/mysql: entity rows, multi-entity rows, plain columns,
unique(), the identity map merge, populate_existing, yield_per, with_for_update, Session.get,
expired and deferred attributes, detached objects."""
from __future__ import annotations

from typing import Any

import pytest

from orm import Session, event, exc, func, joinedload, select, selectinload


def test_entity_rows_multi_entity_rows_and_columns(db: Any) -> None:
    m = db.m
    with Session(db.engine) as s:
        result = s.execute(select(m.User).order_by(m.User.id))
        assert list(result.keys()) == ["User"]
        rows = result.all()
        assert [r.User.name for r in rows] == ["user1", "user2", "user3"]
        pairs = s.execute(select(m.User, m.Address).join(m.User.addresses)
                          .order_by(m.Address.id)).all()
        assert len(pairs) == 6
        assert pairs[0].User is pairs[1].User is rows[0].User       # one object per row identity
        assert [a.id for _, a in pairs[:2]] == [10, 11]
        cols = s.execute(select(m.User.id, m.User.name).order_by(m.User.id)).all()
        assert cols == [(1, "user1"), (2, "user2"), (3, "user3")]
        assert cols[0].name == "user1" and cols[0]._mapping["id"] == 1
        mixed = s.execute(select(m.User, func.count(m.Address.id).label("n")).join(m.User.addresses)
                          .group_by(m.User.id, m.User.name).order_by(m.User.id)).all()
        assert [(u.name, n) for u, n in mixed] == [("user1", 2), ("user2", 2), ("user3", 2)]
        assert s.scalars(select(m.User.name).order_by(m.User.name.desc())).first() == "user3"
        assert s.scalar(select(func.count()).select_from(m.User)) == 3
        maps = s.execute(select(m.User.name).where(m.User.id == 2)).mappings().one()
        assert maps == {"name": "user2"}


def test_joined_collection_needs_unique(db: Any) -> None:
    m = db.m
    with Session(db.engine) as s:
        stmt = select(m.User).options(joinedload(m.User.addresses)).order_by(m.User.id)
        with pytest.raises(exc.InvalidRequestError, match="The unique\\(\\) method must be invoked on this Result"):
            s.scalars(stmt).all()
        users = s.scalars(stmt).unique().all()
        assert [len(u.addresses) for u in users] == [2, 2, 2]
        rows = s.execute(stmt).unique().all()
        assert [r[0] for r in rows] == users
        # legacy Query makes them unique by itself
        assert s.query(m.User).options(joinedload(m.User.addresses)).order_by(m.User.id).all() == users


def test_identity_map_merge(db: Any) -> None:
    m, log = db.m, db.log
    with Session(db.engine, autoflush=False) as s:
        u = s.get(m.User, 1)
        u.name = "changed in memory"
        again = s.scalars(select(m.User).where(m.User.id == 1)).one()
        assert again is u and u.name == "changed in memory"       # not overwritten
        fresh = s.scalars(select(m.User).where(m.User.id == 1)
                          .execution_options(populate_existing=True)).one()
        assert fresh is u and u.name == "user1"                      # overwritten
        assert not s.is_modified(u)
        s.expire(u)
        log.clear()
        s.scalars(select(m.User).where(m.User.id == 1)).one()
        assert u.name == "user1" and log.count == 1                  # the row refreshed it
        s.scalars(select(m.User).where(m.User.id == 1).options(selectinload(m.User.addresses))).one()
        assert "addresses" in u.__dict__                             # unloaded relationship filled


def test_session_get(db: Any) -> None:
    m, log = db.m, db.log
    with Session(db.engine) as s:
        u = s.get(m.User, 2)
        assert u.name == "user2" and log.count == 1
        assert "WHERE" in log.sql[0] and "AS" in log.sql[0]
        assert s.get(m.User, 2) is u and log.count == 1             # identity map: no SQL
        assert s.get(m.User, 99) is None
        a = s.get(m.Address, 21)
        log.clear()
        assert a.user is u and log.count == 0                        # many-to-one from the map
        with pytest.raises(exc.InvalidRequestError, match="Incorrect number of values in identifier"):
            s.get(m.User, (1, 2))


def test_expired_attributes_after_commit(db: Any) -> None:
    m, log = db.m, db.log
    with Session(db.engine) as s:
        u = s.get(m.User, 3)
        addresses = u.addresses
        s.commit()                                                    # expires everything
        log.clear()
        assert u.name == "user3" and log.count == 1
        assert [a.id for a in u.addresses] == [a.id for a in addresses] and log.count == 2
        s.refresh(u)
        assert log.count == 3


def test_yield_per_makes_objects_in_chunks(db: Any) -> None:
    m = db.m
    with Session(db.engine) as s:
        result = s.scalars(select(m.Address).order_by(m.Address.id).execution_options(yield_per=2))
        assert [a.id for a in result.fetchmany(3)] == [10, 11, 20]
        assert [a.id for a in result] == [21, 30, 31]
        parts = list(s.execute(select(m.User).order_by(m.User.id)).partitions(2))
        assert [len(p) for p in parts] == [2, 1]
        with pytest.raises(exc.InvalidRequestError, match="Can't use yield_per with eager loaders"):
            s.scalars(select(m.User).options(joinedload(m.User.addresses)).execution_options(yield_per=2))


def test_with_for_update(db: Any) -> None:
    m, log = db.m, db.log
    with Session(db.engine) as s:
        s.scalars(select(m.User).where(m.User.id == 1).with_for_update()).one()
        if db.backend == "sqlite":
            assert "FOR UPDATE" not in log.sql[-1]
        else:
            assert log.sql[-1].endswith("FOR UPDATE")


def test_detached_objects_cannot_load(db: Any) -> None:
    m = db.m
    with Session(db.engine) as s:
        u = s.scalars(select(m.User).where(m.User.id == 1)).one()
        a = s.get(m.Address, 10)
        s.expunge(a)
    with pytest.raises(exc.DetachedInstanceError,
                       match=r"Parent instance <User at 0x[0-9a-f]+> is not bound to a Session; lazy load "
                             r"operation of attribute 'addresses' cannot proceed"):
        u.addresses
    with pytest.raises(exc.DetachedInstanceError, match=r"<User at 0x[0-9a-f]+> is not bound to a Session"):
        u.bio
    with pytest.raises(exc.DetachedInstanceError, match="lazy load operation of attribute 'user'"):
        a.user


def test_load_event_fires_for_new_objects_only(db: Any) -> None:
    m = db.m
    seen: list[Any] = []

    def on_load(target: Any, context: Any) -> None:
        seen.append(target.id)

    event.listen(m.User, "load", on_load)
    try:
        with Session(db.engine) as s:
            kept = s.scalars(select(m.User).order_by(m.User.id)).all()  # referenced: weak identity map
            again = s.scalars(select(m.User).order_by(m.User.id)).all()
            assert again == kept
    finally:
        event.remove(m.User, "load", on_load)
    assert seen == [1, 2, 3]
