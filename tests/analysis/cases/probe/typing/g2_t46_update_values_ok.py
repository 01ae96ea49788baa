# expect: none
# why: update()/insert() values of matching types: func.now() into a DateTime, None into a nullable column, a column expression, a typed parameter and a dict keyed by attribute names.

from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, String, func, insert, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "g2_t46_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    priority: Mapped[int] = mapped_column(default=0)
    note: Mapped[Optional[str]] = mapped_column(String(80))
    touched: Mapped[Optional[datetime]] = mapped_column(DateTime)


def seed(session: Session) -> None:
    session.add(Task(title="t"))


def bump(session: Session, title: str = "t2") -> None:
    session.execute(update(Task).where(Task.id == 1).values(
        priority=Task.priority + 1, note=None, touched=func.now(), title=title))


def add(session: Session, prio: int = 3) -> None:
    session.execute(insert(Task).values({"title": "new", "priority": prio, "note": "n"}))
