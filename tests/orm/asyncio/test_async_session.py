"""AsyncSession with the ORM on real databases: CRUD, selectinload, MissingGreenlet on a lazy
load, awaitable_attrs, run_sync, stream."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest

from asyncio_models import make_models, recreate
from orm import func, select
from orm.exc import MissingGreenlet
from orm.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from orm.session import selectinload


def _run(aurl: str, body: Any) -> None:
    async def main() -> None:
        engine = create_async_engine(aurl)
        m = make_models()
        try:
            await recreate(engine, m)
            await body(engine, m)
        finally:
            async with engine.begin() as conn:
                await conn.run_sync(m.Base.metadata.drop_all)
            await engine.dispose()

    asyncio.run(main())


def test_crud(aurl: str) -> None:
    async def body(engine: Any, m: Any) -> None:
        Session = async_sessionmaker(engine, expire_on_commit=False)
        async with Session() as s:
            async with s.begin():
                s.add_all([m.User(name="ann", posts=[m.Post(title="p1"), m.Post(title="p2")]),
                           m.User(name="bob")])
        async with Session() as s:
            ann = (await s.scalars(select(m.User).where(m.User.name == "ann"))).one()
            assert await s.get(m.User, ann.id) is ann
            ann.name = "anna"
            await s.flush()
            assert await s.scalar(select(func.count()).select_from(m.User)) == 2
            await s.commit()
            assert ann.name == "anna"  # expire_on_commit=False: no reload needed
            bob = await s.scalar(select(m.User).where(m.User.name == "bob"))
            await s.delete(bob)
            await s.commit()
        async with Session.begin() as s:
            names = (await s.scalars(select(m.User.name).order_by(m.User.name))).all()
            assert names == ["anna"]
            merged = await s.merge(m.User(id=ann.id, name="ann again"))
            assert merged.name == "ann again"
        async with AsyncSession(engine) as s:
            got = await s.get(m.User, ann.id)
            assert got.name == "ann again"
            await s.rollback()

    _run(aurl, body)


def test_selectinload_and_missing_greenlet(aurl: str) -> None:
    async def body(engine: Any, m: Any) -> None:
        async with AsyncSession(engine) as s:
            s.add(m.User(name="ann", posts=[m.Post(title="p1"), m.Post(title="p2")]))
            await s.commit()
        async with AsyncSession(engine) as s:
            users = (await s.scalars(select(m.User).options(selectinload(m.User.posts)))).all()
            assert [p.title for p in users[0].posts] == ["p1", "p2"]
        async with AsyncSession(engine) as s:
            user = await s.scalar(select(m.User))
            with pytest.raises(MissingGreenlet, match="greenlet_spawn has not been called.*awaitable_attrs"):
                user.posts
            # The failed load left nothing behind: the awaitable form works afterwards.
            posts = await user.awaitable_attrs.posts
            assert [p.title for p in posts] == ["p1", "p2"]
            author = await posts[0].awaitable_attrs.author
            assert author is user
            titles = await s.run_sync(lambda ss: [p.title for p in ss.get(m.User, user.id).posts])
            assert titles == ["p1", "p2"]

    _run(aurl, body)


def test_expire_on_commit_and_refresh(aurl: str) -> None:
    async def body(engine: Any, m: Any) -> None:
        async with AsyncSession(engine) as s:  # expire_on_commit=True (the default)
            user = m.User(name="ann")
            s.add(user)
            await s.commit()
            with pytest.raises(MissingGreenlet):
                user.name
            await s.refresh(user)
            assert user.name == "ann"
            await s.refresh(user, ["posts"])
            assert user.posts == []

    _run(aurl, body)


def test_nested_transaction_and_stream(aurl: str) -> None:
    async def body(engine: Any, m: Any) -> None:
        async with AsyncSession(engine) as s:
            s.add(m.User(name="keep"))
            async with s.begin_nested():
                s.add(m.User(name="kept too"))
            nested = await s.begin_nested()
            s.add(m.User(name="dropped"))
            await nested.rollback()
            await s.commit()
        async with AsyncSession(engine) as s:
            result = await s.stream(select(m.User).order_by(m.User.id))
            names = [u.name async for u in result.scalars()]
            assert names == ["keep", "kept too"]
            streamed = await s.stream_scalars(
                select(m.User).order_by(m.User.id).execution_options(yield_per=1))
            assert [u.name async for u in streamed] == ["keep", "kept too"]

    _run(aurl, body)


def test_async_sessionmaker_rejects_a_sync_class() -> None:
    from orm import Session
    from orm.exc import ArgumentError

    with pytest.raises(ArgumentError, match="AsyncSession class"):
        async_sessionmaker(class_=Session)
