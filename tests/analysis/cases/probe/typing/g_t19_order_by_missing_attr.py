# expect: ORM2 at 24
# why: Ranking has no attribute "points" (it is "score"): AttributeError when the query is built.

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Ranking(Base):
    __tablename__ = "g_t19_rankings"
    id: Mapped[int] = mapped_column(primary_key=True)
    team: Mapped[str] = mapped_column(String(40))
    score: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add(Ranking(team="x", score=3))


def standings(session: Session) -> list[str]:
    stmt = select(Ranking.team).order_by(Ranking.points.desc())
    return list(session.scalars(stmt))
