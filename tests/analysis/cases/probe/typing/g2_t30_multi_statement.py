# expect: ORM3 at 23
# why: two statements in one text(): the sqlite3 driver refuses it (ProgrammingError: You can only execute one statement at a time); psycopg with parameters refuses it too.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "g2_t30_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(10))


def seed(session: Session) -> None:
    session.add_all([Job(state="done"), Job(state="new")])


def rotate(session: Session, state: str = "done") -> None:
    session.execute(text("DELETE FROM g2_t30_jobs WHERE state = :s; "
                         "UPDATE g2_t30_jobs SET state = 'done' WHERE state = 'new'"), {"s": state})


def rotate_ok(session: Session, state: str = "done") -> None:
    session.execute(text("DELETE FROM g2_t30_jobs WHERE state = :s"), {"s": state})
    session.execute(text("UPDATE g2_t30_jobs SET state = 'done' WHERE state = 'new'"))
