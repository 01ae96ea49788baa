# expect: none
# why: valid raw SQL: a window function's alias read by the outer query, UNION ALL of two tables, quoted identifiers.

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Racer(Base):
    __tablename__ = "g_t26_racers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Lap(Base):
    __tablename__ = "g_t26_laps"
    id: Mapped[int] = mapped_column(primary_key=True)
    racer_id: Mapped[int] = mapped_column(ForeignKey("g_t26_racers.id"))
    seconds: Mapped[int]


def seed(session: Session) -> None:
    r = Racer(name="a")
    session.add(r)
    session.flush()
    session.add_all([Lap(racer_id=r.id, seconds=60), Lap(racer_id=r.id, seconds=58)])


def best_laps(session: Session) -> list[tuple[int, int]]:
    rows = session.execute(text(
        "SELECT ranked.racer_id, ranked.seconds FROM ("
        "  SELECT racer_id, seconds,"
        "         ROW_NUMBER() OVER (PARTITION BY racer_id ORDER BY seconds) AS rn"
        "  FROM g_t26_laps"
        ") AS ranked WHERE ranked.rn = 1"
    ))
    return [(r.racer_id, r.seconds) for r in rows]


def labels(session: Session) -> list[str]:
    rows = session.execute(text(
        'SELECT "name" AS label FROM "g_t26_racers" '
        "UNION ALL SELECT CAST(seconds AS VARCHAR(10)) AS label FROM g_t26_laps"
    ))
    return [r.label for r in rows]
