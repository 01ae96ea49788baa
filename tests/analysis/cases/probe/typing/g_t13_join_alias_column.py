# expect: ORM3 at 33
# why: w.name: the warehouse alias w has no column name (it is on the supplier table, alias s).

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Supplier(Base):
    __tablename__ = "g_t13_suppliers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))


class Depot(Base):
    __tablename__ = "g_t13_depots"
    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(60))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("g_t13_suppliers.id"))


def seed(session: Session) -> None:
    s = Supplier(name="Acme")
    session.add(s)
    session.flush()
    session.add(Depot(city="Oslo", supplier_id=s.id))


def depots(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(text("SELECT w.city, w.name FROM g_t13_depots w JOIN g_t13_suppliers s ON s.id = w.supplier_id"))
    return [(r.city, r.name) for r in rows]
