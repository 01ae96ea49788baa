"""ORM103 lazy-load-in-async: a lazy load on an object of an AsyncSession (MissingGreenlet)."""
from __future__ import annotations

from typing import Iterable

from analysis.findings import Finding
from analysis.flow.fixes import eager_load_fix, undefer_fix
from analysis.flow.report import (by_site, event_range, listing, object_name, related_locations,
                                  snippet)
from analysis.rules.base import Rule, RuleContext

_MODELS = '''
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload


class Base(AsyncAttrs, DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    posts: Mapped[list["Post"]] = relationship()


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
'''


class LazyLoadInAsync(Rule):
    """A lazy load on an object loaded through an `AsyncSession` (raises `MissingGreenlet`).

    ## What it does
    Finds reads of a relationship (or of a deferred column) that is not loaded yet, on objects
    that an `await session.execute(...)`, `await session.scalars(...)`, `await session.get(...)`
    or `session.stream(...)` returned: anywhere in the code, not only in loops.

    ## Why is this bad?
    Under asyncio a lazy load cannot run implicitly: the attribute access raises
    `sqlalchemy.exc.MissingGreenlet` ("greenlet_spawn has not been called") at runtime.  Even where
    it works (`run_sync`), it is one hidden query per object.

    ## Example
    ```python
    user = await session.get(User, user_id)
    titles = [p.title for p in user.posts]        # MissingGreenlet
    ```

    ## Use instead
    ```python
    user = await session.get(User, user_id, options=[selectinload(User.posts)])
    titles = [p.title for p in user.posts]
    # or: posts = await user.awaitable_attrs.posts
    ```

    ## Fix safety
    The fix adds `.options(selectinload(...))` to the statement that loaded the objects (or
    `undefer(...)` for a deferred column).  It makes the access work; the extra SELECT runs with the
    query instead of at the access.
    """

    code = "ORM103"
    name = "lazy-load-in-async"
    severity = "error"

    VALID = [
        _MODELS + '''
async def profile(session: AsyncSession, user_id: int):
    stmt = select(User).where(User.id == user_id).options(selectinload(User.posts))
    user = (await session.scalars(stmt)).one()
    return [p.title for p in user.posts]
''',
        _MODELS + '''
async def profile(session: AsyncSession, user_id: int):
    user = await session.get(User, user_id)
    posts = await user.awaitable_attrs.posts
    return [p.title for p in posts] + [p.title for p in user.posts]
''',
    ]
    INVALID = [
        _MODELS + '''
async def profile(session: AsyncSession, user_id: int):
    user = await session.get(User, user_id)
    return [p.title for p in user.posts]  # error
''',
        _MODELS + '''
async def names(session: AsyncSession):
    result = await session.execute(select(User))
    for user in result.scalars():
        print(user.name, len(user.posts))  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        flow = ctx.flow
        if flow is None:
            return
        reads = [r for r in flow.relationship_reads
                 if r.is_async and not r.awaited and r.strategy == "select" and
                 not r.identity_map]
        for group in by_site(reads, ctx.module):
            read = group[0]
            text = snippet(read.where.module, read.where.node)
            where = "" if not read.where.via_call else \
                f" (in {read.where.module.module_name})"
            names = listing([f"{object_name(r.instance)}.{r.rel.key}" for r in group])
            message = (f"`{text}`{where} lazy-loads {names} on an object of an "
                       f"AsyncSession: this raises "
                       f"MissingGreenlet; eager-load it (selectinload) or "
                       f"`await obj.awaitable_attrs.{read.rel.key}`")
            yield ctx.finding(event_range(ctx.module, read.where), message,
                              fix=(eager_load_fix(read, ctx.project, ctx.path)
                                   if len(group) == 1 else None),
                              related=related_locations(read.where, read.instance,
                                                        "the relationship is read here"))
        columns = [c for c in flow.column_reads if c.is_async]
        for group in by_site(columns, ctx.module):
            column = group[0]
            text = snippet(column.where.module, column.where.node)
            message = (f"`{text}` loads the deferred column {column.instance.model.name}."
                       f"{column.column.key} on an object of an AsyncSession: this raises "
                       f"MissingGreenlet; undefer it on the query")
            yield ctx.finding(event_range(ctx.module, column.where), message,
                              fix=(undefer_fix(column, ctx.project, ctx.path)
                                   if len(group) == 1 else None),
                              related=related_locations(column.where, column.instance,
                                                        "the column is read here"))
