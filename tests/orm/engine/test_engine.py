"""create_engine, Engine, Connection: options, errors, logging, the dialect registry."""
from __future__ import annotations

import builtins
import logging
import os
import sqlite3
import threading
from typing import Any

import pytest

from orm import event
from orm.dialects import load_dialect_class, registry
from orm.engine import Engine, create_engine, engine_from_config
from orm.exc import (
    ArgumentError,
    DriverNotInstalledError,
    IntegrityError,
    NoSuchModuleError,
    ObjectNotExecutableError,
    OperationalError,
    ProgrammingError,
    ResourceClosedError,
    StatementError,
)
from orm.pool import NullPool, QueuePool, SingletonThreadPool, StaticPool
from tests.conftest import backend_url


def _uid(prefix: str = "eng_") -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    return f"{prefix}{worker}_{threading.get_ident() % 100000}_{os.getpid()}"


def test_repr_and_names() -> None:
    engine = create_engine("sqlite://")
    assert repr(engine) == "Engine(sqlite://)"
    assert engine.name == "sqlite" and engine.driver == "pysqlite"
    assert engine.url.database is None
    pg = create_engine("postgresql+psycopg://scott:tiger@localhost/test")
    assert repr(pg) == "Engine(postgresql+psycopg://scott:***@localhost/test)"


def test_pool_choice_for_sqlite(tmp_path: Any) -> None:
    assert isinstance(create_engine("sqlite://").pool, SingletonThreadPool)
    assert isinstance(create_engine("sqlite:///:memory:").pool, SingletonThreadPool)
    assert isinstance(create_engine(f"sqlite:///{tmp_path}/x.db").pool, QueuePool)
    static = create_engine("sqlite://", poolclass=StaticPool,
                           connect_args={"check_same_thread": False})
    assert isinstance(static.pool, StaticPool)
    # StaticPool: one in-memory database shared by every connection, also across threads.
    with static.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE eng_shared (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO eng_shared VALUES (1)")
    out: list = []

    def other_thread() -> None:
        with static.connect() as c:
            out.append(c.exec_driver_sql("SELECT x FROM eng_shared").scalar())

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    assert out == [1]


def test_memory_database_is_per_thread_with_singleton_pool() -> None:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE eng_mine (x INTEGER)")
    with engine.connect() as conn:  # same thread: same database
        assert conn.exec_driver_sql("SELECT count(*) FROM eng_mine").scalar() == 0
    errors: list = []

    def other_thread() -> None:
        with engine.connect() as c:
            try:
                c.exec_driver_sql("SELECT * FROM eng_mine")
            except OperationalError as err:
                errors.append(err)

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    assert len(errors) == 1 and "no such table" in str(errors[0])


def test_unknown_create_engine_argument() -> None:
    # TypeError, as SQLAlchemy raises (more cases: test_create_engine_args.py)
    with pytest.raises(TypeError) as info:
        create_engine("sqlite://", foo=1, bar=2)
    assert "Invalid argument(s) 'foo','bar' sent to create_engine()" in str(info.value)
    with pytest.raises(TypeError, match="'pool_size'.*SQLiteDialect_pysqlite/NullPool"):
        create_engine("sqlite:///x.db", poolclass=NullPool, pool_size=5)
    with pytest.raises(ArgumentError, match="may only be set to True"):
        create_engine("sqlite://", future=False)


def test_pool_arguments_reach_the_pool(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/p.db", pool_size=3, max_overflow=2,
                           pool_timeout=7, pool_recycle=60, pool_pre_ping=True,
                           pool_use_lifo=True)
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool._max_overflow, pool.timeout(), pool.recycle, pool.pre_ping,
            pool._use_lifo) == (3, 2, 7, 60, True, True)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1


