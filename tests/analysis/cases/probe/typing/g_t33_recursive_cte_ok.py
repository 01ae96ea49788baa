# expect: none
# why: a recursive CTE declares its own column list (node_id, depth); the outer query reads those columns.

from typing import Optional

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Folder(Base):
    __tablename__ = "g_t33_folders"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("g_t33_folders.id"))


def seed(session: Session) -> None:
    session.add_all([Folder(id=1, name="root"), Folder(id=2, name="sub", parent_id=1)])


def depths(session: Session, root: int = 1) -> dict[int, int]:
    rows = session.execute(text(
        """
        WITH RECURSIVE tree(node_id, depth) AS (
            SELECT id, 0 FROM g_t33_folders WHERE id = :root
            UNION ALL
            SELECT f.id, tree.depth + 1
            FROM g_t33_folders f JOIN tree ON f.parent_id = tree.node_id
        )
        SELECT node_id, depth FROM tree ORDER BY depth
        """
    ), {"root": root})
    return {r.node_id: r.depth for r in rows}
