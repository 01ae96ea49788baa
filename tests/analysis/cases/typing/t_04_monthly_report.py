# expect: ORM3 at 42
# why: The report joins orders on o.custmer_id; the column of orders is customer_id.

from datetime import date

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Client(Base):
    __tablename__ = "clients"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))


class Purchase(Base):
    __tablename__ = "purchases"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    amount: Mapped[int]
    placed_on: Mapped[date]


def seed(session: Session) -> None:
    session.add(Client(id=1, name="acme"))
    session.flush()
    session.add(Purchase(customer_id=1, amount=10, placed_on=date(2024, 3, 1)))


def top_clients(session: Session, since: date = date(2024, 1, 1)):
    return session.execute(text(
        "SELECT c.name, SUM(p.amount) AS total FROM clients c "
        "JOIN purchases p ON p.customer_id = c.id WHERE p.placed_on >= :since "
        "GROUP BY c.name ORDER BY total DESC"), {"since": since}).all()


def monthly(session: Session):
    return session.execute(text(
        "SELECT c.name, COUNT(*) AS n FROM clients c "
        "JOIN purchases o ON o.custmer_id = c.id GROUP BY c.name")).all()
