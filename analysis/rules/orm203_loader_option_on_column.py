"""ORM203 loader-option-on-column: a relationship loader on a column, or the reverse."""
from __future__ import annotations

from typing import Iterable, Optional

import libcst as cst

from analysis.findings import Finding, Position, Range
from analysis.index.model import ColumnInfo, RelationshipInfo
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_scan import AttrRef, ModuleScan, Scope, module_scan
from analysis.rules.orm2_statements import flatten

RELATIONSHIP_LOADERS = frozenset({"joinedload", "selectinload", "subqueryload", "lazyload",
                                  "raiseload", "noload", "immediateload", "contains_eager",
                                  "defaultload"})
COLUMN_LOADERS = frozenset({"load_only", "defer", "undefer"})
_LOADERS = RELATIONSHIP_LOADERS | COLUMN_LOADERS
_HEADER = '''from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, defer, joinedload, load_only,
                            mapped_column, relationship, selectinload)


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


class LoaderOptionOnColumn(Rule):
    """A relationship loader option applied to a column, or a column option to a relationship.

    ## What it does
    Checks the attribute each loader option names: `joinedload`, `selectinload`,
    `subqueryload`, `lazyload`, `raiseload`, `noload`, `immediateload`, `contains_eager` and
    `defaultload` (also chained, `selectinload(User.posts).joinedload(Post.title)`) need a
    relationship; `load_only`, `defer` and `undefer` need columns.

    ## Why is this bad?
    The statement fails when it runs: `LoaderStrategyException: Can't apply "joined loader"
    strategy to property "Post.title", which is a "column property"; this loader strategy is
    intended to be used with a "relationship property"` (and the reverse for `load_only` of a
    relationship).  The option usually meant a neighbouring relationship
    (`joinedload(Post.author)`) or the other family of option.

    ## Example
    ```python
    session.query(Post).options(joinedload(Post.title)).all()
    ```

    ## Use instead
    ```python
    session.query(Post).options(joinedload(Post.author), load_only(Post.title)).all()
    ```

    ## Fix safety
    No fix is offered: the intended relationship is for the author to name.
    """

    code = "ORM203"
    name = "loader-option-on-column"
    severity = "error"

    VALID = [
        _HEADER + '''
def fine(session: Session):
    session.scalars(select(User).options(selectinload(User.posts).load_only(Post.title)))
    session.scalars(select(Post).options(joinedload(Post.author), defer(Post.title)))
    session.scalars(select(User).options(selectinload(User.posts).joinedload(Post.author)))
    session.scalars(select(User).options(load_only(User.name), selectinload("*")))
''',
    ]
    INVALID = [
        _HEADER + '''
def broken(session: Session):
    session.query(Post).options(joinedload(Post.title)).all()  # error
    session.scalars(select(User).options(selectinload(User.name)))  # error
    session.scalars(select(User).options(load_only(User.posts)))  # error
    session.scalars(select(User).options(selectinload(User.posts).joinedload(Post.title)))  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        scan = module_scan(ctx)
        for call, scope in scan.calls:
            option = self._option_name(scan, call, scope)
            if option is None:
                continue
            for arg in call.args:
                if arg.keyword is not None or arg.star:
                    continue
                ref = scan.attribute_ref(arg.value, scope)
                message = self._mismatch(scan, option, ref)
                if message:
                    yield ctx.finding(_range(ctx, call), message)
                    break

    @staticmethod
    def _option_name(scan: ModuleScan, call: cst.Call, scope: Scope) -> Optional[str]:
        name = scan.orm_name(call.func, scope)
        if name is not None and name.startswith("orm.") and name[4:] in _LOADERS:
            return name[4:]
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in _LOADERS:
            # a chained option: selectinload(User.posts).joinedload(Post.author)
            base, _ = flatten(func.value, scan, scope)
            if isinstance(base, cst.Call):
                base_name = scan.orm_name(base.func, scope)
                if base_name is not None and (base_name[4:] in _LOADERS or
                                              base_name == "orm.Load"):
                    return func.attr.value
        return None

    @staticmethod
    def _mismatch(scan: ModuleScan, option: str, ref: Optional[AttrRef]) -> Optional[str]:
        if ref is None or ref.attribute is None:
            return None
        attribute = ref.attribute
        if isinstance(attribute, ColumnInfo) and attribute.kind == "synonym" and \
                attribute.synonym_for:
            attribute = ref.entity.model.attribute(attribute.synonym_for) or attribute
        if option in RELATIONSHIP_LOADERS and isinstance(attribute, ColumnInfo):
            kind = {"column_property": "column property", "hybrid": "hybrid attribute",
                    "synonym": "synonym"}.get(attribute.kind, "column")
            return (f"{option}() loads relationships, but `{ref.text}` is a {kind}; "
                    f"SQLAlchemy raises LoaderStrategyException when the statement runs")
        if option in COLUMN_LOADERS and isinstance(attribute, RelationshipInfo):
            return (f"{option}() applies to columns, but `{ref.text}` is a relationship; "
                    f"use a relationship loader (selectinload, joinedload, lazyload, ...)")
        return None


def _range(ctx: RuleContext, call: cst.Call) -> Range:
    """A chained option from its method name (``.joinedload(...)``), a plain one whole."""
    whole = ctx.range_of(call)
    if isinstance(call.func, cst.Attribute):
        start = ctx.range_of(call.func.attr).start
        return Range(start, Position(whole.end.line, whole.end.column))
    return whole
