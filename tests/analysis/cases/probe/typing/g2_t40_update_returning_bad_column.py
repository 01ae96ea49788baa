# expect: ORM3 at 24
# why: UPDATE ... RETURNING names "balance" but the column is "balance_cents" (no such column), in a multi-line text().

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Wallet(Base):
    __tablename__ = "g2_t40_wallets"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))
    balance_cents: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add(Wallet(id=1, owner="x", balance_cents=100))


def credit(session: Session, cents: int = 50) -> list[int]:
    rows = session.execute(text(
        "UPDATE g2_t40_wallets "
        "SET balance_cents = balance_cents + :c "
        "WHERE id = 1 RETURNING balance"
    ), {"c": cents})
    return [r[0] for r in rows]
