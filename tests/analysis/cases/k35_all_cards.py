# expect: ORM1 at 28
# why: Cards of every board: card.board is a lazy many-to-one to a different board for each group of cards.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Board(Base):
    __tablename__ = "boards"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))
    cards: Mapped[list["Card"]] = relationship(back_populates="board")


class Card(Base):
    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(100))
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    board: Mapped[Board] = relationship(back_populates="cards")


def all_cards(session: Session) -> list[str]:
    return [f"{c.board.title}: {c.text}"
            for c in session.scalars(select(Card).order_by(Card.id))]


run = all_cards


def seed(session, n):
    for i in range(n):
        session.add(Board(title=f"b{i}", cards=[Card(text="x"), Card(text="y")]))
