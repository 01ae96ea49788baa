# expect: none
# why: valid SQL on SQLite and PostgreSQL: ON CONFLICT .. DO UPDATE with excluded, RETURNING, an expanding IN, a time literal with a colon, HAVING/ORDER BY on an alias, a Core Table.

from sqlalchemy import Column, Integer, String, Table, bindparam, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Slot(Base):
    __tablename__ = "g_t32_slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    opens: Mapped[str] = mapped_column(String(5))
    room: Mapped[int] = mapped_column(default=1)


audit = Table(
    "g_t32_audit", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("action", String(20)),
)


def seed(session: Session) -> None:
    session.add_all([Slot(id=1, opens="09:00"), Slot(id=2, opens="11:00", room=2)])


def upsert(session: Session, opens: str = "10:00") -> list[int]:
    rows = session.execute(text(
        "INSERT INTO g_t32_slots (id, opens, room) VALUES (:id, :opens, 1) "
        "ON CONFLICT (id) DO UPDATE SET opens = excluded.opens RETURNING id"
    ), {"id": 1, "opens": opens})
    return [r.id for r in rows]


def late(session: Session) -> list[int]:
    stmt = text("SELECT id FROM g_t32_slots WHERE opens > '10:30' AND id IN :ids").bindparams(
        bindparam("ids", expanding=True))
    return list(session.scalars(stmt, {"ids": [1, 2]}))


def busy_rooms(session: Session) -> list[int]:
    rows = session.execute(text(
        "SELECT room, COUNT(*) AS n FROM g_t32_slots GROUP BY room HAVING COUNT(*) >= 1 "
        "ORDER BY n DESC"
    ))
    return [r.room for r in rows]


def log(session: Session) -> None:
    session.execute(text("INSERT INTO g_t32_audit (action) VALUES (:a)"), {"a": "late"})
