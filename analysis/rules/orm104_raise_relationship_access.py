"""ORM104 raise-relationship-access: reading a lazy="raise" / raiseload relationship not loaded."""
from __future__ import annotations

from typing import Iterable

from analysis.findings import Finding
from analysis.flow.fixes import eager_load_fix
from analysis.flow.report import (by_site, event_range, listing, object_name, related_locations,
                                  snippet)
from analysis.rules.base import Rule, RuleContext

_MODELS = '''
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, mapped_column, raiseload,
                            relationship, selectinload)


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    players: Mapped[list["Player"]] = relationship(lazy="raise", back_populates="team")


class Player(Base):
    __tablename__ = "players"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    team: Mapped[Team] = relationship(back_populates="players")
'''


class RaiseRelationshipAccess(Rule):
    """A relationship configured to raise on lazy load is read without being eager-loaded.

    ## What it does
    Finds reads of a relationship whose loading strategy is `raise` / `raise_on_sql` — set on the
    model (`relationship(lazy="raise")`) or by the query (`raiseload(User.posts)`,
    `raiseload("*")`) — on objects of a query that did not eager-load it.

    ## Why is this bad?
    The read raises `InvalidRequestError: 'Team.players' is not available due to lazy='raise'`
    at runtime.  `raise` is a guard against N+1 queries: the code path forgot the eager load the
    guard demands.

    ## Example
    ```python
    for team in session.scalars(select(Team)):
        print(len(team.players))                  # raises
    ```

    ## Use instead
    ```python
    for team in session.scalars(select(Team).options(selectinload(Team.players))):
        print(len(team.players))
    ```

    ## Fix safety
    The fix adds `.options(selectinload(...))` to the statement that loaded the objects; an
    explicit loader option overrides `lazy="raise"` and `raiseload("*")` for that path.
    """

    code = "ORM104"
    name = "raise-relationship-access"
    severity = "error"

    VALID = [
        _MODELS + '''
def rosters(session: Session):
    teams = session.scalars(select(Team).options(selectinload(Team.players))).all()
    return {t.name: len(t.players) for t in teams}
''',
        _MODELS + '''
def names(session: Session):
    return [p.team.name for p in session.scalars(select(Player))]   # team is lazy="select"
''',
    ]
    INVALID = [
        _MODELS + '''
def rosters(session: Session):
    teams = session.scalars(select(Team)).all()
    return {t.name: len(t.players) for t in teams}  # error
''',
        _MODELS + '''
def names(session: Session):
    players = session.scalars(select(Player).options(raiseload("*"))).all()
    return [p.team.name for p in players]  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        flow = ctx.flow
        if flow is None:
            return
        reads = [r for r in flow.relationship_reads if r.strategy == "raise" or
                 (r.strategy == "raise_on_sql" and not r.identity_map)]   # identity map: no SQL
        for group in by_site(reads, ctx.module):
            read = group[0]
            text = snippet(read.where.module, read.where.node)
            where = "" if not read.where.via_call else \
                f" (in {read.where.module.module_name})"
            names = listing([f"{object_name(r.instance)}.{r.rel.key}" for r in group])
            message = (f"`{text}`{where} reads {names}, whose loader is "
                       f"lazy={read.strategy!r} and which the query did not eager-load: this "
                       f"raises InvalidRequestError")
            yield ctx.finding(event_range(ctx.module, read.where), message,
                              fix=(eager_load_fix(read, ctx.project, ctx.path)
                                   if len(group) == 1 else None),
                              related=related_locations(read.where, read.instance,
                                                        "the relationship is read here"))
