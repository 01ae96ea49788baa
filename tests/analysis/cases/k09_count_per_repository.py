# expect: ORM1 at 30
# why: A COUNT query runs for every (id, name) row: the criteria use the row's repository id.

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Repository(Base):
    __tablename__ = "repositories"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Issue(Base):
    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    open: Mapped[bool] = mapped_column(default=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"))


def open_issue_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Repository.id, Repository.name)).all()
    counts = {}
    for repo_id, name in rows:
        stmt = select(func.count(Issue.id)).where(Issue.repository_id == repo_id, Issue.open)
        counts[name] = session.execute(stmt).scalar_one()
    return counts


run = open_issue_counts


def seed(session, n):
    for i in range(n):
        repo = Repository(name=f"r{i}")
        session.add(repo)
        session.flush()
        session.add(Issue(repository_id=repo.id))
