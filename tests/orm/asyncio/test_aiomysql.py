"""``mysql+aiomysql://``: what the aiomysql adapter adds to the shared async suite (which runs on
it too): the PyMySQL dialect's behaviour carried over -- generated keys, matched-row counts,
isolation levels, both URL spellings -- and a pointer to it from a synchronous MySQL URL."""
from __future__ import annotations

import asyncio
import pytest

from orm import Column, Integer, MetaData, String, Table, insert, select, text, update
from orm.exc import IntegrityError, InvalidRequestError
from orm.ext.asyncio import create_async_engine
from tests.conftest import backend_url


def _url(tmp_path_factory: pytest.TempPathFactory, scheme: str = "mysql+aiomysql") -> str:
    return f"{scheme}://" + backend_url("mysql", tmp_path_factory).split("://", 1)[1]


def test_keys_rowcounts_and_errors(tmp_path_factory: pytest.TempPathFactory) -> None:
    md = MetaData()
    t = Table("aiomysql_things", md, Column("id", Integer, primary_key=True),
              Column("name", String(20), unique=True))

    async def main() -> None:
        engine = create_async_engine(_url(tmp_path_factory))
        try:
            async with engine.begin() as conn:
                await conn.run_sync(md.drop_all)
                await conn.run_sync(md.create_all)
            async with engine.connect() as conn:
                first = await conn.execute(insert(t), {"name": "a"})
                assert first.inserted_primary_key == (1,)
                await conn.execute(insert(t), [{"name": "b"}, {"name": "c"}])
                # FOUND_ROWS: an UPDATE counts the rows it matched, changed or not
                same = await conn.execute(update(t).where(t.c.id <= 2).values(name=t.c.name))
                assert same.rowcount == 2
                with pytest.raises(IntegrityError):
                    await conn.execute(insert(t), {"name": "a"})
                await conn.rollback()
                assert (await conn.scalars(select(t.c.name).order_by(t.c.id))).all() == []
                await conn.execute(insert(t), {"name": "z"})
                await conn.commit()
            async with engine.connect() as conn:
                assert (await conn.scalars(select(t.c.name))).all() == ["z"]
        finally:
            async with engine.begin() as conn:
                await conn.run_sync(md.drop_all)
            await engine.dispose()

    asyncio.run(main())


def test_isolation_levels_and_mariadb_url(tmp_path_factory: pytest.TempPathFactory) -> None:
    async def main() -> None:
        engine = create_async_engine(_url(tmp_path_factory, "mariadb+aiomysql"),
                                     isolation_level="READ COMMITTED")
        try:
            assert engine.driver == "aiomysql"
            async with engine.connect() as conn:
                level = await conn.run_sync(lambda sync: sync.get_isolation_level())
                assert level == "READ COMMITTED"
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                assert await conn.run_sync(lambda sync: sync.get_isolation_level()) == "AUTOCOMMIT"
                assert await conn.scalar(text("SELECT 1")) == 1
            async with engine.connect() as conn:  # reset when it went back to the pool
                assert await conn.run_sync(lambda sync: sync.get_isolation_level()) == "READ COMMITTED"
        finally:
            await engine.dispose()

    asyncio.run(main())


def test_sync_mysql_url_points_to_aiomysql() -> None:
    with pytest.raises(InvalidRequestError, match=r"'pymysql' is not async.*mysql\+aiomysql://"):
        create_async_engine("mysql+pymysql://root@127.0.0.1/x")
