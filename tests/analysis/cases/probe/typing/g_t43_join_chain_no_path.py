# expect: ORM2 at 35
# why: in select(Lesson).join(Module).join(Badge) no FROM entity (lessons, modules) has a foreign key to badges: InvalidRequestError.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Module(Base):
    __tablename__ = "g_t43_modules"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40))


class Lesson(Base):
    __tablename__ = "g_t43_lessons"
    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("g_t43_modules.id"))


class Badge(Base):
    __tablename__ = "g_t43_badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add(Module(id=1, title="m"))


def lessons(session: Session) -> list[int]:
    stmt = select(Lesson.id).join(Module).join(Badge)
    return list(session.scalars(stmt))
