# expect: ORM3 at 26
# alt: ORM3 at 27 for 26
# why: the multi-line INSERT names column "qty" but g_t27_stock has "quantity".

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class StockLine(Base):
    __tablename__ = "g_t27_stock"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add(StockLine(sku="A", quantity=1))


def receive(session: Session, sku: str = "B", qty: int = 5) -> None:
    session.execute(
        text(
            "INSERT INTO g_t27_stock (sku, qty) "
            "VALUES (:sku, :qty)"
        ),
        {"sku": sku, "qty": qty},
    )
