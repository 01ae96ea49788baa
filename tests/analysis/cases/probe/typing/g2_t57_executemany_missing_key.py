# expect: ORM3 at 24
# why: executemany through text(): the second parameter set lacks "score" (StatementError: A value is required for bind parameter 'score', in parameter group 1).

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Result(Base):
    __tablename__ = "g2_t57_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    player: Mapped[str] = mapped_column(String(20))
    score: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add(Result(player="x", score=1))


def record(session: Session) -> None:
    session.execute(text("INSERT INTO g2_t57_results (player, score) VALUES (:player, :score)"),
                    [{"player": "a", "score": 3}, {"player": "b"}])


def record_ok(session: Session) -> None:
    session.execute(text("INSERT INTO g2_t57_results (player, score) VALUES (:player, :score)"),
                    [{"player": "a", "score": 3}, {"player": "b", "score": 0}])
