# expect: ORM3 at 24
# why: from_statement() runs the raw SQL as written; g_t45_gauges has no column "reading".

from sqlalchemy import String, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Gauge(Base):
    __tablename__ = "g_t45_gauges"
    id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(String(20))
    value: Mapped[float]


def seed(session: Session) -> None:
    session.add(Gauge(tag="g", value=1.5))


def high(session: Session) -> list[str]:
    stmt = select(Gauge).from_statement(text("SELECT id, tag, value FROM g_t45_gauges WHERE reading > 1"))
    return [g.tag for g in session.scalars(stmt)]
