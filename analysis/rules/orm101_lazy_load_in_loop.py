"""ORM101 lazy-load-in-loop: a relationship lazy-loaded once per row of a loop (N+1 queries)."""
from __future__ import annotations

from typing import Iterable

from analysis.findings import Finding
from analysis.flow.fixes import eager_load_fix
from analysis.flow.report import (by_site, event_range, grouped_finding, listing, object_name,
                                  related_locations, snippet)
from analysis.rules.base import Rule, RuleContext


def covering_read(group: list):
    """The read whose chained eager load also covers the others of ``group`` (same query, and
    their paths are prefixes of its path), or None."""
    def path(read) -> tuple:
        return tuple((m.qualname, r.key) for m, r in read.instance.path) + \
            ((read.instance.model.qualname, read.rel.key),)

    longest = max(group, key=lambda r: len(path(r)))
    origin = longest.instance.origin
    for read in group:
        if read.instance.origin is not origin and (
                read.instance.origin is None or origin is None or
                read.instance.origin.node is not origin.node):
            return None
        if path(longest)[:len(path(read))] != path(read):
            return None
    return longest

_MODELS = '''
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.orm import joinedload, selectinload


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")
    comments: Mapped[list["Comment"]] = relationship()


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
'''


class LazyLoadInLoop(Rule):
    """A relationship lazy-loaded once per row of a loop over query results (N+1 queries).

    ## What it does
    Finds reads of a relationship (a collection such as `user.posts` or a many-to-one such as
    `post.author`) on objects that a loop, a comprehension, `map()` or a helper called from the
    loop takes one by one from a query result, when the query did not eager-load that
    relationship.  Paths are followed: `selectinload(User.posts)` covers `user.posts` but not
    `post.comments` of each of those posts.

    ## Why is this bad?
    A relationship that is not loaded with the rows is loaded on first access with its own
    SELECT: one query for the list, then one more per row (the "N+1" pattern).  It is invisible
    in development with ten rows and dominates response time in production with ten thousand.

    ## Example
    ```python
    for user in session.scalars(select(User)):
        print(user.name, len(user.posts))        # one SELECT per user
    ```

    ## Use instead
    ```python
    for user in session.scalars(select(User).options(selectinload(User.posts))):
        print(user.name, len(user.posts))        # two SELECTs in total
    ```

    ## Fix safety
    The fix adds `.options(selectinload(...))` (chained for nested paths) to the statement that
    produced the rows, and imports `selectinload`.  It loads the same objects with one extra
    SELECT ... IN per relationship instead of one per row, so results are unchanged; memory use
    grows when the loop would have stopped early.
    """

    code = "ORM101"
    name = "lazy-load-in-loop"
    severity = "warning"

    VALID = [
        _MODELS + '''
def report(session: Session):
    stmt = select(User).options(selectinload(User.posts).selectinload(Post.comments))
    for user in session.scalars(stmt):
        for post in user.posts:
            print(len(post.comments), post.author.name)   # author: back to the loaded user
''',
        _MODELS + '''
def first_user_posts(session: Session):
    user = session.get(User, 1)
    return [p.title for p in user.posts]        # one user: one lazy load, not N
''',
        _MODELS + '''
def titles(session: Session):
    posts = session.scalars(select(Post).options(joinedload(Post.author))).all()
    return [f"{p.title} by {p.author.name}" for p in posts]
''',
        _MODELS + '''
def ids(session: Session):
    return [p.user_id for p in session.scalars(select(Post))]   # a column, not the relationship
''',
    ]
    INVALID = [
        _MODELS + '''
def report(session: Session):
    for user in session.scalars(select(User)).all():
        print(user.name, len(user.posts))  # error
''',
        _MODELS + '''
def digest(session: Session):
    users = session.scalars(select(User).options(selectinload(User.posts))).all()
    return [len(post.comments) for user in users for post in user.posts]  # error
''',
        _MODELS + '''
def byline(post):
    return post.author.name  # error


def bylines(session: Session):
    stmt = select(Post).order_by(Post.id)
    stmt = stmt.limit(20)
    return [byline(p) for p in session.scalars(stmt)]
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        flow = ctx.flow
        if flow is None:
            return
        reads = [r for r in flow.relationship_reads
                 if r.strategy == "select" and r.per_row and not r.identity_map and
                 (not r.is_async or r.awaited)]    # async reads are ORM103 (MissingGreenlet)
        for group in by_site(reads, ctx.module):
            read = covering_read(group)
            names = [f"{object_name(r.instance)}.{r.rel.key}" for r in group]
            if len(set(names)) > 1 and read is None:
                yield grouped_finding(ctx, group, f"lazy-loads {listing(names)} once per row "
                                                  f"(N+1 queries)", "is lazy-loaded here")
                continue
            read = read or group[0]
            text = snippet(read.where.module, read.where.node)
            where = "" if not read.where.via_call else \
                f" (in {read.where.module.module_name})"
            message = (f"`{text}`{where} lazy-loads {listing(names)} once per row "
                       f"(N+1 queries); eager-load it on the query, e.g. "
                       f"`selectinload({read.instance.model.name}.{read.rel.key})`")
            yield ctx.finding(event_range(ctx.module, read.where), message,
                              fix=eager_load_fix(read, ctx.project, ctx.path),
                              related=related_locations(read.where, read.instance,
                                                        "the relationship is read here"))
