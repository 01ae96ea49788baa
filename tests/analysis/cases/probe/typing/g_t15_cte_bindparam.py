# expect: none
# why: the outer query reads the CTE's own columns (n, total) and the alias of a derived value; bindparams are typed.

from sqlalchemy import ForeignKey, Integer, String, bindparam, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Store(Base):
    __tablename__ = "g_t15_stores"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Receipt(Base):
    __tablename__ = "g_t15_receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("g_t15_stores.id"))
    cents: Mapped[int] = mapped_column(Integer)


def seed(session: Session) -> None:
    s = Store(name="main")
    session.add(s)
    session.flush()
    session.add_all([Receipt(store_id=s.id, cents=100), Receipt(store_id=s.id, cents=300)])


def busy_stores(session: Session, min_n: int = 1) -> list[str]:
    stmt = text(
        """
        WITH per_store AS (
            SELECT store_id, COUNT(*) AS n, SUM(cents) AS total
            FROM g_t15_receipts
            GROUP BY store_id
        )
        SELECT st.name, p.total / p.n AS average
        FROM per_store p
        JOIN g_t15_stores st ON st.id = p.store_id
        WHERE p.n >= :min_n
        ORDER BY average DESC
        """
    ).bindparams(bindparam("min_n", type_=Integer))
    return [row.name for row in session.execute(stmt, {"min_n": min_n})]