def test_unknown_dialect_lists_known_ones() -> None:
    with pytest.raises(NoSuchModuleError) as info:
        create_engine("foo://h/db")
    msg = str(info.value)
    assert "Can't load dialect 'foo'" in msg
    for known in ("sqlite", "postgresql+psycopg", "mysql+pymysql", "mariadb"):
        assert known in msg
    with pytest.raises(NoSuchModuleError, match="did you mean 'postgresql'"):
        create_engine("postgres://h/db")
    with pytest.raises(NoSuchModuleError, match="known dialects"):
        load_dialect_class("sqlite+nodriver")


def test_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kw: Any) -> Any:
        if name == "psycopg" or name.startswith("psycopg."):
            raise ModuleNotFoundError("No module named 'psycopg'", name="psycopg")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    import importlib

    monkeypatch.setattr(importlib, "import_module",
                        lambda name, package=None: fake_import(name))
    with pytest.raises(DriverNotInstalledError) as info:
        create_engine("postgresql+psycopg://scott@localhost/test")
    assert str(info.value) == (
        "psycopg is not installed; install it with: pip install 'ormlens[postgresql]'"
    )
    assert isinstance(info.value, ImportError)


def test_registry_accepts_third_party_dialects() -> None:
    from orm.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

    class MyDialect(SQLiteDialect_pysqlite):
        name = "sqlite"
        driver = "mine"

    import sys
    import types

    module = types.ModuleType("eng_test_dialect_mod")
    module.MyDialect = MyDialect  # type: ignore[attr-defined]
    sys.modules["eng_test_dialect_mod"] = module
    registry.register("sqlite.mine", "eng_test_dialect_mod", "MyDialect")
    engine = create_engine("sqlite+mine://")
    assert isinstance(engine.dialect, MyDialect)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT 3").scalar() == 3


def test_closed_connection_fails_clearly() -> None:
    engine = create_engine("sqlite://")
    conn = engine.connect()
    conn.close()
    assert conn.closed
    with pytest.raises(ResourceClosedError, match="This Connection is closed"):
        conn.exec_driver_sql("SELECT 1")
    with pytest.raises(ResourceClosedError, match="This Connection is closed"):
        conn.execute(object())
    conn.close()  # closing twice is harmless


def test_not_executable() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        with pytest.raises(ObjectNotExecutableError, match="Not an executable object: 'SELECT 1'"):
            conn.execute("SELECT 1")
        with pytest.raises(ObjectNotExecutableError):
            conn.execute(42)
        with pytest.raises(ArgumentError):
            conn.exec_driver_sql(42)  # type: ignore[arg-type]


def test_driver_errors_are_wrapped_with_statement(backend: str, db_url: str) -> None:
    engine = create_engine(db_url)
    table = _uid()
    param = "?" if backend == "sqlite" else "%s"
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
            conn.commit()
            conn.exec_driver_sql(f"INSERT INTO {table} VALUES ({param})", (1,))
            with pytest.raises(IntegrityError) as info:
                conn.exec_driver_sql(f"INSERT INTO {table} VALUES ({param})", (1,))
            err = info.value
            assert err.statement == f"INSERT INTO {table} VALUES ({param})"
            assert err.params == (1,)
            assert err.orig is not None and err.__cause__ is err.orig
            assert f"[SQL: INSERT INTO {table} VALUES ({param})]" in str(err)
            assert "[parameters: (1,)]" in str(err)
            conn.rollback()
            with pytest.raises((ProgrammingError, OperationalError)) as info2:
                conn.exec_driver_sql("SELECT * FROM eng_no_such_table_xyz")
            assert "eng_no_such_table_xyz" in str(info2.value)
            conn.rollback()
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE {table}")
        engine.dispose()


def test_handle_error_event_can_replace_exception() -> None:
    engine = create_engine("sqlite://")

    class MyError(Exception):
        pass

    seen: list = []

    @event.listens_for(engine, "handle_error")
    def on_error(ctx: Any) -> Any:
        seen.append((ctx.statement, type(ctx.original_exception), ctx.is_disconnect))
        return MyError("replaced")

    with engine.connect() as conn, pytest.raises(MyError, match="replaced"):
        conn.exec_driver_sql("SELEC 1")
    assert seen == [("SELEC 1", sqlite3.OperationalError, False)]


