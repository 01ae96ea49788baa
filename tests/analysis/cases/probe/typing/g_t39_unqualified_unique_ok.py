# expect: none
# why: unqualified columns that exist in exactly one joined table are fine; from_statement() maps raw rows to the entity.

from sqlalchemy import ForeignKey, String, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Maker(Base):
    __tablename__ = "g_t39_makers"
    id: Mapped[int] = mapped_column(primary_key=True)
    brand: Mapped[str] = mapped_column(String(40))


class Gizmo(Base):
    __tablename__ = "g_t39_gizmos"
    id: Mapped[int] = mapped_column(primary_key=True)
    maker_id: Mapped[int] = mapped_column(ForeignKey("g_t39_makers.id"))
    label: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    m = Maker(brand="b")
    session.add(m)
    session.flush()
    session.add(Gizmo(maker_id=m.id, label="g"))


def labels(session: Session) -> list[tuple[str, str]]:
    sql = text("SELECT label, brand FROM g_t39_gizmos JOIN g_t39_makers ON g_t39_makers.id = maker_id")
    return [(r.label, r.brand) for r in session.execute(sql)]


def gizmos(session: Session) -> list[str]:
    stmt = select(Gizmo).from_statement(text("SELECT * FROM g_t39_gizmos ORDER BY id"))
    return [g.label for g in session.scalars(stmt)]
