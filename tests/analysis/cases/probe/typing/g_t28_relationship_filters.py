# expect: none
# why: filter_by() and == with a related object, any()/has() criteria with attributes of the related class: all valid.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Editor(Base):
    __tablename__ = "g_t28_editors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    issues: Mapped[list["Issue"]] = relationship(back_populates="editor")


class Issue(Base):
    __tablename__ = "g_t28_issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str] = mapped_column(String(80))
    editor_id: Mapped[int] = mapped_column(ForeignKey("g_t28_editors.id"))
    editor: Mapped[Editor] = relationship(back_populates="issues")


def seed(session: Session) -> None:
    session.add(Editor(name="ed", issues=[Issue(headline="h")]))


def of_editor(session: Session) -> list[str]:
    editor = session.scalars(select(Editor)).first()
    by_kw = select(Issue.headline).filter_by(editor=editor)
    by_eq = select(Issue.headline).where(Issue.editor == editor)
    return list(session.scalars(by_kw)) + list(session.scalars(by_eq))


def with_criteria(session: Session, name: str = "ed") -> list[str]:
    busy = select(Editor.name).where(Editor.issues.any(Issue.headline.like("h%")))
    named = select(Issue.headline).where(Issue.editor.has(name=name))
    return list(session.scalars(busy)) + list(session.scalars(named))
