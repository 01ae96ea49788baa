"""ORM106 deferred-column-in-loop: a deferred column loaded once per row of a loop."""
from __future__ import annotations

from typing import Iterable

from analysis.findings import Finding
from analysis.flow.fixes import undefer_fix
from analysis.flow.report import by_site, event_range, listing, related_locations, snippet
from analysis.rules.base import Rule, RuleContext

_MODELS = '''
from sqlalchemy import String, Text, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, defer, load_only, mapped_column,
                            undefer)


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, deferred=True)
'''


class DeferredColumnInLoop(Rule):
    """A deferred column read once per row of a loop: one SELECT per row.

    ## What it does
    Finds reads, per row of a loop over query results, of a column that the query does not
    load: mapped with `deferred()` / `mapped_column(deferred=True)`, or excluded by the query's
    `defer(...)` or `load_only(...)`, and not brought back with `undefer(...)`.

    ## Why is this bad?
    A deferred column is loaded on first access with its own SELECT, per object: deferring a
    large column to save bandwidth and then reading it in a loop costs one round trip per row.

    ## Example
    ```python
    for article in session.scalars(select(Article)):
        print(len(article.body))                  # one SELECT per article
    ```

    ## Use instead
    ```python
    for article in session.scalars(select(Article).options(undefer(Article.body))):
        print(len(article.body))
    ```

    ## Fix safety
    The fix adds `.options(undefer(Model.column))` to the statement (after `defaultload(...)`
    steps when the objects are reached through relationships).  The column is then loaded with
    the rows: the intent of the deferral (less data) is given up for this query only.
    """

    code = "ORM106"
    name = "deferred-column-in-loop"
    severity = "warning"

    VALID = [
        _MODELS + '''
def bodies(session: Session):
    return [a.body for a in session.scalars(select(Article).options(undefer(Article.body)))]
''',
        _MODELS + '''
def titles(session: Session):
    return [a.title for a in session.scalars(select(Article).options(load_only(Article.title)))]
''',
    ]
    INVALID = [
        _MODELS + '''
def bodies(session: Session):
    return [len(a.body) for a in session.scalars(select(Article))]  # error
''',
        _MODELS + '''
def summaries(session: Session):
    for article in session.scalars(select(Article).options(load_only(Article.title))):
        print(article.title, article.summary)  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        flow = ctx.flow
        if flow is None:
            return
        reads = [r for r in flow.column_reads if r.per_row and not r.is_async]   # async: ORM103
        for group in by_site(reads, ctx.module):
            read = group[0]
            text = snippet(read.where.module, read.where.node)
            where = "" if not read.where.via_call else \
                f" (in {read.where.module.module_name})"
            names = listing([f"{r.instance.model.name}.{r.column.key}" for r in group])
            message = (f"`{text}`{where} loads the deferred column {names} once per row (N+1 "
                       f"queries); undefer it on the query")
            yield ctx.finding(event_range(ctx.module, read.where), message,
                              fix=(undefer_fix(read, ctx.project, ctx.path)
                                   if len(group) == 1 else None),
                              related=related_locations(read.where, read.instance,
                                                        "the column is read here"))
