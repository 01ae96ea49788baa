# expect: ORM2 at 25
# why: the Integer column Chore.priority is compared with a str held in a variable (PostgreSQL: invalid input syntax for type integer).

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Chore(Base):
    __tablename__ = "g_t01_chores"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))
    priority: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Chore(title="dishes", priority=1), Chore(title="taxes", priority=5)])


def urgent(session: Session) -> list[str]:
    threshold = "high"
    stmt = select(Chore.title).where(Chore.priority >= threshold)
    return list(session.scalars(stmt))
