"""Loader options: column deferral (defer/undefer/load_only/undefer_group, raiseload), wildcards,
``Load()``, chained paths, options travelling with loaded objects to their lazy loads, and the
errors SQLAlchemy raises for options that cannot apply."""
from __future__ import annotations

from typing import Any

import pytest

from orm import (
    Load,
    Session,
    defaultload,
    defer,
    exc,
    joinedload,
    lazyload,
    load_only,
    noload,
    raiseload,
    select,
    selectinload,
    undefer,
    undefer_group,
)


def _user1(s: Any, m: Any, *opts: Any) -> Any:
    return s.scalars(select(m.User).where(m.User.id == 1).options(*opts)).one()


def test_deferred_columns_load_on_access_one_group_at_a_time(sqlite_db: Any) -> None:
    m, log = sqlite_db.m, sqlite_db.log
    with Session(sqlite_db.engine) as s:
        u = _user1(s, m)
        assert "bio" not in u.__dict__ and "motto" not in u.__dict__
        log.clear()
        assert u.bio == "bio1"
        # bio and motto are one deferred group: one SELECT loads both
        assert u.motto == "motto1" and log.count == 1
        assert "users.bio AS users_bio, users.motto AS users_motto" in log.sql[0]


@pytest.mark.parametrize("opt,loaded,unloaded", [
    (lambda m: undefer(m.User.bio), {"id", "name", "bio"}, {"motto"}),
    (lambda m: undefer_group("profile"), {"id", "name", "bio", "motto"}, set()),
    (lambda m: load_only(m.User.name), {"id", "name"}, {"bio", "motto"}),
    (lambda m: defer(m.User.name), {"id"}, {"name", "bio", "motto"}),
    (lambda m: load_only(m.User.name, m.User.bio), {"id", "name", "bio"}, {"motto"}),
    (lambda m: Load(m.User).load_only(m.User.motto), {"id", "motto"}, {"name", "bio"}),
])
def test_column_options(sqlite_db: Any, opt: Any, loaded: set[str], unloaded: set[str]) -> None:
    m = sqlite_db.m
    with Session(sqlite_db.engine) as s:
        u = _user1(s, m, opt(m))
        keys = {k for k in ("id", "name", "bio", "motto") if k in u.__dict__}
        assert keys == loaded
        assert {"id", "name", "bio", "motto"} - keys == unloaded
        assert u.name == "user1" and u.motto == "motto1"   # the rest loads on access


def test_deferred_raiseload(sqlite_db: Any) -> None:
    m, log = sqlite_db.m, sqlite_db.log
    with Session(sqlite_db.engine) as s:
        u = _user1(s, m, load_only(m.User.name, raiseload=True))
        log.clear()
        with pytest.raises(exc.InvalidRequestError, match=r"'User.bio' is not available due to raiseload=True"):
            u.bio
        u2 = s.scalars(select(m.User).where(m.User.id == 2).options(defer(m.User.name, raiseload=True))).one()
        log.clear()
        with pytest.raises(exc.InvalidRequestError, match=r"'User.name' is not available due to raiseload=True"):
            u2.name
        assert log.count == 0


def test_raiseload_wildcard_applies_at_its_level(sqlite_db: Any) -> None:
    m, log = sqlite_db.m, sqlite_db.log
    with Session(sqlite_db.engine) as s:
        u = _user1(s, m, selectinload(m.User.posts), raiseload("*"))
        with pytest.raises(exc.InvalidRequestError, match=r"'User.addresses' is not available due to lazy='raise'"):
            u.addresses
        log.clear()
        assert [c.text for p in u.posts for c in p.comments] == ["c1.0", "c1.1"]  # below: lazy
        assert log.count == 2
    with Session(sqlite_db.engine) as s:
        u = _user1(s, m, defaultload(m.User.posts).raiseload("*"))
        with pytest.raises(exc.InvalidRequestError, match=r"'Post.comments' is not available due to lazy='raise'"):
            u.posts[0].comments
        assert len(u.addresses) == 2


def test_raise_on_sql_allows_identity_map_hits(sqlite_db: Any) -> None:
    m, log = sqlite_db.m, sqlite_db.log
    with Session(sqlite_db.engine) as s:
        u1 = s.get(m.User, 1)  # referenced: the identity map holds objects weakly
        a10, a20 = s.scalars(select(m.Address).where(m.Address.id.in_([10, 20])).order_by(m.Address.id)
                             .options(raiseload(m.Address.user, sql_only=True))).all()
        log.clear()
        assert a10.user is u1 and a10.user.name == "user1" and log.count == 0
        with pytest.raises(exc.InvalidRequestError, match=r"'Address.user' is not available due to lazy='raise_on_sql'"):
            a20.user


def test_noload_and_lazyload_wildcard(sqlite_db: Any) -> None:
    m, log = sqlite_db.m, sqlite_db.log
    with Session(sqlite_db.engine) as s:
        u = _user1(s, m, noload(m.User.addresses))
        log.clear()
        assert u.addresses == [] and log.count == 0
    with Session(sqlite_db.engine) as s:
        log.clear()
        u = _user1(s, m, lazyload("*"))
        assert log.count == 1 and len(u.posts) == 2 and log.count == 2


