"""API-surface gaps filled for real: pool, event, type and schema names, side by side with SQLAlchemy.

Each test drives the orm name and, where SQLAlchemy behaves observably, the same code on
SQLAlchemy 2.0, and compares what they do.
"""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import orm
import orm.event
import orm.pool
from orm import exc as orm_exc
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")
import sqlalchemy.event  # noqa: E402
import sqlalchemy.pool  # noqa: E402

LIBS = {"orm": (orm, orm.pool), "sqlalchemy": (sa, sa.pool)}


# -- pool: reset_on_return styles -------------------------------------------------------------


def _visible_after_return(pool_mod: Any, db: Path, reset: Any) -> list[tuple[int]]:
    """Insert without committing, return the connection to the pool, read from a fresh one."""
    pool = pool_mod.QueuePool(lambda: sqlite3.connect(db), pool_size=1, reset_on_return=reset)
    conn = pool.connect()
    conn.cursor().execute("INSERT INTO t VALUES (1)")
    conn.close()
    other = sqlite3.connect(db)
    try:
        return other.execute("SELECT x FROM t").fetchall()
    finally:
        other.close()
        pool.dispose()


@pytest.mark.parametrize("lib", ["orm", "sqlalchemy"])
@pytest.mark.parametrize(("style", "committed"), [
    ("reset_rollback", False), ("reset_commit", True), ("reset_none", False),
])
def test_reset_styles_act_as_in_sqlalchemy(tmp_path: Path, lib: str, style: str,
                                           committed: bool) -> None:
    db = tmp_path / "r.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x INTEGER)").connection.close()
    pool_mod = LIBS[lib][1]
    rows = _visible_after_return(pool_mod, db, getattr(pool_mod, style))
    assert rows == ([(1,)] if committed else [])


def test_reset_none_leaves_the_transaction_open(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x INTEGER)").connection.close()
    pool = orm.pool.QueuePool(lambda: sqlite3.connect(db), pool_size=1,
                              reset_on_return=orm.pool.reset_none)
    conn = pool.connect()
    conn.cursor().execute("INSERT INTO t VALUES (1)")
    dbapi = conn.dbapi_connection
    conn.close()
    assert dbapi.in_transaction  # neither rolled back nor committed
    dbapi.rollback()
    pool.dispose()


def test_reset_style_values_and_bad_value() -> None:
    assert [m.name for m in orm.pool.ResetStyle] == [m.name for m in sa.pool.base.ResetStyle]
    for lib in LIBS.values():
        pool_mod = lib[1]
        with pytest.raises(lib[0].exc.ArgumentError, match="reset_on_return"):
            pool_mod.QueuePool(lambda: None, reset_on_return="sometimes")
    # create_engine passes pool_reset_on_return through to the pool
    engine = orm.create_engine("sqlite://", pool_reset_on_return=orm.pool.reset_commit)
    assert engine.pool._reset_on_return == "commit"


@pytest.mark.parametrize("lib", ["orm", "sqlalchemy"])
def test_pool_entries_are_managesconnection(lib: str) -> None:
    top, pool_mod = LIBS[lib]
    engine = top.create_engine("sqlite://")
    seen: list[Any] = []

    def on_checkout(dbapi_conn: Any, entry: Any, proxy: Any) -> None:
        seen.extend([entry, proxy])

    top.event.listen(engine, "checkout", on_checkout)
    with engine.connect():
        entry, proxy = seen
        assert isinstance(entry, pool_mod.ConnectionPoolEntry)
        assert isinstance(entry, pool_mod.ManagesConnection)
        assert isinstance(proxy, pool_mod.PoolProxiedConnection)
        assert isinstance(proxy, pool_mod.ManagesConnection)
        assert not isinstance(proxy, pool_mod.ConnectionPoolEntry)
        assert entry.in_use
        assert entry.dbapi_connection is proxy.dbapi_connection
    assert not entry.in_use
    engine.dispose()


# -- pool: the async engines' queue pool --------------------------------------------------------


