# expect: none
# why: Course.notes is lazy='noload' (no SQL) and Course.lessons is lazy='selectin' on the model.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Course(Base):
    __tablename__ = "courses"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    lessons: Mapped[list["Lesson"]] = relationship(lazy="selectin")
    notes: Mapped[list["Note"]] = relationship(lazy="noload")


class Lesson(Base):
    __tablename__ = "lessons"
    id: Mapped[int] = mapped_column(primary_key=True)
    minutes: Mapped[int]
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(100))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))


def syllabus(session: Session) -> dict[str, tuple[int, int]]:
    out = {}
    for course in session.scalars(select(Course)):
        out[course.code] = (sum(l.minutes for l in course.lessons), len(course.notes))
    return out


run = syllabus


def seed(session, n):
    for i in range(n):
        session.add(Course(code=f"c{i}", lessons=[Lesson(minutes=30)]))
        session.flush()
