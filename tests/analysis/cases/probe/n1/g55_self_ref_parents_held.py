# expect: none
# why: every category is loaded and held, so each category.parent (many-to-one) is found in the identity map without SQL.

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Topic(Base):
    __tablename__ = "g55_topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("g55_topics.id"))
    parent: Mapped[Optional["Topic"]] = relationship(remote_side=[id])


def paths(session: Session) -> list[str]:
    topics = session.scalars(select(Topic).order_by(Topic.id)).all()
    return [f"{t.parent.name}/{t.name}" if t.parent else t.name for t in topics]


run = paths


def seed(session, n):
    root = Topic(name="root")
    session.add(root)
    for i in range(n):
        session.add(Topic(name=f"t{i}", parent=Topic(name=f"p{i}", parent=root)))
