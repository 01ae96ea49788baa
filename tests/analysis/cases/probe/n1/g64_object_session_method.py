# expect: ORM1 at 20
# alt: ORM1 at 30 for 20
# why: the model method counts through object_session(self); the loop calls it once per forum (one COUNT each).

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, object_session


class Base(DeclarativeBase):
    pass


class Forum(Base):
    __tablename__ = "g64_forums"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))

    def thread_count(self) -> int:
        session = object_session(self)
        return session.scalar(select(func.count(Thread.id)).where(Thread.forum_id == self.id))


class Thread(Base):
    __tablename__ = "g64_threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("g64_forums.id"))


def index(session: Session) -> dict[str, int]:
    return {f.name: f.thread_count() for f in session.scalars(select(Forum))}


run = index


def seed(session, n):
    for i in range(n):
        f = Forum(name=f"f{i}")
        session.add(f)
        session.flush()
        session.add(Thread(forum_id=f.id))
