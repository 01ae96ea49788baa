# expect: none
# why: no foreign key links Visit and Page, but every join gives its ON clause (select_from + join(target, onclause), legacy Query.join with onclause): valid.

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Page(Base):
    __tablename__ = "g2_t12_pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(80), unique=True)


class Visit(Base):
    __tablename__ = "g2_t12_visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(80))


def seed(session: Session) -> None:
    session.add_all([Page(path="/"), Visit(path="/"), Visit(path="/")])


def visited_pages(session: Session) -> list[int]:
    stmt = select(Page.id).select_from(Visit).join(Page, Page.path == Visit.path).distinct()
    return list(session.scalars(stmt))


def legacy(session: Session) -> int:
    return session.query(Visit).join(Page, Visit.path == Page.path).filter(Page.id > 0).count()
