# expect: ORM3 at 31
# why: text() takes ':notabind' inside the quoted literal for a bind parameter (StatementError: A value is required for bind parameter 'notabind'; write \\: to escape it); the CTE with ROW_NUMBER() OVER (PARTITION BY ...), a bind used twice and CAST(:n AS INTEGER) are fine.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Score(Base):
    __tablename__ = "g2_t58_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    points: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Score(kind="a", points=3), Score(kind="a", points=5), Score(kind="b", points=1)])


def best(session: Session) -> list[int]:
    rows = session.execute(text(
        "WITH ranked AS (SELECT id, kind, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY points DESC) AS rn "
        "FROM g2_t58_scores) SELECT id FROM ranked WHERE rn = 1 ORDER BY kind"))
    return [r.id for r in rows]


def between(session: Session, n: int = 2) -> list[int]:
    rows = session.execute(text(
        "SELECT d.id FROM (SELECT id, points FROM g2_t58_scores WHERE kind <> ':notabind') AS d "
        "WHERE d.points >= CAST(:n AS INTEGER) AND d.points <= :n + 10"), {"n": n})
    return [r.id for r in rows]
