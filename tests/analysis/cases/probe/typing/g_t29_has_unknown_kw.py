# expect: ORM2 at 31
# why: has(nmae=...) names no attribute of Reviewer, the related class (InvalidRequestError: Entity namespace has no property 'nmae').

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Reviewer(Base):
    __tablename__ = "g_t29_reviewers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Critique(Base):
    __tablename__ = "g_t29_critiques"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("g_t29_reviewers.id"))
    reviewer: Mapped[Reviewer] = relationship()


def seed(session: Session) -> None:
    session.add(Critique(body="b", reviewer=Reviewer(name="r")))


def by_reviewer(session: Session, who: str = "r") -> list[str]:
    stmt = select(Critique.body).where(Critique.reviewer.has(nmae=who))
    return list(session.scalars(stmt))
