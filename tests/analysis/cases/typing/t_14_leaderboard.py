# expect: ORM3 at 30
# expect: ORM2 at 35
# why: The text() ORDER BY fragment names scroe (the column is score); order_by("score desc") is not a label and raises CompileError.

from sqlalchemy import String, desc, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Player(Base):
    __tablename__ = "players"
    id: Mapped[int] = mapped_column(primary_key=True)
    nick: Mapped[str] = mapped_column(String(30))
    score: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Player(nick=f"p{i}", score=i * 10) for i in range(5)])


def top(session: Session, n: int = 3) -> list[str]:
    stmt = select(Player.nick).order_by(desc(Player.score)).limit(n)
    return list(session.scalars(stmt))


def top_textual(session: Session) -> list[str]:
    stmt = select(Player.nick).where(text("score > 0")).order_by(text("scroe DESC"))
    return list(session.scalars(stmt))


def top_by_string(session: Session) -> list[str]:
    stmt = select(Player.nick).order_by("score desc")
    return list(session.scalars(stmt))


def by_nick(session: Session) -> list[str]:
    return list(session.scalars(select(Player.nick).order_by("nick")))
