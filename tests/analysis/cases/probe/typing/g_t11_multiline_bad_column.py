# expect: ORM3 at 25
# alt: ORM3 at 27 for 25
# why: multi-line text() SQL reads s.total_cents, but the column of g_t11_sales is amount_cents (no such column).

from sqlalchemy import Integer, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Sale(Base):
    __tablename__ = "g_t11_sales"
    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int] = mapped_column(Integer)


def seed(session: Session) -> None:
    session.add_all([Sale(region="north", amount_cents=100), Sale(region="south", amount_cents=250)])


def by_region(session: Session, minimum: int = 50) -> dict[str, int]:
    sql = text(
        """
        SELECT s.region, SUM(s.total_cents) AS cents
        FROM g_t11_sales AS s
        WHERE s.amount_cents >= :minimum
        GROUP BY s.region
        """
    )
    return {row.region: row.cents for row in session.execute(sql, {"minimum": minimum})}
