# expect: none
# why: SQLite-only raw SQL on a SQLite project: PRAGMA, sqlite_master, sqlite_version(), INSERT ... SELECT and UPDATE ... FROM between mapped tables.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

TARGETS = ("sqlite",)


class Base(DeclarativeBase):
    pass


class Stock(Base):
    __tablename__ = "g2_t65_stock"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    qty: Mapped[int] = mapped_column(default=0)


class Delivery(Base):
    __tablename__ = "g2_t65_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    qty: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Stock(sku="a", qty=1), Delivery(sku="a", qty=5)])


def tables(session: Session) -> list[str]:
    session.execute(text("PRAGMA foreign_keys = ON"))
    version = session.scalar(text("SELECT sqlite_version()"))
    names = list(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))
    return names + [version]


def receive(session: Session) -> None:
    session.execute(text(
        "UPDATE g2_t65_stock SET qty = g2_t65_stock.qty + d.qty FROM g2_t65_deliveries AS d "
        "WHERE d.sku = g2_t65_stock.sku"))
    session.execute(text("INSERT INTO g2_t65_stock (sku, qty) SELECT sku, 0 FROM g2_t65_deliveries "
                         "WHERE sku NOT IN (SELECT sku FROM g2_t65_stock)"))
