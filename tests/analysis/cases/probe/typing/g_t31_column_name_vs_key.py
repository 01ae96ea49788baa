# expect: ORM3 at 27
# why: the attribute Customer.name is stored in column "full_name"; raw SQL must use the column name (no such column: name).

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "g_t31_customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column("full_name", String(80))


def seed(session: Session) -> None:
    session.add(Customer(name="Ada"))


def by_column(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT full_name FROM g_t31_customers ORDER BY full_name")))


def by_key(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT name FROM g_t31_customers")))
