# expect: ORM1 at 29
# why: Only the first read of project.tasks per project loads it; the later reads use the loaded list.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    tasks: Mapped[list["Task"]] = relationship()


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    done: Mapped[bool] = mapped_column(default=False)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))


def progress(session: Session) -> dict[str, float]:
    result = {}
    for project in session.scalars(select(Project)):
        if not project.tasks:
            continue
        done = sum(1 for t in project.tasks if t.done)
        result[project.name] = done / len(project.tasks)
    return result


run = progress


def seed(session, n):
    for i in range(n):
        session.add(Project(name=f"p{i}", tasks=[Task(done=True), Task()]))
