# expect: ORM2 at 25
# why: legacy Query: order_by("name") resolves to the selected column, but filter_by(nickname=...) names no attribute of Member.

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class Member(Base):
    __tablename__ = "g_t34_members"
    id = Column(Integer, primary_key=True)
    name = Column(String(40), nullable=False)


def seed(session: Session) -> None:
    session.add_all([Member(name="b"), Member(name="a")])


def ordered(session: Session) -> list[str]:
    return [m.name for m in session.query(Member).order_by("name").all()]


def by_nick(session: Session, nick: str = "a") -> list[str]:
    return [m.name for m in session.query(Member).filter_by(nickname=nick)]