def _async_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"
    url = backend_url(backend)
    driver = {"postgresql": "postgresql+psycopg_async", "mysql": "mysql+aiomysql"}[backend]
    return driver + url[url.index("://"):]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_async_engine_checkouts_wait_for_a_free_slot(backend: str, tmp_path: Path) -> None:
    """More concurrent tasks than the pool holds: each waits its turn (a QueuePool blocked the
    event loop here and every extra task ended in TimeoutError)."""
    from orm.ext.asyncio import create_async_engine

    engine = create_async_engine(_async_url(backend, tmp_path), pool_size=1, max_overflow=0,
                                 pool_timeout=20)
    assert type(engine.sync_engine.pool) is orm.pool.AsyncAdaptedQueuePool

    async def job(i: int) -> int:
        async with engine.connect() as conn:
            await asyncio.sleep(0.02)  # hold the only connection while the others wait
            return (await conn.execute(orm.text(f"SELECT {i}"))).scalar_one()

    async def main() -> list[int]:
        try:
            return await asyncio.gather(*(job(i) for i in range(4)))
        finally:
            await engine.dispose()

    assert asyncio.run(main()) == [0, 1, 2, 3]


def test_async_pool_times_out_and_recovers(tmp_path: Path) -> None:
    from orm.ext.asyncio import create_async_engine

    engine = create_async_engine(_async_url("sqlite", tmp_path), pool_size=1, max_overflow=0,
                                 pool_timeout=0.05)
    release = None

    async def holder(ready: asyncio.Event) -> None:
        async with engine.connect():
            ready.set()
            await release.wait()

    async def main() -> int:
        nonlocal release
        release = asyncio.Event()
        ready = asyncio.Event()
        task = asyncio.create_task(holder(ready))
        await ready.wait()
        with pytest.raises(orm_exc.TimeoutError, match="QueuePool limit of size 1 overflow 0"):
            async with engine.connect():
                pass
        release.set()
        await task
        async with engine.connect() as conn:  # the slot is usable again
            value = (await conn.execute(orm.text("SELECT 7"))).scalar_one()
        await engine.dispose()
        return value

    assert asyncio.run(main()) == 7


def test_async_pool_sync_use(tmp_path: Path) -> None:
    """Outside an async engine: the strict pool refuses to wait, the fallback one waits."""
    db = tmp_path / "s.db"
    strict = orm.pool.AsyncAdaptedQueuePool(lambda: sqlite3.connect(db), pool_size=1,
                                            max_overflow=0, timeout=0.01)
    held = strict.connect()  # no wait needed: fine anywhere
    with pytest.raises(orm_exc.MissingGreenlet, match="FallbackAsyncAdaptedQueuePool"):
        strict.connect()
    held.close()
    strict.connect().close()
    strict.dispose()

    fallback = orm.pool.FallbackAsyncAdaptedQueuePool(lambda: sqlite3.connect(db), pool_size=1,
                                                      max_overflow=0, timeout=0.01)
    held = fallback.connect()
    with pytest.raises(orm_exc.TimeoutError):
        fallback.connect()  # waited on the thread condition, then timed out as QueuePool does
    held.close()
    assert isinstance(fallback.recreate(), orm.pool.FallbackAsyncAdaptedQueuePool)
    fallback.dispose()


@pytest.mark.parametrize(("url", "pool_name"), [
    ("sqlite+aiosqlite:///file.db", "AsyncAdaptedQueuePool"),
    ("sqlite+aiosqlite://", "StaticPool"),
    ("postgresql+asyncpg://u@h/db", "AsyncAdaptedQueuePool"),
    ("postgresql+psycopg_async://u@h/db", "AsyncAdaptedQueuePool"),
    ("mysql+aiomysql://u@h/db", "AsyncAdaptedQueuePool"),
])
def test_async_dialect_pool_class_as_sqlalchemy(url: str, pool_name: str) -> None:
    pytest.importorskip(
        {"sqlite": "aiosqlite", "postgresql": "psycopg", "mysql": "aiomysql"}[url.split("+")[0]]
    )
    ours = orm.engine.make_url(url)
    dialect_cls = ours.get_dialect()
    assert dialect_cls.get_pool_class(ours).__name__ == pool_name
    theirs = sa.engine.make_url(url)
    if url.startswith("postgresql+asyncpg"):
        pytest.importorskip("asyncpg")
    assert theirs.get_dialect().get_pool_class(theirs).__name__ == pool_name


