# expect: none
# why: date and datetime columns compared with date.today(), datetime arithmetic with timedelta, func.current_date() and a dataclass field typed date: all valid.

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Date, DateTime, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Loan(Base):
    __tablename__ = "g2_t43_loans"
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(40))
    due: Mapped[date] = mapped_column(Date)
    lent_at: Mapped[datetime] = mapped_column(DateTime)


@dataclass
class Window:
    start: date = field(default_factory=lambda: date(2024, 1, 1))
    days: int = 30


def seed(session: Session) -> None:
    session.add(Loan(item="drill", due=date(2024, 2, 1), lent_at=datetime(2024, 1, 10)))


def overdue(session: Session) -> list[str]:
    stmt = select(Loan.item).where(Loan.due < date.today(), Loan.due <= func.current_date())
    return list(session.scalars(stmt))


def recent(session: Session, win: Window = Window()) -> list[str]:
    since = datetime.now() - timedelta(days=win.days)
    stmt = select(Loan.item).where(Loan.lent_at > since, Loan.due >= win.start)
    return list(session.scalars(stmt))
