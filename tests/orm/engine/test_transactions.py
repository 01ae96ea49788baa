"""Transactions on the three databases: commit, rollback, savepoints, engine.begin()."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from orm.engine import Engine, create_engine
from orm.exc import InvalidRequestError, ResourceClosedError


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = create_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def table(engine: Engine) -> Iterator[str]:
    name = f"eng_tx_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE {name} (x INTEGER)")
    yield name
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def _values(engine: Engine, table: str) -> list[int]:
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT x FROM {table} ORDER BY x").scalars().all()


def _ins(conn, table: str, x: int) -> None:  # noqa: ANN001
    conn.exec_driver_sql(f"INSERT INTO {table} VALUES ({int(x)})")


def test_autobegin_commit(engine: Engine, table: str) -> None:
    with engine.connect() as conn:
        assert not conn.in_transaction()
        _ins(conn, table, 1)
        assert conn.in_transaction()
        conn.commit()
        assert not conn.in_transaction()
    assert _values(engine, table) == [1]


def test_close_without_commit_rolls_back(engine: Engine, table: str) -> None:
    with engine.connect() as conn:
        _ins(conn, table, 1)
    assert _values(engine, table) == []


def test_rollback(engine: Engine, table: str) -> None:
    with engine.connect() as conn:
        _ins(conn, table, 1)
        conn.commit()
        _ins(conn, table, 2)
        conn.rollback()
        _ins(conn, table, 3)
        conn.commit()
    assert _values(engine, table) == [1, 3]


def test_explicit_begin_context_manager(engine: Engine, table: str) -> None:
    with engine.connect() as conn:
        with conn.begin() as tx:
            _ins(conn, table, 1)
            assert conn.get_transaction() is tx
        assert not tx.is_active
        with pytest.raises(ZeroDivisionError), conn.begin():
            _ins(conn, table, 2)
            1 / 0  # noqa: B018
        _ins(conn, table, 9)
        with pytest.raises(InvalidRequestError, match="already initialized a Transaction"):
            conn.begin()
        conn.rollback()
    assert _values(engine, table) == [1]


def test_savepoint_rollback_keeps_outer_work(engine: Engine, table: str) -> None:
    with engine.connect() as conn:
        _ins(conn, table, 1)
        sp = conn.begin_nested()
        assert conn.in_nested_transaction()
        _ins(conn, table, 2)
        sp.rollback()
        assert not conn.in_nested_transaction()
        with conn.begin_nested():
            _ins(conn, table, 3)
        with pytest.raises(ValueError), conn.begin_nested():
            _ins(conn, table, 4)
            raise ValueError
        conn.commit()
    assert _values(engine, table) == [1, 3]


def test_nested_savepoints(engine: Engine, table: str) -> None:
    with engine.begin() as conn:
        outer = conn.begin_nested()
        _ins(conn, table, 1)
        inner = conn.begin_nested()
        _ins(conn, table, 2)
        assert conn.get_nested_transaction() is inner
        outer.rollback()  # rolls back the inner savepoint too
        assert not inner.is_active and not outer.is_active
        _ins(conn, table, 3)
    assert _values(engine, table) == [3]


def test_engine_begin_with_failing_statement_leaves_nothing(engine: Engine, table: str) -> None:
    with pytest.raises(Exception) as info, engine.begin() as conn:
        _ins(conn, table, 1)
        conn.exec_driver_sql("INSERT INTO eng_no_such_table_q VALUES (1)")
    assert "eng_no_such_table_q" in str(info.value)
    assert _values(engine, table) == []


def test_engine_begin_commits(engine: Engine, table: str) -> None:
    with engine.begin() as conn:
        _ins(conn, table, 5)
    assert _values(engine, table) == [5]
    with pytest.raises(ResourceClosedError):
        conn.exec_driver_sql("SELECT 1")


def test_inactive_transaction_commit_raises(engine: Engine, table: str) -> None:
    with engine.connect() as conn:
        tx = conn.begin()
        tx.rollback()
        with pytest.raises(InvalidRequestError, match="inactive"):
            tx.commit()


def test_executemany_in_transaction(backend: str, engine: Engine, table: str) -> None:
    param = "?" if backend == "sqlite" else "%s"
    with engine.begin() as conn:
        result = conn.exec_driver_sql(f"INSERT INTO {table} VALUES ({param})",
                                      [(1,), (2,), (3,)])
        assert result.rowcount == 3
    assert _values(engine, table) == [1, 2, 3]


def test_sqlite_ddl_rolls_back(tmp_path) -> None:  # noqa: ANN001
    engine = create_engine(f"sqlite:///{tmp_path}/ddl.db")
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE eng_ddl (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO eng_ddl VALUES (1)")
        conn.rollback()
        names = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name = 'eng_ddl'").all()
        assert names == []
        with conn.begin_nested() as sp:
            conn.exec_driver_sql("CREATE TABLE eng_ddl2 (x INTEGER)")
            sp.rollback()
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'eng_ddl2'").scalar() == 0
        conn.rollback()
    engine.dispose()


def test_postgresql_ddl_rolls_back_too(backend: str, engine: Engine) -> None:
    if backend != "postgresql":
        pytest.skip("transactional DDL: SQLite and PostgreSQL (MySQL commits DDL implicitly)")
    name = f"eng_ddl_{uuid.uuid4().hex[:8]}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE TABLE {name} (x INTEGER)")
        conn.rollback()
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM pg_tables WHERE tablename = %(n)s", {"n": name}
        ).scalar() == 0
        conn.rollback()


def test_isolation_between_connections(backend: str, engine: Engine, table: str) -> None:
    if backend == "sqlite":
        pytest.skip("one in-memory database per thread; file locking is SQLite's business")
    with engine.connect() as writer, engine.connect() as reader:
        _ins(writer, table, 1)
        assert reader.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0
        reader.rollback()
        writer.commit()
        assert reader.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 1
