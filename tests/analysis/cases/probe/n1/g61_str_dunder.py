# expect: ORM1 at 20
# alt: ORM1 at 30 for 20
# why: the f-string calls Course.__str__, which reads the lazy self.lessons, once per course.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Course(Base):
    __tablename__ = "g61_courses"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    lessons: Mapped[list["Lesson"]] = relationship()

    def __str__(self) -> str:
        return f"{self.title} ({len(self.lessons)} lessons)"


class Lesson(Base):
    __tablename__ = "g61_lessons"
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("g61_courses.id"))


def listing(session: Session) -> str:
    return "\n".join(f"- {course}" for course in session.scalars(select(Course)))


run = listing


def seed(session, n):
    for i in range(n):
        session.add(Course(title=f"c{i}", lessons=[Lesson()]))
