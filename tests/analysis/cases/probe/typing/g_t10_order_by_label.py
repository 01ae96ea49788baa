# expect: none
# why: order_by(desc("total")) names the label given in the same select; order_by("nick") a selected column.

from sqlalchemy import ForeignKey, String, desc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Gamer(Base):
    __tablename__ = "g_t10_gamers"
    id: Mapped[int] = mapped_column(primary_key=True)
    nick: Mapped[str] = mapped_column(String(40))


class Match(Base):
    __tablename__ = "g_t10_matches"
    id: Mapped[int] = mapped_column(primary_key=True)
    gamer_id: Mapped[int] = mapped_column(ForeignKey("g_t10_gamers.id"))
    points: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    g = Gamer(nick="a")
    session.add(g)
    session.flush()
    session.add_all([Match(gamer_id=g.id, points=3), Match(gamer_id=g.id, points=4)])


def leaderboard(session: Session) -> list[str]:
    stmt = (
        select(Gamer.nick, func.sum(Match.points).label("total"))
        .join(Match, Match.gamer_id == Gamer.id)
        .group_by(Gamer.nick)
        .order_by(desc("total"), "nick")
    )
    return [f"{row.nick}: {row.total}" for row in session.execute(stmt)]
