# expect: ORM2 at 41
# why: load_only() takes columns, but Course.lessons is a relationship; the selectinload next to it is fine.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, load_only, mapped_column,
                            relationship, selectinload)


class Base(DeclarativeBase):
    pass


class Course(Base):
    __tablename__ = "courses"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    lessons: Mapped[list["Lesson"]] = relationship(back_populates="course")


class Lesson(Base):
    __tablename__ = "lessons"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    course: Mapped[Course] = relationship(back_populates="lessons")


def seed(session: Session) -> None:
    session.add(Course(title="sql", lessons=[Lesson(title="joins"), Lesson(title="ctes")]))


def outline(session: Session) -> list[tuple[str, list[str]]]:
    stmt = select(Course).options(
        load_only(Course.title),
        selectinload(Course.lessons).load_only(Lesson.title),
    )
    return [(c.title, [lesson.title for lesson in c.lessons]) for c in session.scalars(stmt)]


def titles_only(session: Session) -> list[str]:
    stmt = select(Course).options(load_only(Course.lessons))
    return [c.title for c in session.scalars(stmt)]
