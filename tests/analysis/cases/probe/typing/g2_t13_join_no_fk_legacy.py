# expect: ORM2 at 29
# why: legacy Query.join(Page) without an ON clause and no foreign key between Visit and Page (InvalidRequestError: Don't know how to join).

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Page(Base):
    __tablename__ = "g2_t13_pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(80), unique=True)


class Visit(Base):
    __tablename__ = "g2_t13_visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(80))


def seed(session: Session) -> None:
    session.add_all([Page(path="/"), Visit(path="/")])


def visits_of_home(session: Session) -> int:
    return session.query(Visit).join(Page).filter(Page.path == "/").count()
