# expect: ORM3 at 33
# why: both joined tables have an "id" column; the unqualified id in the select list is ambiguous (ambiguous column name / column reference is ambiguous).

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Vendor(Base):
    __tablename__ = "g_t38_vendors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Invoice(Base):
    __tablename__ = "g_t38_invoices"
    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("g_t38_vendors.id"))
    cents: Mapped[int]


def seed(session: Session) -> None:
    v = Vendor(name="v")
    session.add(v)
    session.flush()
    session.add(Invoice(vendor_id=v.id, cents=5))


def rows(session: Session) -> list[tuple]:
    sql = text("SELECT id, name, cents FROM g_t38_invoices JOIN g_t38_vendors ON g_t38_vendors.id = vendor_id")
    return [tuple(r) for r in session.execute(sql)]
