"""Async streaming on server-side cursors: ``AsyncConnection.stream()`` and
``AsyncSession.stream()`` read rows from the server as the AsyncResult is read, with every async
driver (aiosqlite's natural cursor, psycopg's named cursor, an asyncpg portal, aiomysql's
SSCursor); ``execute()`` refuses a server-side cursor as SQLAlchemy's does."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest

from orm import String, select, text
from orm.engine.cursor import StreamingCursor
from orm.ext.asyncio import AsyncSession, create_async_engine
from orm.ext.asyncio.exc import AsyncMethodRequired
from orm.mapping import DeclarativeBase, Mapped, mapped_column
from tests.orm.engine.streaming_queries import MILLIONS, PEAK_BOUND, big_query, traced_peak


class _Base(DeclarativeBase):
    pass


class Row_(_Base):
    __tablename__ = "async_stream_rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    pad: Mapped[str] = mapped_column(String(250))


def _rows(engine: Any) -> int:
    """Rows of the big queries: aiomysql reads off the rest of a stream closed early, slowly
    under tracemalloc; 60k rows of 200 characters still exceed the memory bound 4x."""
    return 60_000 if engine.dialect.name == "mysql" else MILLIONS


def _run(aurl: str, body: Any) -> None:
    async def main() -> None:
        engine = create_async_engine(aurl)
        try:
            await body(engine)
        finally:
            await engine.dispose()

    asyncio.run(main())


def test_connection_stream_first_rows_of_millions(aurl: str) -> None:
    async def body(engine: Any) -> None:
        name = engine.dialect.name
        async with engine.connect() as conn:
            async def first_rows() -> Any:
                result = await conn.stream(text(big_query(name, _rows(engine))))
                rows = []
                async for row in result:
                    rows.append(row)
                    if len(rows) == 2500:
                        break
                rows += await result.fetchmany(100)
                return result, rows

            result, rows = await first_rows()
            assert [r.n for r in rows] == list(range(1, 2601))
            assert isinstance(result._real.cursor, StreamingCursor)
            await result.close()
            assert result.closed
            assert await conn.scalar(text("SELECT 1")) == 1
            await conn.commit()

    _run(aurl, body)


def test_connection_stream_memory_stays_bounded(aurl: str) -> None:
    """The same read under tracemalloc: the event loop runs inside the traced span."""
    async def body(engine: Any) -> None:
        async with engine.connect() as conn:
            result = await conn.stream(text(big_query(engine.dialect.name, _rows(engine))),
                                       execution_options={"yield_per": 500})
            sizes = []
            async for part in result.partitions():
                sizes.append(len(part))
                if len(sizes) == 4:
                    break
            await result.close()
            assert sizes == [500] * 4
            assert await conn.scalar(text("SELECT 2")) == 2

    _, peak = traced_peak(lambda: _run(aurl, body))
    assert peak < PEAK_BOUND


def test_session_stream_yield_per_objects(aurl: str) -> None:
    async def body(engine: Any) -> None:
        stmt = select(Row_).from_statement(text(big_query(engine.dialect.name, _rows(engine), id_col="id")))
        async with AsyncSession(engine) as session:
            result = await session.stream_scalars(stmt.execution_options(yield_per=200))
            objs = []
            async for obj in result:
                objs.append(obj)
                if len(objs) == 450:
                    break
            assert [o.id for o in objs] == list(range(1, 451))
            assert await session.get(Row_, 450) is objs[-1]  # in the identity map, no SQL needed
            await result.close()
            assert (await session.execute(select(text("3")))).scalar() == 3

    _, peak = traced_peak(lambda: _run(aurl, body))
    assert peak < PEAK_BOUND


def test_execute_refuses_a_server_side_cursor(aurl: str) -> None:
    async def body(engine: Any) -> None:
        q = text(big_query(engine.dialect.name, 10))
        async with engine.connect() as conn:
            with pytest.raises(AsyncMethodRequired, match=r"AsyncConnection\.execute\(\) method with a "
                               r"server-side cursor. Use the AsyncConnection\.stream\(\)"):
                await conn.execute(q, execution_options={"stream_results": True})
            with pytest.raises(AsyncMethodRequired, match=r"AsyncConnection\.exec_driver_sql\(\)"):
                await conn.exec_driver_sql(big_query(engine.dialect.name, 10),
                                           execution_options={"yield_per": 5})
            assert [r.n for r in await (await conn.stream(q)).all()] == list(range(1, 11))
        async with AsyncSession(engine) as session:
            stmt = select(Row_).from_statement(text(big_query(engine.dialect.name, 10, id_col="id")))
            with pytest.raises(AsyncMethodRequired, match=r"AsyncSession\.execute\(\)"):
                await session.execute(stmt.execution_options(yield_per=5))
            assert len((await session.scalars(stmt)).all()) == 10  # plain execute still works

    _run(aurl, body)


def test_postgresql_async_rows_are_produced_only_as_fetched(aurl: str) -> None:
    if not aurl.startswith("postgresql"):
        pytest.skip("a sequence counting produced rows is a PostgreSQL proof (see test_streaming.py)")

    async def body(engine: Any) -> None:
        async with engine.connect() as ddl:
            await ddl.exec_driver_sql("DROP SEQUENCE IF EXISTS orm_async_stream_seq")
            await ddl.exec_driver_sql("CREATE SEQUENCE orm_async_stream_seq")
            await ddl.commit()
        try:
            async with engine.connect() as conn, engine.connect() as spy:
                async def produced() -> int:
                    value, called = (await spy.execute(text(
                        "SELECT last_value, is_called FROM orm_async_stream_seq"))).one()
                    await spy.rollback()
                    return int(value) if called else 0

                result = await conn.stream(text(
                    "SELECT nextval('orm_async_stream_seq') AS n, repeat('x', 200) AS pad "
                    f"FROM generate_series(1, {MILLIONS})"), execution_options={"yield_per": 300})
                assert len(await result.fetchmany(300)) == 300
                assert await produced() == 300
                assert len(await result.fetchmany(300)) == 300
                assert await produced() == 600
                await result.close()
                assert await produced() == 600
                assert await conn.scalar(text("SELECT 4")) == 4
        finally:
            async with engine.connect() as ddl:
                await ddl.exec_driver_sql("DROP SEQUENCE IF EXISTS orm_async_stream_seq")
                await ddl.commit()

    _run(aurl, body)


def test_statement_mid_stream_loses_no_row(aurl: str) -> None:
    async def body(engine: Any) -> None:
        async with engine.connect() as conn:
            result = await conn.stream(text(big_query(engine.dialect.name, 3000)),
                                       execution_options={"max_row_buffer": 50})
            got = [r.n for r in await result.fetchmany(10)]
            assert await conn.scalar(text("SELECT 5")) == 5
            got += [r.n async for r in result]
            assert got == list(range(1, 3001))

    _run(aurl, body)