# -- event markers ----------------------------------------------------------------------------


def test_event_markers() -> None:
    for name in ("CANCEL", "NO_RETVAL"):
        ours = getattr(orm.event, name)
        assert repr(ours) == repr(getattr(sa.event, name))
        assert ours is not getattr(orm.event, "NO_RETVAL" if name == "CANCEL" else "CANCEL")
        import pickle

        assert pickle.loads(pickle.dumps(ours)) is ours


# -- types: abstract bases ----------------------------------------------------------------------

ABSTRACT = ("Concatenable", "Indexable", "SchemaType", "ExternalType")


def _bases(types_mod: Any, typ: Any) -> list[str]:
    return [name for name in ABSTRACT if isinstance(typ, getattr(types_mod, name))]


@pytest.mark.parametrize("make", [
    lambda t: t.String(10), lambda t: t.Text(), lambda t: t.Unicode(5), lambda t: t.LargeBinary(),
    lambda t: t.ARRAY(t.Integer), lambda t: t.JSON(), lambda t: t.Enum("a", "b"),
    lambda t: t.Boolean(), lambda t: t.Integer(), lambda t: t.DateTime(), lambda t: t.Uuid(),
    lambda t: t.PickleType(),
    lambda t: type("Dec", (t.TypeDecorator,), {"impl": t.String, "cache_ok": True})(),
], ids=["String", "Text", "Unicode", "LargeBinary", "ARRAY", "JSON", "Enum", "Boolean", "Integer",
        "DateTime", "Uuid", "PickleType", "TypeDecorator"])
def test_abstract_type_bases_as_sqlalchemy(make: Any) -> None:
    import sqlalchemy.types as sa_types

    assert _bases(orm.types, make(orm.types)) == _bases(sa_types, make(sa_types))


def _concat_udt(types_mod: Any) -> Any:
    class Tags(types_mod.Concatenable, types_mod.UserDefinedType):
        cache_ok = True

        def get_col_spec(self, **kw: Any) -> str:
            return "TEXT"

    return Tags


@pytest.mark.parametrize("lib", ["orm", "sqlalchemy"])
def test_concatenable_user_type_and_array_concat(lib: str) -> None:
    top = LIBS[lib][0]
    tags = _concat_udt(top.types)
    x, y = top.column("x", tags()), top.column("y", tags())
    assert str(x + y) == "x || y"
    assert str(x + "s") == "x || :x_1"
    assert str(x + top.column("s", top.String())) == "x || s"
    arr = top.column("a", top.ARRAY(top.Integer))
    assert str(arr + top.column("b", top.ARRAY(top.Integer))) == "a || b"
    assert str(top.column("n", top.Integer) + top.column("m", top.Integer)) == "n + m"


@pytest.mark.parametrize("lib", ["orm", "sqlalchemy"])
def test_indexable_without_getitem_raises(lib: str) -> None:
    top = LIBS[lib][0]

    class Box(top.types.Indexable, top.types.UserDefinedType):
        cache_ok = True

        def get_col_spec(self, **kw: Any) -> str:
            return "BOX"

    with pytest.raises(NotImplementedError):
        top.column("b", Box())[1]


@pytest.mark.parametrize("lib", ["orm", "sqlalchemy"])
def test_adapt_type(lib: str) -> None:
    top = LIBS[lib][0]
    t = top.types
    adapted = t.adapt_type(t.String(30), {t.String: t.Unicode})
    assert type(adapted) is t.Unicode and adapted.length == 30
    same = t.Text()
    assert t.adapt_type(same, {t.String: t.String}) is same  # already more specific
    assert type(t.adapt_type(t.Integer, {})) is t.Integer  # a class is instantiated