def test_options_travel_to_lazy_loads(sqlite_db: Any) -> None:
    m, log = sqlite_db.m, sqlite_db.log
    with Session(sqlite_db.engine) as s:
        u = _user1(s, m, lazyload(m.User.posts).joinedload(m.Post.comments),
                   Load(m.User).defaultload(m.User.addresses).raiseload("*"))
        log.clear()
        posts = u.posts
        assert log.count == 1 and "LEFT OUTER JOIN comments AS comments_1" in log.sql[0]
        assert [len(p.comments) for p in posts] == [1, 1] and log.count == 1
        with pytest.raises(exc.InvalidRequestError, match=r"'Address.user' is not available"):
            u.addresses[0].user


def test_load_object_chains(sqlite_db: Any) -> None:
    m, log = sqlite_db.m, sqlite_db.log
    with Session(sqlite_db.engine) as s:
        users = s.scalars(select(m.User).options(
            Load(m.User).selectinload(m.User.posts).selectinload(m.Post.comments),
            selectinload(m.User.addresses).options(joinedload(m.Address.user)),
        )).all()
        n = log.count
        assert [c.text for c in users[0].posts[1].comments] == ["c1.1"]
        assert users[2].addresses[0].user is users[2]
        assert log.count == n == 4


@pytest.mark.parametrize("make,exc_type,message", [
    (lambda m: joinedload("addresses"), exc.ArgumentError,
     "Strings are not accepted for attribute names in loader options; please use class-bound attributes directly."),
    (lambda m: defer("bio"), exc.ArgumentError,
     "Strings are not accepted for attribute names in loader options; please use class-bound attributes directly."),
    (lambda m: load_only("name"), exc.ArgumentError, "expected ORM mapped attribute for loader strategy argument"),
    (lambda m: Load(m.User).joinedload("addresses"), exc.ArgumentError,
     "Strings are not accepted for attribute names in loader options; please use class-bound attributes directly."),
    (lambda m: joinedload(m.User), exc.ArgumentError, "expected ORM mapped attribute for loader strategy argument"),
    (lambda m: joinedload(5), exc.ArgumentError, "expected ORM mapped attribute for loader strategy argument"),
    (lambda m: joinedload(m.User.addresses).joinedload(m.Post.comments), exc.ArgumentError,
     'ORM mapped entity or attribute "Post.comments" does not link from relationship "User.addresses".'),
])
def test_bad_options_at_construction(sqlite_db: Any, make: Any, exc_type: Any, message: str) -> None:
    with pytest.raises(exc_type) as info:
        make(sqlite_db.m)
    assert str(info.value) == message


@pytest.mark.parametrize("make,exc_type,message", [
    (lambda m: joinedload(m.User.name), exc.LoaderStrategyException,
     'Can\'t apply "joined loader" strategy to property "User.name", which is a "column property"; this '
     'loader strategy is intended to be used with a "relationship property".'),
    (lambda m: selectinload(m.User.name), exc.LoaderStrategyException,
     'Can\'t apply "select in loader" strategy to property "User.name", which is a "column property"; this '
     'loader strategy is intended to be used with a "relationship property".'),
    (lambda m: defer(m.User.addresses), exc.LoaderStrategyException,
     'Can\'t apply "deferred column loader" strategy to property "User.addresses", which is a "relationship"; '
     'this loader strategy is intended to be used with a "column property".'),
    (lambda m: joinedload(m.Post.comments), exc.ArgumentError,
     "Mapped class Mapper[Post(posts)] does not apply to any of the root entities in this query, e.g. "
     "Mapper[User(users)]. Please specify the full path from one of the root entities to the target "
     "attribute. "),
    (lambda m: 5, exc.ArgumentError, "ExecutionOption Core or ORM object expected, got 5."),
])
def test_bad_options_at_execution(sqlite_db: Any, make: Any, exc_type: Any, message: str) -> None:
    m = sqlite_db.m
    with Session(sqlite_db.engine) as s:
        with pytest.raises(exc_type) as info:
            s.scalars(select(m.User).options(make(m))).all()
    assert str(info.value) == message


def test_options_of_an_aliased_entity_name_the_alias(sqlite_db: Any) -> None:
    from orm import aliased

    m = sqlite_db.m
    ua = aliased(m.User)
    with Session(sqlite_db.engine) as s:
        with pytest.raises(exc.ArgumentError) as info:
            s.scalars(select(ua).options(joinedload(m.User.addresses))).unique().all()
        assert str(info.value) == (
            "Mapped class Mapper[User(users)] does not apply to any of the root entities in this query, "
            "e.g. aliased(User). Please specify the full path from one of the root entities to the target "
            "attribute. "
        )
        users = s.scalars(select(ua).options(joinedload(ua.addresses))).unique().all()
        assert [len(u.addresses) for u in users] == [2, 2, 2]
