# expect: ORM3 at 26
# why: exec_driver_sql() runs the SQL as written; the table is g_t37_meters, not "meters" (no such table).

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

TARGETS = ("sqlite",)


class Base(DeclarativeBase):
    pass


class Meter(Base):
    __tablename__ = "g_t37_meters"
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(20))


def seed(session: Session) -> None:
    session.add(Meter(serial="m1"))


def serials(session: Session) -> list[str]:
    conn = session.connection()
    return [r[0] for r in conn.exec_driver_sql("SELECT serial FROM meters WHERE id > ?", (0,))]
