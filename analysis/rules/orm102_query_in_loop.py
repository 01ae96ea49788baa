"""ORM102 query-in-loop: a statement executed once per row of a loop over query results."""
from __future__ import annotations

from typing import Iterable

from analysis.findings import Finding
from analysis.flow.report import (by_site, event_range, grouped_finding, listing,
                                  related_locations, snippet)
from analysis.rules.base import Rule, RuleContext

_MODELS = '''
from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
'''


class QueryInLoop(Rule):
    """A query executed once per row of a loop over query results (N+1 queries).

    ## What it does
    Finds statements executed inside a loop (or a comprehension, or a helper called from one)
    over the rows of a query, whose criteria use the current row: `session.get(User,
    post.user_id)`, `session.scalars(select(...).where(X.y == row.id))`, `.first()`, `.one()`,
    `.scalar()`, `.count()` of a legacy `session.query(...)` / Flask `Model.query`, or iterating
    such a query.  A statement that does not depend on the row but sits in a loop over rows
    runs once per row too (only `session.get` of a fixed key is answered by the identity map).
    Loops that fetch a batch per iteration (keyset pagination, `in_()` over a chunk) are not
    reported.  A query loading a relationship with `immediateload()` (or `lazy="immediate"`)
    is reported where it runs: it emits one SELECT per row as its rows load.

    ## Why is this bad?
    Each iteration pays a round trip to the database: one query for the list, then one per row.
    The total grows with the data, and the cost is invisible on a development database.

    ## Example
    ```python
    for post in session.scalars(select(Post)):
        author = session.get(User, post.user_id)       # one SELECT per post
    ```

    ## Use instead
    ```python
    posts = session.scalars(select(Post)).all()
    users = {u.id: u for u in session.scalars(
        select(User).where(User.id.in_({p.user_id for p in posts})))}
    for post in posts:
        author = users[post.user_id]
    ```
    or map a relationship (`Post.author`) and eager-load it with `selectinload`.

    ## Fix safety
    No automatic fix: batching the lookups changes the shape of the code (a dictionary, a
    relationship, or a join), which only the author can choose.
    """

    code = "ORM102"
    name = "query-in-loop"
    severity = "warning"

    VALID = [
        _MODELS + '''
def export(session: Session):
    last_id = 0
    while True:
        batch = session.scalars(select(Post).where(Post.id > last_id).limit(500)).all()
        if not batch:
            break
        last_id = batch[-1].id
''',
        _MODELS + '''
def owners(session: Session):
    posts = session.scalars(select(Post)).all()
    ids = {p.user_id for p in posts}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}
    return [users.get(p.user_id) for p in posts]
''',
        _MODELS + '''
def same_admin(session: Session):
    for post in session.scalars(select(Post)):
        admin = session.get(User, 1)          # the same row every time: identity map
''',
    ]
    INVALID = [
        _MODELS.replace("from sqlalchemy.orm import", "from sqlalchemy.orm import immediateload, "
                        "relationship,")
        .replace("    user_id: Mapped[int]", "    author: Mapped[User] = relationship()\n"
                 "    user_id: Mapped[int]") + '''
def authors(session: Session):
    return session.scalars(select(Post).options(immediateload(Post.author))).all()  # error
''',
        _MODELS + '''
def bylines(session: Session):
    for post in session.scalars(select(Post)):
        author = session.get(User, post.user_id)  # error
''',
        _MODELS + '''
def counts(session: Session):
    return {
        u.name: session.scalar(select(func.count()).where(Post.user_id == u.id))  # error
        for u in session.scalars(select(User))
    }
''',
        _MODELS + '''
def author_of(session, post):
    stmt = select(User).where(User.id == post.user_id)
    return session.scalars(stmt).first()  # error


def bylines(session: Session):
    return [author_of(session, p) for p in session.query(Post).all()]
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        flow = ctx.flow
        if flow is None:
            return
        reported: set[int] = set()
        for run in flow.queries:
            if run.immediate and not run.where.via_call and id(run.where.node) not in reported:
                reported.add(id(run.where.node))
                names = listing([f"`{name}`" for name in run.immediate])
                yield ctx.finding(event_range(ctx.module, run.where), (
                    f"`{snippet(run.where.module, run.where.node)}` loads {names} with one "
                    f"SELECT per row as the rows load (immediate loading, N+1 queries); use "
                    f"selectinload()"))
        runs = [r for r in flow.queries if r.in_loop and not r.dynamic and
                id(r.where.node) not in reported and
                (r.row_dependent or (r.in_row_loop and r.what != "get"))]
        for group in by_site(runs, ctx.module):
            run = group[0]
            sites = len({id(r.where.node) for r in group})
            if sites > 1:
                # one count per statement that runs (three helpers may each hold the same text)
                names = list(dict.fromkeys(f"`{snippet(r.where.module, r.where.node)}`"
                                           for r in group))
                yield grouped_finding(ctx, group, f"runs {sites} queries per row of "
                                                  f"the loop ({listing(names, 2)}; N+1 queries)",
                                      "runs here")
                continue
            text = snippet(run.where.module, run.where.node)
            where = "" if not run.where.via_call else f" (in {run.where.module.module_name})"
            message = (f"`{text}`{where} runs one query per row of the loop (N+1 queries); "
                       f"load what the loop needs with one query before it, or eager-load a "
                       f"relationship")
            yield ctx.finding(event_range(ctx.module, run.where), message,
                              related=related_locations(run.where, None,
                                                        "the query runs here"))
