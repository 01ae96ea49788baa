# expect: ORM2 at 21
# why: legacy Query.get() with a non-numeric str for the Integer primary key of a classic Column model (PostgreSQL: invalid input syntax for type integer).

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class Account(Base):
    __tablename__ = "g2_t37_accounts"
    id = Column(Integer, primary_key=True)
    owner = Column(String(40))


def seed(session: Session) -> None:
    session.add(Account(id=7, owner="kim"))


def owner_of(session: Session, account: str = "seven") -> str | None:
    acc = session.query(Account).get(account)
    return acc.owner if acc else None


def owner_of_id(session: Session, account: int = 7) -> str | None:
    acc = session.get(Account, account)
    return acc.owner if acc else None
