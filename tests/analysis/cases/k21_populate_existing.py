# expect: none
# why: selectinload with populate_existing refreshes the projects and loads their milestones in the same step.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.orm import selectinload


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    milestones: Mapped[list["Milestone"]] = relationship()


class Milestone(Base):
    __tablename__ = "milestones"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))


def roadmap(session: Session) -> dict[str, list[str]]:
    session.scalars(select(Project)).all()
    stmt = (
        select(Project)
        .options(selectinload(Project.milestones))
        .execution_options(populate_existing=True)
    )
    return {p.name: [m.title for m in p.milestones] for p in session.scalars(stmt)}


run = roadmap


def seed(session, n):
    for i in range(n):
        session.add(Project(name=f"p{i}", milestones=[Milestone(title="m")]))
