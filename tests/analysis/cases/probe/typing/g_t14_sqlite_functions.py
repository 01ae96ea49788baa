# expect: none
# why: SQLite-specific SQL (INSERT OR IGNORE, group_concat, strftime) on the real tables and columns; the module targets SQLite.

from datetime import datetime

from sqlalchemy import DateTime, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

TARGETS = ("sqlite",)


class Base(DeclarativeBase):
    pass


class Visit(Base):
    __tablename__ = "g_t14_visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    page: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(DateTime)


def seed(session: Session) -> None:
    session.add(Visit(page="/", at=datetime(2024, 3, 1)))


def record(session: Session, page: str = "/about") -> None:
    session.execute(
        text("INSERT OR IGNORE INTO g_t14_visits (id, page, at) VALUES (:id, :page, CURRENT_TIMESTAMP)"),
        {"id": 1, "page": page},
    )


def per_month(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(text(
        "SELECT strftime('%Y-%m', at) AS month, group_concat(page, ',') AS pages "
        "FROM g_t14_visits GROUP BY month ORDER BY month"
    ))
    return [(r.month, r.pages) for r in rows]
