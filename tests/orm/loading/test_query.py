"""The legacy ``Query`` API (``session.query(...)``) on sqlite/postgresql/mysql, with the seed's
1.x examples."""
from __future__ import annotations

from typing import Any

import pytest

from orm import Session, exc, func, joinedload, select, selectinload


def test_filtering_ordering_limits(db: Any) -> None:
    m = db.m
    User, Address = m.User, m.Address
    with Session(db.engine) as s:
        q = s.query(User)
        assert [u.name for u in q.order_by(User.id).all()] == ["user1", "user2", "user3"]
        assert q.filter_by(name="user2").first().id == 2
        assert q.filter(User.name.like("user%")).order_by(User.id.desc()).limit(2).offset(1).all()[0].id == 2
        assert q.filter(User.id == 3).one().name == "user3"
        assert q.filter(User.id == 99).one_or_none() is None
        assert q.filter(User.id == 99).first() is None
        with pytest.raises(exc.NoResultFound):
            q.filter(User.id == 99).one()
        with pytest.raises(exc.MultipleResultsFound):
            q.one()
        assert [u.id for u in q.order_by(User.id)[1:3]] == [2, 3]
        assert q.order_by(User.id)[0].id == 1
        with pytest.raises(IndexError, match="negative indexes are not accepted"):
            q[-1]
        assert [u.id for u in q.order_by(User.id)] == [1, 2, 3]                # __iter__
        assert q.count() == 3 and q.filter(User.id > 1).count() == 2
        assert s.query(User.name).distinct().count() == 3
        assert q.get(2).name == "user2"


def test_filter_by_unknown_key_names_entity_and_key(db: Any) -> None:
    m = db.m
    with Session(db.engine) as s:
        with pytest.raises(exc.InvalidRequestError) as info:
            s.query(m.User).filter_by(nope=1).all()
        assert str(info.value) == f'Entity namespace for "{m.User.__tablename__}" has no property "nope"'


def test_columns_aggregates_joins(db: Any) -> None:
    m = db.m
    User, Address = m.User, m.Address
    with Session(db.engine) as s:
        assert s.query(func.count(User.id)).scalar() == 3
        assert s.query(User.name).filter(User.id == 1).scalar() == "user1"
        assert s.query(User.name).filter(User.id == 99).scalar() is None
        with pytest.raises(exc.MultipleResultsFound):
            s.query(User.name).scalar()
        rows = s.query(User, Address).join(Address).order_by(Address.id).all()
        assert len(rows) == 6 and rows[0].User.id == 1 and rows[0].Address.id == 10
        top = s.query(User, func.count(Address.id).label("address_count")).join(Address) \
            .group_by(User).order_by(func.count(Address.id).desc(), User.id).first()
        assert top[0].id == 1 and top.address_count == 2
        counts = s.query(Address.user_id, func.count().label("address_count")) \
            .group_by(Address.user_id).subquery()
        users = s.query(User).join(counts, User.id == counts.c.user_id) \
            .filter(counts.c.address_count > 1).order_by(User.id).all()
        assert [u.id for u in users] == [1, 2, 3]
        assert s.query(User).outerjoin(User.addresses).filter(Address.id.is_(None)).all() == []
        assert s.query(User).join(User.posts).filter(m.Post.title == "post2.1").one().id == 2
        having = s.query(Address.user_id).group_by(Address.user_id).having(func.count(Address.id) > 1).all()
        assert sorted(r[0] for r in having) == [1, 2, 3]
        assert s.query(s.query(User).filter(User.id == 1).exists()).scalar() is True
        assert [r.name for r in s.query(User).with_entities(User.name).order_by(User.name).all()] == \
            ["user1", "user2", "user3"]
        assert s.query(Address).select_from(User).join(User.addresses).filter(User.id == 2).count() == 2
        assert str(s.query(User).statement).startswith(f"SELECT {User.__tablename__}.id, ")


def test_eager_loading_with_query(db: Any) -> None:
    m, log = db.m, db.log
    with Session(db.engine) as s:
        users = s.query(m.User).options(joinedload(m.User.addresses)).order_by(m.User.id).all()
        assert len(users) == 3 and log.count == 1
        assert [len(u.addresses) for u in users] == [2, 2, 2] and log.count == 1
        s.expunge_all()
        log.clear()
        users = s.query(m.User).options(selectinload(m.User.addresses)).limit(2).all()
        assert log.count == 2 and [len(u.addresses) for u in users] == [2, 2]
        first = s.query(m.User).options(joinedload(m.User.posts)).order_by(m.User.id).first()
        assert first.id == 1 and len(first.posts) == 2


def test_populate_existing_yield_per_for_update(db: Any) -> None:
    m = db.m
    with Session(db.engine, autoflush=False) as s:
        u = s.get(m.User, 1)
        u.name = "local"
        assert s.query(m.User).filter_by(id=1).one().name == "local"
        assert s.query(m.User).populate_existing().filter_by(id=1).one().name == "user1"
        assert [a.id for a in s.query(m.Address).order_by(m.Address.id).yield_per(2)] == [10, 11, 20, 21, 30, 31]
        assert s.query(m.User).filter_by(id=2).with_for_update().one().id == 2


def test_bulk_update_and_delete(db: Any) -> None:
    m = db.m
    with Session(db.engine) as s:
        n = s.query(m.User).filter(m.User.id < 3).update({"name": "renamed"}, synchronize_session=False)
        assert n == 2
        assert s.query(m.User.name).filter_by(id=1).scalar() == "renamed"
        comments = s.query(m.Comment).filter(m.Comment.id > 20).delete(synchronize_session=False)
        assert comments == 3
        assert s.query(m.Comment).count() == 3
        s.rollback()
        assert s.query(m.Comment).count() == 6


def test_autoflush_before_query(db: Any) -> None:
    m = db.m
    with Session(db.engine) as s:
        s.add(m.Keyword(id=3, word="green"))
        assert s.query(m.Keyword).filter_by(word="green").one().id == 3
        assert s.scalars(select(m.Keyword.word).order_by(m.Keyword.id)).all() == ["red", "blue", "green"]
        s.rollback()
