# expect: none
# why: the request's string is converted with int() before the comparison; the str column is compared with a str.

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Errand(Base):
    __tablename__ = "g_t02_errands"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))
    priority: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Errand(title="post", priority=1), Errand(title="bank", priority=5)])


def urgent(session: Session, raw: str = "3", prefix: str = "b") -> list[str]:
    threshold = int(raw)
    needle = prefix + "%"
    stmt = select(Errand.title).where(Errand.priority >= threshold, Errand.title.like(needle))
    return list(session.scalars(stmt))