def test_execution_events_fire_in_order() -> None:
    engine = create_engine("sqlite://")
    log: list = []
    for name in ("before_execute", "after_execute", "before_cursor_execute",
                 "after_cursor_execute", "begin", "commit", "rollback", "savepoint",
                 "release_savepoint", "rollback_savepoint", "engine_connect"):
        event.listen(engine, name, lambda *a, _n=name: log.append(_n))
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
        with conn.begin_nested() as sp:
            sp.rollback()
        with conn.begin_nested():
            pass
        conn.commit()
        conn.exec_driver_sql("SELECT 1")
    assert log == [
        "engine_connect", "before_execute", "begin", "before_cursor_execute",
        "after_cursor_execute", "after_execute", "savepoint", "rollback_savepoint",
        "savepoint", "release_savepoint", "commit", "before_execute", "begin",
        "before_cursor_execute", "after_cursor_execute", "after_execute", "rollback",
    ]


def test_echo_logs_like_sqlalchemy(caplog: pytest.LogCaptureFixture) -> None:
    engine = create_engine("sqlite://", echo=True)
    with caplog.at_level(logging.INFO, logger="orm.engine.Engine"), engine.connect() as conn:
        conn.exec_driver_sql("SELECT ?", (5,))
        conn.commit()
    messages = [r.getMessage() for r in caplog.records if r.name == "orm.engine.Engine"]
    assert messages == ["BEGIN (implicit)", "SELECT ?", "[raw sql] (5,)", "COMMIT"]


def test_hide_parameters(caplog: pytest.LogCaptureFixture) -> None:
    engine = create_engine("sqlite://", echo=True, hide_parameters=True)
    with caplog.at_level(logging.INFO, logger="orm.engine.Engine"), engine.connect() as conn:
        conn.exec_driver_sql("SELECT ?", ("secret",))
        with pytest.raises(StatementError) as info:
            conn.exec_driver_sql("SELECT * FROM nope WHERE x = ?", ("secret",))
    assert "secret" not in " ".join(r.getMessage() for r in caplog.records)
    assert "secret" not in str(info.value)


def test_execution_options_and_option_engine() -> None:
    engine = create_engine("sqlite://", execution_options={"foo": 1})
    assert engine.get_execution_options() == {"foo": 1}
    other = engine.execution_options(bar=2)
    assert isinstance(other, Engine) and other.pool is engine.pool
    assert other.get_execution_options() == {"foo": 1, "bar": 2}
    assert engine.get_execution_options() == {"foo": 1}
    with other.connect() as conn:
        assert conn.get_execution_options() == {"foo": 1, "bar": 2}
        assert conn.execution_options(baz=3) is conn
        assert conn.get_execution_options()["baz"] == 3
    seen: list = []
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append("parent"))
    with other.connect() as conn:  # listeners of the parent engine apply
        conn.exec_driver_sql("SELECT 1")
    assert seen == ["parent"]


def test_isolation_levels(backend: str, db_url: str) -> None:
    engine = create_engine(db_url, isolation_level="SERIALIZABLE")
    try:
        with engine.connect() as conn:
            assert conn.get_isolation_level() == "SERIALIZABLE"
        plain = create_engine(db_url)
        with plain.connect() as conn:
            default = conn.get_isolation_level()
            conn.execution_options(isolation_level="AUTOCOMMIT")
            assert conn.get_isolation_level() == "AUTOCOMMIT"
        with plain.connect() as conn:  # reset when returned to the pool
            assert conn.get_isolation_level() == default
            conn.exec_driver_sql("SELECT 1")
            with pytest.raises(Exception, match="isolation_level may not be altered"):
                conn.execution_options(isolation_level="SERIALIZABLE")
        plain.dispose()
        with pytest.raises(ArgumentError, match="Invalid value 'BOGUS' for isolation_level"):
            create_engine(db_url, isolation_level="BOGUS")
    finally:
        engine.dispose()


