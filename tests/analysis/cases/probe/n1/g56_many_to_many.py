# expect: ORM1 at 36
# why: Student.courses goes through the enrolments table (secondary); the collection is lazy-loaded per student.

from sqlalchemy import Column, ForeignKey, String, Table, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


enrolments = Table(
    "g56_enrolments", Base.metadata,
    Column("student_id", ForeignKey("g56_students.id"), primary_key=True),
    Column("course_id", ForeignKey("g56_courses.id"), primary_key=True),
)


class Student(Base):
    __tablename__ = "g56_students"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    courses: Mapped[list["Course"]] = relationship(secondary=enrolments, back_populates="students")


class Course(Base):
    __tablename__ = "g56_courses"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    students: Mapped[list[Student]] = relationship(secondary=enrolments, back_populates="courses")


def timetable(session: Session) -> dict[str, list[str]]:
    out = {}
    for student in session.scalars(select(Student)):
        out[student.name] = sorted(c.code for c in student.courses)
    return out


run = timetable


def seed(session, n):
    for i in range(n):
        session.add(Student(name=f"s{i}", courses=[Course(code=f"c{i}")]))
