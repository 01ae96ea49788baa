# expect: ORM1 at 14
# why: CommentableMixin.comment_count() reads self.comments; the listing calls it for every article.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class CommentableMixin:
    def comment_count(self) -> int:
        return len(self.comments)


class Article(CommentableMixin, Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    comments: Mapped[list["ArticleComment"]] = relationship()


class ArticleComment(Base):
    __tablename__ = "article_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))


def listing(session: Session) -> list[tuple[str, int]]:
    return [(a.title, a.comment_count()) for a in session.scalars(select(Article))]


run = listing


def seed(session, n):
    for i in range(n):
        session.add(Article(title=f"a{i}", comments=[ArticleComment()]))
