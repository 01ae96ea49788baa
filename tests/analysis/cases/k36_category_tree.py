# expect: ORM1 at 24
# why: The recursive outline() reads category.children (lazy, self-referential) once per node of the tree.

from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("categories.id"))
    children: Mapped[list["Category"]] = relationship()


def outline(category: Category, depth: int = 0) -> list[str]:
    lines = ["  " * depth + category.name]
    for child in category.children:
        lines.extend(outline(child, depth + 1))
    return lines


def run(session: Session) -> list[str]:
    root = session.get(Category, 1)
    return outline(root)


def seed(session, n):
    session.add(Category(name="root", children=[
        Category(name=f"c{i}", children=[Category(name="leaf")]) for i in range(n)]))
