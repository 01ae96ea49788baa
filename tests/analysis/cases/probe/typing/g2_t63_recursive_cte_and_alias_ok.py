# expect: none
# why: a recursive CTE's columns after union_all, aliased(Node, subquery) filtered on its attributes, and a subquery column of a renamed mapped column read by its attribute key.

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column


class Base(DeclarativeBase):
    pass


class Node(Base):
    __tablename__ = "g2_t63_nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column("node_label", String(20))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("g2_t63_nodes.id"))


def seed(session: Session) -> None:
    session.add(Node(id=1, label="root"))
    session.flush()
    session.add(Node(id=2, label="kid", parent_id=1))


def descendants(session: Session, root: int = 1) -> list[int]:
    tree = select(Node.id, Node.parent_id).where(Node.id == root).cte("tree", recursive=True)
    tree = tree.union_all(select(Node.id, Node.parent_id).join(tree, Node.parent_id == tree.c.id))
    return list(session.scalars(select(tree.c.id).where(tree.c.id != root)))


def kids(session: Session) -> list[str]:
    sub = select(Node).where(Node.parent_id.is_not(None)).subquery()
    kid = aliased(Node, sub)
    labels = select(Node.label).subquery()
    first = list(session.scalars(select(kid.label).where(kid.label == "kid")))
    return first + list(session.scalars(select(labels.c.label).where(labels.c.label == "root")))
