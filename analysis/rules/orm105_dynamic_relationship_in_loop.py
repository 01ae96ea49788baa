"""ORM105 dynamic-relationship-in-loop: a dynamic / write-only relationship queried per row."""
from __future__ import annotations

from typing import Iterable

from analysis.findings import Finding
from analysis.flow.report import by_site, event_range, related_locations, snippet
from analysis.rules.base import Rule, RuleContext

_MODELS = '''
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import (DeclarativeBase, DynamicMapped, Mapped, Session, WriteOnlyMapped,
                            mapped_column, relationship)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    posts: DynamicMapped["Post"] = relationship()
    events: WriteOnlyMapped["Event"] = relationship()


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
'''


class DynamicRelationshipInLoop(Rule):
    """A `lazy="dynamic"` or write-only relationship queried once per row of a loop.

    ## What it does
    Finds a dynamic relationship (`lazy="dynamic"`, `DynamicMapped`) whose query runs for every
    row of a loop over query results — `user.posts.count()`, `user.posts.all()`,
    `user.posts.filter(...).first()`, iterating `user.posts` — and the `select()` of a write-only
    relationship (`WriteOnlyMapped`) executed per row.

    ## Why is this bad?
    A dynamic relationship is a query, not a collection: every use runs a SELECT.  In a loop over
    N rows that is N queries, and eager loading cannot be applied to it.

    ## Example
    ```python
    for user in session.scalars(select(User)):
        print(user.name, user.posts.count())      # one COUNT per user
    ```

    ## Use instead
    ```python
    counts = select(Post.user_id, func.count()).group_by(Post.user_id)
    by_user = dict(session.execute(counts).all())
    for user in session.scalars(select(User)):
        print(user.name, by_user.get(user.id, 0))
    ```

    ## Fix safety
    No automatic fix: dynamic and write-only relationships do not support eager loading, so the
    remedy is an aggregate query or a second mapping of the relationship, which only the author
    can choose.
    """

    code = "ORM105"
    name = "dynamic-relationship-in-loop"
    severity = "warning"

    VALID = [
        _MODELS + '''
def one_user(session: Session):
    user = session.get(User, 1)
    return user.posts.count()
''',
        _MODELS + '''
def add_events(session: Session):
    for user in session.scalars(select(User)):
        user.events.add(Event())                  # no SELECT: only an INSERT at flush
''',
    ]
    INVALID = [
        _MODELS + '''
def counts(session: Session):
    return {u.name: u.posts.count() for u in session.scalars(select(User))}  # error
''',
        _MODELS + '''
def recent(session: Session):
    for user in session.scalars(select(User)).all():
        events = session.scalars(user.events.select().limit(5)).all()  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        flow = ctx.flow
        if flow is None:
            return
        runs = [r for r in flow.queries
                if r.dynamic and r.statement is not None and r.statement.dynamic is not None and
                (r.statement.dynamic.per_row or (r.in_loop and r.row_dependent))]
        for group in by_site(runs, ctx.module):
            run = group[0]
            owner = run.statement.dynamic
            node = run.statement.dynamic_node
            text = snippet(run.where.module, node if node is not None else run.where.node)
            where = "" if not run.where.via_call else f" (in {run.where.module.module_name})"
            message = (f"`{text}`{where} queries a dynamic relationship of "
                       f"{owner.model.name} once per row (N+1 queries); aggregate or load the "
                       f"related rows for all parents with one query")
            yield ctx.finding(event_range(ctx.module, run.where), message,
                              related=related_locations(run.where, owner,
                                                        "the relationship is queried here"))
