# expect: none
# why: Typed values of the columns' own types (int with Float and Numeric, a date with DateTime, None for NULL), order_by/group_by strings naming columns and labels, filter_by on a synonym.

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Optional

from sqlalchemy import Float, Numeric, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, synonym


class Base(DeclarativeBase):
    pass


class Metric(Base):
    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(30))
    value: Mapped[float] = mapped_column(Float)
    budget: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    recorded_at: Mapped[datetime]
    note: Mapped[Optional[str]] = mapped_column(String(100))
    archived: Mapped[bool] = mapped_column(default=False)
    name = synonym("key")


def seed(session: Session) -> None:
    now = datetime(2024, 5, 1, 12, 0)
    session.add_all([Metric(key=f"k{i}", value=i * 1.5, budget=Decimal(i), recorded_at=now,
                            note=None) for i in range(3)])


def recent(session: Session, days: int = 7, key: Optional[str] = None):
    since = datetime(2024, 5, 2) - timedelta(days=days)
    stmt = select(Metric).where(Metric.recorded_at >= since, Metric.value > 1)
    if key is not None:
        stmt = stmt.where(Metric.key == key)
    return list(session.scalars(stmt))


def since_day(session: Session, day: date = date(2024, 4, 1)):
    return list(session.scalars(select(Metric).where(Metric.recorded_at > day)))


def over_budget(session: Session, amount: int = 1):
    stmt = select(Metric.key).where(Metric.budget > amount, Metric.note == None)  # noqa: E711
    return list(session.scalars(stmt.where(Metric.archived.is_(False))))


def totals(session: Session):
    stmt = (
        select(Metric.key, func.sum(Metric.value).label("total"))
        .group_by("key")
        .order_by("total")
    )
    return session.execute(stmt).all()


def by_name(session: Session, name: str = "k1"):
    return session.scalars(select(Metric).filter_by(name=name, archived=False)).first()


def in_keys(session: Session, keys: tuple[str, ...] = ("k1", "k2")):
    return list(session.scalars(select(Metric).where(Metric.key.in_(keys), Metric.value != 0)))
