# expect: none
# why: Report is a plain dataclass whose .entries is a list; the mapped Ledger.entries is never read in a loop.

from dataclasses import dataclass, field

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Ledger(Base):
    __tablename__ = "ledgers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    entries: Mapped[list["LedgerEntry"]] = relationship()


class LedgerEntry(Base):
    __tablename__ = "ledger_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    cents: Mapped[int]
    ledger_id: Mapped[int] = mapped_column(ForeignKey("ledgers.id"))


@dataclass
class Report:
    name: str
    entries: list = field(default_factory=list)


def summaries(session: Session) -> list[tuple[str, int]]:
    reports = [Report(ledger.name) for ledger in session.scalars(select(Ledger))]
    for report in reports:
        report.entries.append(0)
    return [(r.name, len(r.entries)) for r in reports]


run = summaries


def seed(session, n):
    for i in range(n):
        session.add(Ledger(name=f"l{i}", entries=[LedgerEntry(cents=1)]))
