# expect: none
# why: JSON element comparisons through as_string()/as_integer(), a hybrid and a column_property in filter_by, datetime arithmetic: all valid.

from datetime import datetime, timedelta

from sqlalchemy import JSON, DateTime, String, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, column_property, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "g_t30_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(20))
    last: Mapped[str] = mapped_column(String(20))
    meta: Mapped[dict] = mapped_column(JSON)
    queued_at: Mapped[datetime] = mapped_column(DateTime)
    name_length = column_property(func.length(first))

    @hybrid_property
    def label(self) -> str:
        return self.first + "-" + self.last


def seed(session: Session) -> None:
    session.add(Job(first="a", last="b", meta={"kind": "mail", "tries": 2},
                    queued_at=datetime(2024, 1, 1)))


def mail_jobs(session: Session) -> list[int]:
    stmt = select(Job.id).where(Job.meta["kind"].as_string() == "mail",
                                Job.meta["tries"].as_integer() > 1)
    return list(session.scalars(stmt))


def by_label(session: Session, label: str = "a-b") -> list[int]:
    return list(session.scalars(select(Job.id).filter_by(label=label, name_length=1)))


def stale(session: Session, days: int = 3) -> list[int]:
    cutoff = datetime.now() - timedelta(days=days)
    return list(session.scalars(select(Job.id).where(Job.queued_at < cutoff)))
