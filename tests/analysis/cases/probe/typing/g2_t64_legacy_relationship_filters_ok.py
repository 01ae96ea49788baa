# expect: none
# why: legacy Query filters through relationships: any() with a criterion, has() with keywords, filter_by after join(Post.tags), contains() with an object - all valid.

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Session, declarative_base, relationship

Base = declarative_base()

post_tags = Table(
    "g2_t64_post_tags", Base.metadata,
    Column("post_id", ForeignKey("g2_t64_posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("g2_t64_tags.id"), primary_key=True),
)


class Writer(Base):
    __tablename__ = "g2_t64_writers"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


class Tag(Base):
    __tablename__ = "g2_t64_tags"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


class Post(Base):
    __tablename__ = "g2_t64_posts"
    id = Column(Integer, primary_key=True)
    title = Column(String(40))
    writer_id = Column(Integer, ForeignKey("g2_t64_writers.id"))
    writer = relationship(Writer)
    tags = relationship(Tag, secondary=post_tags)


def seed(session: Session) -> None:
    session.add(Post(title="p", writer=Writer(name="w"), tags=[Tag(name="sql")]))


def tagged(session: Session, name: str = "sql") -> list[str]:
    return [p.title for p in session.query(Post).filter(Post.tags.any(Tag.name == name))]


def by_writer(session: Session) -> list[str]:
    posts = session.query(Post).filter(Post.writer.has(name="w")).all()
    return [p.title for p in posts]


def by_tag_name(session: Session) -> list[str]:
    tag = session.query(Tag).filter_by(name="sql").one()
    rows = session.query(Post).join(Post.tags).filter_by(name="sql").all()
    return [p.title for p in rows] + [p.title for p in session.query(Post).filter(Post.tags.contains(tag))]
