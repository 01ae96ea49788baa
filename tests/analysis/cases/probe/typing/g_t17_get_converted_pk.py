# expect: none
# why: the path segment is converted with int() before session.get(); the composite key is given as a tuple of the right types.

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "g_t17_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))


class Translation(Base):
    __tablename__ = "g_t17_translations"
    post_id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(5), primary_key=True)
    title: Mapped[str] = mapped_column(String(60))


def seed(session: Session) -> None:
    session.add_all([Post(id=1, title="a"), Translation(post_id=1, lang="de", title="b")])


def view(session: Session, segment: str = "1") -> str | None:
    post = session.get(Post, int(segment))
    return post.title if post else None


def translated(session: Session, lang: str = "de") -> str | None:
    row = session.get(Translation, (1, lang))
    return row.title if row else None
