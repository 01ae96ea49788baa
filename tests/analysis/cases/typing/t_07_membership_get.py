# expect: ORM2 at 37
# why: Membership has a composite primary key (team_id, user_id); session.get() with a single value cannot form the identity.

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))


class Membership(Base):
    __tablename__ = "memberships"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10), default="member")


def seed(session: Session) -> None:
    session.add(Team(id=1, title="core"))
    session.flush()
    session.add(Membership(team_id=1, user_id=7, role="owner"))


def team_role(session: Session, team_id: int = 1, user_id: int = 7) -> str | None:
    membership = session.get(Membership, (team_id, user_id))
    return membership.role if membership else None


def first_membership(session: Session, user_id: int = 7):
    return session.get(Membership, user_id)


def team(session: Session, team_id: int = 1):
    return session.get(Team, team_id)
