# expect: ORM1 at 34
# why: TeamReport._row() reads player.team (a lazy many-to-one) for every player the rows() method loads.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Player(Base):
    __tablename__ = "players"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    team: Mapped[Team] = relationship()


class TeamReport:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rows(self) -> list[tuple[str, str]]:
        return [self._row(p) for p in self.session.scalars(select(Player).order_by(Player.id))]

    def _row(self, player: Player) -> tuple[str, str]:
        return player.name, player.team.name


def run(session: Session):
    return TeamReport(session).rows()


def seed(session, n):
    for i in range(n):
        session.add(Player(name=f"p{i}", team=Team(name=f"t{i}")))
