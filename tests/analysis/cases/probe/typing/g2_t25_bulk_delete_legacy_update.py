# expect: ORM2 at 26
# why: delete(Task).where(Task.due < "soon") compares the Date column with a non-date string (PostgreSQL: invalid input syntax for type date); the legacy Query.update with a dict of real attributes is fine.

from datetime import date

from sqlalchemy import Date, String, delete
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "g2_t25_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    due: Mapped[date] = mapped_column(Date)


def seed(session: Session) -> None:
    session.add(Task(title="t", due=date(2024, 1, 1)))


def purge(session: Session) -> None:
    session.execute(delete(Task).where(Task.due < "soon"))


def rename(session: Session) -> int:
    return session.query(Task).filter(Task.due < date(2025, 1, 1)).update(
        {"title": "old"}, synchronize_session=False)
