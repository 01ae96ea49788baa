# expect: ORM2 at 44
# why: Label and Note are both selected but only Note is filtered: no join or condition links labels to notes (a cartesian product).

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Label(Base):
    __tablename__ = "labels"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(30))


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    label: Mapped[Label] = relationship()


def seed(session: Session) -> None:
    session.add_all([Note(body="a", label=Label(text="x")), Note(body="b", label=Label(text="y"))])


def usage(session: Session):
    stmt = (
        select(Label.text, func.count(Note.id))
        .join(Note, Note.label_id == Label.id)
        .group_by(Label.text)
    )
    return session.execute(stmt).all()


def notes_labelled(session: Session, wanted: str = "x"):
    return session.execute(select(Note.body, Label.text).where(Note.label_id == Label.id, Label.text == wanted)).all()


def long_notes(session: Session):
    return session.execute(select(Label.text, Note.body).where(func.length(Note.body) > 0)).all()
