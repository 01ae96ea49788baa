"""AsyncEngine / AsyncConnection on real databases through async drivers."""
from __future__ import annotations

import asyncio
import os

import pytest

from orm import Column, Integer, MetaData, String, Table, insert, select, text
from orm.exc import IntegrityError, InvalidRequestError
from orm.ext.asyncio import AsyncEngine, create_async_engine


def _table(md: MetaData) -> Table:
    # One table per xdist worker: workers share the PostgreSQL server.
    name = "aio_core_" + os.environ.get("PYTEST_XDIST_WORKER", "m")
    return Table(name, md, Column("id", Integer, primary_key=True, autoincrement=False),
                 Column("x", String(20)))


async def _fresh(url: str) -> tuple[AsyncEngine, Table]:
    engine = create_async_engine(url)
    md = MetaData()
    t = _table(md)
    async with engine.begin() as conn:
        await conn.run_sync(md.drop_all)
        await conn.run_sync(md.create_all)
    return engine, t


def test_execute_commit_rollback_savepoint(aurl: str) -> None:
    async def main() -> None:
        engine, t = await _fresh(aurl)
        try:
            async with engine.connect() as conn:
                await conn.execute(insert(t), [{"id": 1, "x": "a"}, {"id": 2, "x": "b"}])
                await conn.commit()
                await conn.execute(insert(t), {"id": 3, "x": "c"})
                await conn.rollback()
                async with conn.begin():
                    async with conn.begin_nested():
                        await conn.execute(insert(t), {"id": 4, "x": "d"})
                    nested = await conn.begin_nested()
                    await conn.execute(insert(t), {"id": 5, "x": "e"})
                    await nested.rollback()
            async with engine.connect() as conn:
                rows = (await conn.execute(select(t).order_by(t.c.id))).all()
                assert [tuple(r) for r in rows] == [(1, "a"), (2, "b"), (4, "d")]
                assert await conn.scalar(select(t.c.x).where(t.c.id == 2)) == "b"
                assert (await conn.scalars(select(t.c.id).order_by(t.c.id))).all() == [1, 2, 4]
                assert (await conn.exec_driver_sql("SELECT 1 + 1")).scalar() == 2
                assert await conn.scalar(text(f"SELECT x FROM {t.name} WHERE id = :i"), {"i": 4}) == "d"
        finally:
            await engine.dispose()

    asyncio.run(main())


def test_begin_rolls_back_on_error_and_driver_errors_are_wrapped(aurl: str) -> None:
    async def main() -> None:
        engine, t = await _fresh(aurl)
        try:
            with pytest.raises(IntegrityError):
                async with engine.begin() as conn:
                    await conn.execute(insert(t), {"id": 1, "x": "a"})
                    await conn.execute(insert(t), {"id": 1, "x": "dup"})
            async with engine.connect() as conn:
                assert await conn.scalar(select(t.c.id)) is None
        finally:
            await engine.dispose()

    asyncio.run(main())


def test_stream_and_run_sync(aurl: str) -> None:
    async def main() -> None:
        engine, t = await _fresh(aurl)
        try:
            async with engine.begin() as conn:
                await conn.execute(insert(t), [{"id": i, "x": f"v{i}"} for i in range(1, 6)])
            async with engine.connect() as conn:
                result = await conn.stream(select(t).order_by(t.c.id))
                seen = [row.x async for row in result]
                assert seen == ["v1", "v2", "v3", "v4", "v5"]
                parts = [list(p) async for p in
                         (await conn.stream_scalars(select(t.c.id).order_by(t.c.id))).partitions(2)]
                assert parts == [[1, 2], [3, 4], [5]]
                maps = await (await conn.stream(select(t).where(t.c.id == 3))).mappings().all()
                assert [dict(m) for m in maps] == [{"id": 3, "x": "v3"}]

                def count(sync_conn: object) -> int:
                    return sync_conn.execute(select(t.c.id)).all().__len__()  # type: ignore[attr-defined]

                assert await conn.run_sync(count) == 5
        finally:
            await engine.dispose()

    asyncio.run(main())


def test_sync_driver_url_is_refused() -> None:
    with pytest.raises(InvalidRequestError, match="requires an async driver.*'pysqlite' is not async"):
        create_async_engine("sqlite://")


def test_connection_not_started_is_a_clear_error(aurl: str) -> None:
    async def main() -> None:
        engine = create_async_engine(aurl)
        conn = engine.connect()
        with pytest.raises(InvalidRequestError, match="not started"):
            await conn.execute(text("SELECT 1"))
        await engine.dispose()

    asyncio.run(main())


def test_engine_surface(aurl: str) -> None:
    engine = create_async_engine(aurl)
    assert engine.sync_engine.url == engine.url
    assert str(engine.url).split("://")[0] == aurl.split("://")[0]
    assert engine.dialect.is_async
    asyncio.run(engine.dispose())
