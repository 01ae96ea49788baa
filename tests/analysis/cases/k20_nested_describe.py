# expect: ORM1 at 30
# why: The nested describe() reads w.bins (lazy) and the comprehension calls it for every warehouse.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Warehouse(Base):
    __tablename__ = "warehouses"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    bins: Mapped[list["StorageBin"]] = relationship()


class StorageBin(Base):
    __tablename__ = "storage_bins"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(10))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))


def inventory(session: Session) -> list[str]:
    warehouses = session.scalars(select(Warehouse).order_by(Warehouse.code)).all()

    def describe(w: Warehouse) -> str:
        return f"{w.code}: {len(w.bins)} bins"

    return [describe(w) for w in warehouses]


run = inventory


def seed(session, n):
    for i in range(n):
        session.add(Warehouse(code=f"w{i}", bins=[StorageBin(label="b")]))
