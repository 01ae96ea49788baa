# expect: ORM3 at 28
# why: The search term is spliced into the SQL with an f-string (a quote in the term breaks the statement); the second query binds it.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str] = mapped_column(String(200))


COLUMNS = "id, headline"


def seed(session: Session) -> None:
    session.add_all([Article(headline="sql tips"), Article(headline="python tips")])


def search(session: Session, term: str = "it's") -> list:
    # the table name and the column list are constants; the term is not
    query = f"SELECT {COLUMNS} FROM {Article.__tablename__} WHERE headline LIKE '%{term}%'"
    return session.execute(text(query)).all()


def search_bound(session: Session, term: str = "it's") -> list:
    query = f"SELECT {COLUMNS} FROM articles WHERE headline LIKE :pattern"
    return session.execute(text(query), {"pattern": f"%{term}%"}).all()
