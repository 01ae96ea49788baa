# expect: ORM2 at 24
# why: session.get() of an Integer primary key with a slug string held in a variable (PostgreSQL: invalid input syntax for type integer).

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "g_t16_articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60))


def seed(session: Session) -> None:
    session.add(Article(slug="hello-world"))


def by_slug(session: Session) -> str | None:
    slug = "hello-world"
    article = session.get(Article, slug)
    return article.slug if article else None
