# expect: ORM3 at 28
# why: The INSERT binds :sku, :qty and :warehouse, but the rows passed to execute() have no warehouse key.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class StockLevel(Base):
    __tablename__ = "stock_levels"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(12))
    qty: Mapped[int]
    warehouse: Mapped[str] = mapped_column(String(10), default="main")


INSERT_LEVEL = text("INSERT INTO stock_levels (sku, qty, warehouse) VALUES (:sku, :qty, :wh)")


def seed(session: Session) -> None:
    session.execute(INSERT_LEVEL, {"sku": "A1", "qty": 3, "wh": "main"})


def import_rows(session: Session, rows=(("A2", 5), ("A3", 1))) -> None:
    session.execute(text("INSERT INTO stock_levels (sku, qty, warehouse) VALUES (:sku, :qty, :warehouse)"), [{"sku": sku, "qty": qty} for sku, qty in rows])


def import_main(session: Session, rows=(("B1", 2),)) -> None:
    session.execute(INSERT_LEVEL, [{"sku": s, "qty": q, "wh": "main"} for s, q in rows])
