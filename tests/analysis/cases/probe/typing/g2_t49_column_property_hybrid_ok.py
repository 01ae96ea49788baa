# expect: none
# why: legacy Query filters on an annotated column_property (Mapped[int]) compared with an int and on a hybrid property built from String columns compared with a str.

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, column_property, mapped_column


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "g2_t49_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(20))
    last: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[int] = mapped_column(ForeignKey("g2_t49_teams.id"))

    @hybrid_property
    def full_name(self) -> str:
        return self.first + " " + self.last


class Team(Base):
    __tablename__ = "g2_t49_teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = column_property(
        select(func.count(Member.id)).where(Member.team_id == id).correlate_except(Member)
        .scalar_subquery())


def seed(session: Session) -> None:
    session.add(Team(id=1, name="core"))
    session.flush()
    session.add(Member(first="Ada", last="L", team_id=1))


def teams(session: Session, least: int = 1) -> list[str]:
    return [t.name for t in session.query(Team).filter(Team.size >= least).order_by(Team.name)]


def by_name(session: Session, name: str = "Ada L") -> list[int]:
    return [m.id for m in session.query(Member).filter(Member.full_name == name)]
