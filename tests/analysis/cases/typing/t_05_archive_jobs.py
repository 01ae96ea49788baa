# expect: none
# why: Raw SQL with a CTE, a derived table, a correlated EXISTS, INSERT ... SELECT, output aliases in ORDER BY and every bind given a value.

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(10))


class JobRun(Base):
    __tablename__ = "job_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"))
    seconds: Mapped[int]


class ArchivedJob(Base):
    __tablename__ = "archived_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


SLOW_JOBS = text(
    "WITH totals AS (SELECT job_id, SUM(seconds) AS spent FROM job_runs GROUP BY job_id) "
    "SELECT j.name, t.spent FROM jobs AS j JOIN totals AS t ON t.job_id = j.id "
    "WHERE t.spent > :limit ORDER BY spent DESC"
)


def seed(session: Session) -> None:
    session.add_all([Job(id=1, name="backup", state="done"), Job(id=2, name="index", state="new")])
    session.flush()
    session.add_all([JobRun(job_id=1, seconds=30), JobRun(job_id=1, seconds=50)])


def slow_jobs(session: Session, limit: int = 60):
    return session.execute(SLOW_JOBS, {"limit": limit}).all()


def busiest(session: Session):
    return session.execute(text(
        "SELECT x.job_id, x.runs FROM (SELECT job_id, COUNT(*) AS runs FROM job_runs "
        "GROUP BY job_id) AS x WHERE x.runs > 1 ORDER BY x.runs")).all()


def never_run(session: Session):
    return session.execute(text(
        "SELECT name FROM jobs WHERE NOT EXISTS "
        "(SELECT 1 FROM job_runs r WHERE r.job_id = jobs.id)")).all()


def archive_done(session: Session, state: str = "done") -> None:
    session.execute(
        text("INSERT INTO archived_jobs (id, name) SELECT id, name FROM jobs WHERE state = :s"),
        {"s": state},
    )
    session.execute(text("DELETE FROM job_runs WHERE job_id IN "
                         "(SELECT id FROM jobs WHERE state = :s)"), {"s": state})
    session.execute(text("DELETE FROM jobs WHERE state = :s").bindparams(s=state))