def test_autocommit_isolation_commits_each_statement(backend: str, db_url: str) -> None:
    engine = create_engine(db_url)
    table = _uid()
    try:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql(f"CREATE TABLE {table} (x INTEGER)")
            conn.exec_driver_sql(f"INSERT INTO {table} VALUES (1)")
            conn.rollback()  # nothing to roll back: already committed
        with engine.connect() as conn:
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 1
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
        engine.dispose()


def test_engine_from_config() -> None:
    engine = engine_from_config({"sqlalchemy.url": "sqlite://", "sqlalchemy.echo": "false",
                                 "sqlalchemy.pool_size": "3", "other.x": "y"})
    assert engine.echo is False and engine.pool.size() == 3
    engine = engine_from_config({"db.url": "sqlite://", "db.echo": "debug"}, prefix="db.")
    assert engine.echo == "debug"
    with pytest.raises(ArgumentError, match="url"):
        engine_from_config({"sqlalchemy.echo": "true"})
    with pytest.raises(ArgumentError, match="not true/false"):
        engine_from_config({"sqlalchemy.url": "sqlite://", "sqlalchemy.echo": "maybe"})


def test_creator_and_raw_connection() -> None:
    made: list = []

    def creator() -> sqlite3.Connection:
        c = sqlite3.connect(":memory:", isolation_level=None)
        made.append(c)
        return c

    engine = create_engine("sqlite://", creator=creator)
    raw = engine.raw_connection()
    assert raw.dbapi_connection is made[0]
    cur = raw.cursor()
    cur.execute("SELECT 41 + 1")
    assert cur.fetchone() == (42,)
    raw.close()


def test_server_connections(backend: str, db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1
        assert conn.info == {} or isinstance(conn.info, dict)
        conn.info["k"] = "v"
    with engine.connect() as conn:  # info lives with the DB-API connection
        if backend != "sqlite":
            assert conn.info.get("k") == "v"
    assert engine.dialect.server_version_info is not None
    engine.dispose()


def test_compiled_cache_is_lru() -> None:
    from orm.engine.default import LRUCache

    cache = LRUCache(2)
    cache["a"] = 1
    cache["b"] = 2
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache["c"] = 3
    assert "b" not in cache and "a" in cache and "c" in cache
    engine = create_engine("sqlite://", query_cache_size=7)
    assert engine.dialect._compiled_cache.capacity == 7
    assert create_engine("sqlite://", query_cache_size=0).dialect._compiled_cache is None


def test_compile_statement_uses_cache_key() -> None:
    engine = create_engine("sqlite://")
    dialect = engine.dialect
    calls: list = []

    class Stmt:
        def __init__(self, value: int) -> None:
            self.value = value

        def _generate_cache_key(self) -> Any:
            return ("shape",), [self.value]

        def _compiler(self, dialect: Any, **kw: Any) -> Any:
            calls.append(kw)
            return f"compiled for {self.value}"

    class Uncacheable(Stmt):
        def _generate_cache_key(self) -> Any:
            return None

    c1, extracted1 = dialect.compile_statement(Stmt(1), column_keys=["a"])
    c2, extracted2 = dialect.compile_statement(Stmt(2), column_keys=["a"])
    assert c1 == c2 == "compiled for 1"
    assert extracted1 is None and extracted2 == [2]
    c3, _ = dialect.compile_statement(Stmt(3), column_keys=["b"])
    assert c3 == "compiled for 3"  # other compile arguments: another entry
    assert dialect.compile_statement(Uncacheable(4)) == ("compiled for 4", None)
    assert dialect.compile_statement(Uncacheable(5)) == ("compiled for 5", None)
    assert len(calls) == 4


def test_backend_url_fixture_is_real(backend: str) -> None:
    url = backend_url(backend)
    assert url.split(":")[0].startswith(backend)
