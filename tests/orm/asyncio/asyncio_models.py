"""Models of the asyncio tests (own table names: ``aio_``), made fresh per engine."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Optional

from orm import DeclarativeBase, ForeignKey, Mapped, String, mapped_column, relationship
from orm.ext.asyncio import AsyncAttrs


def make_models() -> SimpleNamespace:
    # Unique per xdist worker so parallel runs on one PostgreSQL server do not collide.
    suffix = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class Base(AsyncAttrs, DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = f"aio_users_{suffix}"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(50))
        posts: Mapped[list["Post"]] = relationship(back_populates="author",
                                                   cascade="all, delete-orphan",
                                                   order_by="Post.id")

    class Post(Base):
        __tablename__ = f"aio_posts_{suffix}"
        id: Mapped[int] = mapped_column(primary_key=True)
        title: Mapped[str] = mapped_column(String(50))
        user_id: Mapped[Optional[int]] = mapped_column(ForeignKey(f"aio_users_{suffix}.id"))
        author: Mapped[Optional[User]] = relationship(back_populates="posts")

    return SimpleNamespace(Base=Base, User=User, Post=Post)


async def recreate(engine: Any, models: SimpleNamespace) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(models.Base.metadata.drop_all)
        await conn.run_sync(models.Base.metadata.create_all)
