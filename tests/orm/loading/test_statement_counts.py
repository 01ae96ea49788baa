"""Statements issued per loader strategy, counted with ``before_cursor_execute`` on the three
databases, for 3 and for 30 parents: lazy loading is 1 + N, eager loaders a constant number."""
from __future__ import annotations

import os
from typing import Any, Iterator

import pytest

from orm import Session, select
from orm.session.strategy_options import (
    immediateload,
    joinedload,
    lazyload,
    raiseload,
    selectinload,
    subqueryload,
)

from loading_models import open_db
from tests.conftest import BACKENDS, backend_url


@pytest.fixture(scope="module", params=[(b, n) for n in (3, 30) for b in BACKENDS],
                ids=lambda p: f"{p[0]}-{p[1]}parents")
def _counted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    backend, n = request.param
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    yield from open_db(backend_url(backend, tmp_path_factory), f"ld_counts_{worker}_", n, backend)


@pytest.fixture
def counted(_counted: Any) -> Any:
    _counted.log.clear()
    return _counted


def _emails(users: list[Any]) -> list[list[str]]:
    return [[a.email for a in u.addresses] for u in users]


def _expected(n: int) -> list[list[str]]:
    return [[f"u{i}a0@example.com", f"u{i}a1@example.com"] for i in range(1, n + 1)]


def test_lazy_one_to_many_is_one_plus_n(counted: Any) -> None:
    m, log, n = counted.m, counted.log, counted.n
    with Session(counted.engine) as s:
        users = s.scalars(select(m.User).order_by(m.User.id)).all()
        assert log.count == 1
        assert _emails(users) == _expected(n)
        assert log.count == 1 + n
        _emails(users)  # loaded now: no more SQL
        assert log.count == 1 + n


def test_lazy_many_to_one_uses_the_identity_map(counted: Any) -> None:
    m, log, n = counted.m, counted.log, counted.n
    with Session(counted.engine) as s:
        addresses = s.scalars(select(m.Address).order_by(m.Address.id)).all()
        assert [a.user.name for a in addresses] == [f"user{i}" for i in range(1, n + 1) for _ in range(2)]
        # one SELECT per distinct user; the second address of each finds its user in the map
        assert log.count == 1 + n
        log.clear()
        s.scalars(select(m.User)).all()
        addresses2 = s.scalars(select(m.Address).options(lazyload(m.Address.user))).all()
        assert all(a.user is not None for a in addresses2)
        assert log.count == 2


@pytest.mark.parametrize("option,expected", [
    (selectinload, 2), (joinedload, 1), (subqueryload, 2),
])
def test_eager_loaders_issue_a_constant_number(counted: Any, option: Any, expected: int) -> None:
    m, log, n = counted.m, counted.log, counted.n
    with Session(counted.engine) as s:
        result = s.scalars(select(m.User).order_by(m.User.id).options(option(m.User.addresses)))
        users = result.unique().all()
        assert log.count == expected
        assert _emails(users) == _expected(n)
        assert log.count == expected


@pytest.mark.parametrize("option", [selectinload, joinedload, subqueryload])
def test_eager_many_to_one(counted: Any, option: Any) -> None:
    m, log, n = counted.m, counted.log, counted.n
    with Session(counted.engine) as s:
        addresses = s.scalars(select(m.Address).order_by(m.Address.id).options(option(m.Address.user))).all()
        before = log.count
        assert before == (1 if option is joinedload else 2)
        assert [a.user.id for a in addresses] == [i for i in range(1, n + 1) for _ in range(2)]
        assert log.count == before


def test_chained_eager_loads(counted: Any) -> None:
    m, log, n = counted.m, counted.log, counted.n
    with Session(counted.engine) as s:
        users = s.scalars(select(m.User).options(
            selectinload(m.User.posts).selectinload(m.Post.comments),
            selectinload(m.User.keywords),
        )).all()
        assert log.count == 4
        assert sum(len(p.comments) for u in users for p in u.posts) == 2 * n
        assert [k.word for k in users[0].keywords] == ["red", "blue"]
        assert log.count == 4


def test_immediate_is_one_plus_n_at_query_time(counted: Any) -> None:
    m, log, n = counted.m, counted.log, counted.n
    with Session(counted.engine) as s:
        users = s.scalars(select(m.User).options(immediateload(m.User.addresses))).all()
        assert log.count == 1 + n
        _emails(users)
        assert log.count == 1 + n


def test_raise_raises_without_sql(counted: Any) -> None:
    from orm import exc

    m, log = counted.m, counted.log
    with Session(counted.engine) as s:
        users = s.scalars(select(m.User).options(raiseload(m.User.addresses))).all()
        with pytest.raises(exc.InvalidRequestError, match=r"'User.addresses' is not available due to lazy='raise'"):
            users[0].addresses
        assert log.count == 1


def test_legacy_query_counts(counted: Any) -> None:
    m, log, n = counted.m, counted.log, counted.n
    with Session(counted.engine) as s:
        users = s.query(m.User).options(joinedload(m.User.addresses)).all()  # uniqued by Query
        assert len(users) == n and log.count == 1
        log.clear()
        s.expunge_all()
        users = s.query(m.User).all()
        _emails(users)
        assert log.count == 1 + n
