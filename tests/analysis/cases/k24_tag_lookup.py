# expect: ORM1 at 26
# why: session.get(Tag, link.tag_id) inside the comprehension runs once per link (each tag distinct).

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(30))


class TagLink(Base):
    __tablename__ = "tag_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"))


def link_labels(session: Session) -> list[str]:
    return [
        session.get(Tag, link.tag_id).label
        for link in session.scalars(select(TagLink).order_by(TagLink.id))
    ]


run = link_labels


def seed(session, n):
    for i in range(n):
        tag = Tag(label=f"t{i}")
        session.add(tag)
        session.flush()
        session.add(TagLink(tag_id=tag.id))
