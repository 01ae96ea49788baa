# expect: ORM1 at 21
# alt: ORM1 at 31 for 21
# why: the @property reads the lazy self.members; the loop uses the property once per club.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Club(Base):
    __tablename__ = "g38_clubs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    members: Mapped[list["Membership"]] = relationship()

    @property
    def size(self) -> int:
        return len(self.members)


class Membership(Base):
    __tablename__ = "g38_memberships"
    id: Mapped[int] = mapped_column(primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("g38_clubs.id"))


def sizes(session: Session) -> dict[str, int]:
    return {club.name: club.size for club in session.scalars(select(Club))}


run = sizes


def seed(session, n):
    for i in range(n):
        session.add(Club(name=f"c{i}", members=[Membership()]))
