"""ORM204 join-without-fk-path: ``.join(Entity)`` with no ON clause and no foreign key to use."""
from __future__ import annotations

from typing import Iterable, Optional

import libcst as cst

from analysis.findings import Finding, Position, Range
from analysis.index.model import ModelInfo, ProjectIndex
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_models import constraint_fks, fk_targets, model_is_complete, \
    table_names
from analysis.rules.orm2_scan import EntityRef, module_scan
from analysis.rules.orm2_statements import JoinCheck, statement_graph

_HEADER = '''from sqlalchemy import Column, ForeignKey, String, Table, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    tags: Mapped[list["Tag"]] = relationship(secondary=post_tags)


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))

'''


class JoinWithoutForeignKeyPath(Rule):
    """A join to an entity with no ON clause and no foreign key between it and the statement.

    ## What it does
    For `select(...).join(Target)` / `session.query(...).join(Target)` (and `outerjoin`,
    `join_from`) written without an ON clause, looks for a foreign key between `Target`'s
    table(s) and the tables of the entities already in the statement (selected, `select_from`,
    joined before), in either direction, as SQLAlchemy does.  Joins along a relationship
    (`.join(Post.tags)`) or with an ON clause are not checked.

    ## Why is this bad?
    SQLAlchemy cannot invent the join condition: the statement raises
    `InvalidRequestError: Don't know how to join to <Mapper ...; Tag>` (or
    `NoForeignKeysError`) when it runs.  Typically the two entities are related through an
    association table, which only the relationship knows about.

    ## Example
    ```python
    select(Post).join(Tag).where(Tag.name == "python")
    ```

    ## Use instead
    ```python
    select(Post).join(Post.tags).where(Tag.name == "python")
    ```

    ## Fix safety
    No fix is offered; the message names a relationship to join along when one exists.
    """

    code = "ORM204"
    name = "join-without-fk-path"
    severity = "error"

    VALID = [
        _HEADER + '''
def fine(session: Session):
    session.scalars(select(User.name).join(Post).distinct())
    session.scalars(select(Post).join(User).join(Tag, Post.tags))
    session.scalars(select(Post).join(Post.tags).where(Tag.name == "x"))
    session.scalars(select(Tag).join(Post, Tag.id == Post.id))
    session.query(Post).join(User).all()
''',
    ]
    INVALID = [
        _HEADER + '''
def broken(session: Session):
    session.scalars(select(Post).join(Tag))  # error
    session.scalars(select(User).join(Post).join(Tag))  # error
    session.query(User).outerjoin(Tag).all()  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        scan = module_scan(ctx)
        for call, scope, _ in scan.calls_named("join", "outerjoin", "join_from",
                                                "outerjoin_from"):
            _, graph = statement_graph(scan, call, scope)
            if graph is None:
                continue
            for join in graph.joins:
                if join.step.call is not call:
                    continue
                message = _problem(join, ctx.project)
                if message:
                    yield ctx.finding(_range(ctx, call), message)


def _problem(join: JoinCheck, project: ProjectIndex) -> Optional[str]:
    target = join.target.model
    candidates = [c.model for c in join.candidates]
    if not candidates:
        return None
    for model in [target, *candidates]:
        if not model_is_complete(model, project) or constraint_fks(model):
            return None
    for model in candidates:
        linked = _linked(target, model, project)
        if linked is None or linked:
            return None
    target_tables = ", ".join(table_names(target))
    left = " or ".join(f"`{t}`" for c in candidates for t in table_names(c))
    hint = _relationship_hint(join.candidates, target)
    return (f"`.{join.step.name}({join.target.label})` has no ON clause and no foreign key "
            f"links `{target_tables}` with {left}: SQLAlchemy raises \"Don't know how to join\"; "
            f"{hint}")


def _linked(a: ModelInfo, b: ModelInfo, project: ProjectIndex) -> Optional[bool]:
    """True when a foreign key joins the tables of ``a`` and ``b`` (None: cannot tell)."""
    tables_a = {t.lower() for t in table_names(a)}
    tables_b = {t.lower() for t in table_names(b)}
    if not tables_a or not tables_b or tables_a & tables_b:
        return None
    fks_a = fk_targets(a, project)
    fks_b = fk_targets(b, project)
    if fks_a is None or fks_b is None:
        return None
    return bool(fks_a & tables_b or fks_b & tables_a)


def _relationship_hint(candidates: list[EntityRef], target: ModelInfo) -> str:
    for entity in candidates:
        for key, rel in entity.model.all_relationships().items():
            if rel.target_qualname == target.qualname:
                return f"join along the relationship: `.join({entity.label}.{key})`"
    return "join along a relationship or give the ON clause"


def _range(ctx: RuleContext, call: cst.Call) -> Range:
    whole = ctx.range_of(call)
    if isinstance(call.func, cst.Attribute):
        start = ctx.range_of(call.func.attr).start
        return Range(start, Position(whole.end.line, whole.end.column))
    return whole
