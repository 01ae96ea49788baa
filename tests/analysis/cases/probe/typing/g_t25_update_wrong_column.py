# expect: ORM3 at 23
# why: the UPDATE sets "titel", a column g_t25_notes does not have (no such column / column does not exist).

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Memo(Base):
    __tablename__ = "g_t25_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))


def seed(session: Session) -> None:
    session.add(Memo(title="a"))


def rename(session: Session, new: str = "b") -> None:
    session.execute(text("UPDATE g_t25_notes SET titel = :new WHERE id = :id"), {"new": new, "id": 1})
