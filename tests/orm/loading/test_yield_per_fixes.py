"""yield_per with selectin loaders (one selectin load per yielded batch, as SQLAlchemy 2.0 does)
and the SQL of Session.refresh, on the three databases."""
from __future__ import annotations

from types import SimpleNamespace

from orm import Session, select
from orm.session.strategy_options import selectinload


def _emails(users: list) -> list[list[str]]:
    return [[a.email for a in u.addresses] for u in users]


def _expected(n: int) -> list[list[str]]:
    return [[f"u{i}a0@example.com", f"u{i}a1@example.com"] for i in range(1, n + 1)]


def test_selectinload_with_yield_per_loads_each_batch(db: SimpleNamespace) -> None:
    m, log = db.m, db.log
    stmt = (select(m.User).options(selectinload(m.User.addresses)).order_by(m.User.id)
            .execution_options(yield_per=2))
    with Session(db.engine) as s:
        seen = []
        loaded = []  # referenced: the identity map holds objects weakly
        for user in s.scalars(stmt):
            # the batch's collection is there when the object is yielded
            assert "addresses" in user.__dict__
            seen.append((user.id, log.count))
            loaded.append(user)
        # 3 users in batches of 2: the main SELECT, then one IN load per batch
        assert seen == [(1, 2), (2, 2), (3, 3)]
        assert log.count == 3
        in_params = [tuple(p) if not isinstance(p, dict) else tuple(p.values()) for _, p in log.statements[1:]]
        assert in_params == [(1, 2), (3,)]
        users = [s.get(m.User, i) for i in (1, 2, 3)]
        assert users == loaded
        assert _emails(users) == _expected(3)
        assert log.count == 3  # no lazy loads afterwards


def test_query_yield_per_with_selectinload_fills_collections(db: SimpleNamespace) -> None:
    m, log = db.m, db.log
    with Session(db.engine) as s:
        users = (s.query(m.User).options(selectinload(m.User.addresses)).order_by(m.User.id)
                 .yield_per(2).all())
        assert [u.id for u in users] == [1, 2, 3]
        assert all("addresses" in u.__dict__ for u in users)
        assert log.count == 3
        assert _emails(users) == _expected(3)
        assert log.count == 3


def test_yield_per_fetchmany_and_partitions_keep_batches_loaded(db: SimpleNamespace) -> None:
    m, log = db.m, db.log
    stmt = (select(m.User).options(selectinload(m.User.addresses)).order_by(m.User.id)
            .execution_options(yield_per=1))
    with Session(db.engine) as s:
        objs = [list(part) for part in s.scalars(stmt).partitions()]  # referenced (weak identity map)
        parts = [[u.id for u in part] for part in objs]
        assert parts == [[1], [2], [3]]
        assert log.count == 4
        assert _emails([s.get(m.User, i) for i in (1, 2, 3)]) == _expected(3)
        assert log.count == 4


def test_refresh_renders_plain_columns(db: SimpleNamespace) -> None:
    # SQLAlchemy's refresh: SELECT users.id, users.name FROM users WHERE users.id = ? (no labels)
    m, log = db.m, db.log
    users = m.User.__table__.name
    with Session(db.engine) as s:
        user = s.get(m.User, 1)
        user.name = "changed"
        log.clear()
        s.refresh(user)
        assert user.name == "user1"
        assert log.count == 1
        sql = " ".join(log.sql[0].split())
        assert " AS " not in sql
        assert sql.startswith(f"SELECT {users}.id, {users}.name FROM {users} WHERE {users}.id = ")


def test_yield_per_iteration_mixed_with_fetches_skips_and_repeats_nothing(db: SimpleNamespace) -> None:
    m = db.m
    stmt = select(m.Address).order_by(m.Address.id).execution_options(yield_per=2)
    with Session(db.engine) as s:
        result = s.scalars(stmt)
        it = iter(result)
        first = next(it)
        second = result.fetchmany(1)[0]
        third = next(it)
        rest = result.all()
        ids = [a.id for a in (first, second, third, *rest)]
        assert ids == sorted(ids) and len(ids) == 6 and len(set(ids)) == 6
        rows = s.execute(stmt.execution_options(yield_per=4))
        it = iter(rows)
        got = [next(it).Address.id, rows.fetchone().Address.id, *[r.Address.id for r in it]]
        assert got == ids
