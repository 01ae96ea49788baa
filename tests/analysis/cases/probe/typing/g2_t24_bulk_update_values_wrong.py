# expect: ORM2 at 26
# expect: ORM2 at 30
# why: update(Task).values(priority="high") gives a str to the Integer column (PostgreSQL: invalid input syntax for type integer); update(Task).values(state=...) names no column of the table (CompileError: Unconsumed column names: state).

from sqlalchemy import String, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "g2_t24_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="open")
    priority: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add(Task(id=1, title="t"))


def escalate(session: Session) -> None:
    session.execute(update(Task).where(Task.id == 1).values(priority="high"))


def close(session: Session) -> None:
    session.execute(update(Task).where(Task.id == 1).values(state="done"))


def reopen(session: Session) -> None:
    session.execute(update(Task).where(Task.status == "done").values(status="open", priority=1))
