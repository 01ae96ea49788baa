# expect: none
# why: Write-only collections: add() per account emits no SELECT (INSERTs wait for the flush); select() runs once.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, WriteOnlyMapped, mapped_column
from sqlalchemy.orm import relationship


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(50))
    entries: WriteOnlyMapped["Entry"] = relationship()


class Entry(Base):
    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    cents: Mapped[int]
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))


def charge_all(session: Session, fee: int = 100) -> list[int]:
    accounts = session.scalars(select(Account)).all()
    first = accounts[0]
    recent = [e.cents for e in session.scalars(first.entries.select().limit(10))]
    for account in accounts:
        account.entries.add(Entry(cents=-fee))
    return recent


run = charge_all


def seed(session, n):
    for i in range(n):
        session.add(Account(owner=f"o{i}"))
