# expect: ORM1 at 37
# why: Replacing article.tags (a lazy many-to-many) loads the old collection first: one SELECT per article.

from sqlalchemy import Column, ForeignKey, String, Table, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


article_tags = Table(
    "article_tags",
    Base.metadata,
    Column("article_id", ForeignKey("articles.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    tags: Mapped[list["Tag"]] = relationship(secondary=article_tags)


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(30))


def reset_tags(session: Session) -> int:
    archived = session.scalars(select(Tag).where(Tag.label == "archived")).first()
    count = 0
    for article in session.scalars(select(Article)).all():
        article.tags = [archived] if archived else []
        count += 1
    return count


run = reset_tags


def seed(session, n):
    archived = Tag(label="archived")
    for i in range(n):
        session.add(Article(title=f"a{i}", tags=[Tag(label=f"t{i}")]))
    session.add(archived)
