"""ORM206 cartesian-product: a FROM entity linked to the others by no join or condition."""
from __future__ import annotations

from typing import Iterable, Optional

import libcst as cst

from analysis.findings import Finding
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_models import table_names
from analysis.rules.orm2_subquery_froms import subquery_cartesian
from analysis.rules.orm2_scan import EntityRef, ModuleScan, Scope, module_scan
from analysis.rules.orm2_statements import (EXECUTE_METHODS, QUERY_TERMINALS, FromGraph,
                                            Statement, entity_key, flatten, statement_graph)

_HEADER = '''from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


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

'''


class CartesianProduct(Rule):
    """A statement whose FROM entities are not all linked by joins or conditions.

    ## What it does
    For statements that are executed (`session.execute(stmt)`, `session.scalars(...)`,
    `session.query(...).all()`, ...), collects the entities in the FROM clause -- selected,
    `select_from`, joined, or only mentioned in `where()` -- and the links between them:
    joins, and comparisons with one entity on each side (`User.id == Post.user_id`), as
    SQLAlchemy's "from linter" counts them.  When they fall into more than one group, the
    database computes every combination of the groups' rows.  Subqueries, `EXISTS`,
    `any()`/`has()` and raw `text()` conditions are not second-guessed: a statement with one
    of these in its conditions is not reported.  A subquery or CTE built from `select(...)`
    nearby and used through its columns (`counts.c.n`) is a FROM element too: selected or
    compared without a join or a comparison linking it to the rest, it is reported.

    ## Why is this bad?
    `select(User, Post).where(User.id == 5)` returns each of the user's rows once per post in
    the table: wrong results that grow with the data, slowly.  SQLAlchemy warns at runtime
    ("SELECT statement has a cartesian product between FROM element(s)"), but only when the
    statement runs and warnings are visible.

    ## Example
    ```python
    session.execute(select(User.name, Post.title).where(Post.title.like("%sql%")))
    ```

    ## Use instead
    ```python
    session.execute(select(User.name, Post.title).join(User.posts)
                    .where(Post.title.like("%sql%")))
    ```

    ## Fix safety
    No fix is offered: the intended join condition is for the author to choose.
    """

    code = "ORM206"
    name = "cartesian-product"
    severity = "warning"

    VALID = [
        _HEADER + '''
def fine(session: Session, uid: int):
    session.execute(select(User, Post).where(User.id == Post.user_id))
    session.execute(select(User.name, Post.title).join(User.posts))
    session.execute(select(User).where(User.id.in_(select(Post.user_id))))
    session.execute(select(User).where(User.posts.any(Post.title == "x")))
    session.execute(select(func.count()).select_from(User))
    session.query(User, Post).filter(Post.author_id == User.id).all()
    session.query(User).join(Post).filter(Post.title == "x").all()
    stmt = select(User).where(User.id == uid)
    stmt = stmt.join(Post)
    return session.scalars(stmt)
''',
    ]
    INVALID = [
        _HEADER + '''
def with_counts(session: Session):
    counts = select(Post.user_id, func.count(Post.id).label("n")).group_by(Post.user_id).subquery()
    return session.execute(select(User.name, counts.c.n).where(counts.c.n > 1))  # error
''',
        _HEADER + '''
def broken(session: Session, uid: int):
    session.execute(select(User, Post).where(User.id == uid))  # error
    session.execute(select(User).where(Post.title == "x"))  # error
    session.query(User, Post).filter(User.name == "ada").all()  # error
    stmt = select(User.name, func.count(Post.id))  # error
    return session.execute(stmt)
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        scan = module_scan(ctx)
        done: set[int] = set()
        for node, scope in _executed(scan):
            stmt, graph = statement_graph(scan, node, scope)
            if stmt is None or graph is None or id(stmt.origin) in done:
                continue
            message = _problem(scan, stmt, graph)
            if message is None and not graph.ok:
                message = subquery_cartesian(scan, stmt)
            if message:
                done.add(id(stmt.origin))
                yield ctx.finding(stmt.origin, message)


def _executed(scan: ModuleScan) -> Iterable[tuple[cst.BaseExpression, Scope]]:
    """Statement expressions that run: arguments of execute()-like calls, legacy Query chains
    ending in a terminal method, and the iterables of for loops over a Query."""
    for call, scope, _ in scan.calls_named(*EXECUTE_METHODS):
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        if positional:
            yield positional[0], scope
    for iterable, scope in scan.iterated:
        base, calls = flatten(iterable, scan, scope)
        if calls and calls[0][0] == "query" or isinstance(base, cst.Attribute) and \
                base.attr.value == "query":
            yield iterable, scope
    for call, scope, method in scan.calls_named(*QUERY_TERMINALS):
        if call.args and method not in ("paginate",):
            continue
        receiver = call.func.value          # type: ignore[attr-defined]
        base, calls = flatten(receiver, scan, scope)
        if calls and calls[0][0] == "query" or isinstance(base, cst.Attribute) and \
                base.attr.value == "query":
            yield receiver, scope


def _problem(scan: ModuleScan, stmt: Statement, graph: FromGraph) -> Optional[str]:
    if stmt.kind not in ("select", "query") or not graph.ok or graph.raw_sql or \
            len(graph.nodes) < 2:
        return None
    _link_shared_tables(graph)
    groups = graph.components()
    if len(groups) < 2:
        return None
    groups.sort(key=len, reverse=True)
    main = groups[0]
    stray = [e for group in groups[1:] for e in group]
    return (f"cartesian product: {_names(stray)} {'is' if len(stray) == 1 else 'are'} not "
            f"linked to {_names(main)} by any join or condition, so every row pairs with "
            f"every row of the other (SQLAlchemy's from linter warns at runtime); "
            f"{_hint(stray, main)}")


def _link_shared_tables(graph: FromGraph) -> None:
    """Entities mapping the same table (single-table inheritance) are one FROM element."""
    entities = [e for e in graph.nodes.values() if e.alias is None]
    for i, a in enumerate(entities):
        tables_a = set(table_names(a.model))
        for b in entities[i + 1:]:
            if tables_a & set(table_names(b.model)):
                graph.link(entity_key(a), entity_key(b))


def _names(entities: list[EntityRef]) -> str:
    return ", ".join(f"`{e.label}`" for e in entities)


def _hint(stray: list[EntityRef], main: list[EntityRef]) -> str:
    for a in main:
        for key, rel in a.model.all_relationships().items():
            if any(rel.target_qualname == b.model.qualname for b in stray):
                return f"join along the relationship (`.join({a.label}.{key})`)"
    for b in stray:
        for key, rel in b.model.all_relationships().items():
            if any(rel.target_qualname == a.model.qualname for a in main):
                return f"join along the relationship (`.join({b.label}.{key})`)"
    return "add a join or a join condition"
