# expect: ORM2 at 24
# why: order_by("rank") names neither a column of the statement nor a label (CompileError: Can't resolve label reference).

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Player(Base):
    __tablename__ = "g_t09_players"
    id: Mapped[int] = mapped_column(primary_key=True)
    nick: Mapped[str] = mapped_column(String(40))
    score: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Player(nick="a", score=3), Player(nick="b", score=7)])


def table(session: Session) -> list[str]:
    stmt = select(Player.nick, Player.score).order_by("rank")
    return [row.nick for row in session.execute(stmt)]
