# expect: ORM2 at 24
# why: a multi-row insert(...).values([...]) whose rows name "qty" - not a column of g2_t53_lines (its column is "quantity"): CompileError: Unconsumed column names.

from sqlalchemy import String, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Line(Base):
    __tablename__ = "g2_t53_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(default=1)


def seed(session: Session) -> None:
    session.add(Line(sku="x"))


def add_rows(session: Session) -> None:
    session.execute(insert(Line).values([{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1}]))


def add_rows_ok(session: Session) -> None:
    session.execute(insert(Line).values([{"sku": "a", "quantity": 2}, {"sku": "b", "quantity": 1}]))
