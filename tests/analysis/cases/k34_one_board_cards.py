# expect: none
# why: All cards of one board point at the same board (loaded once), and all boards are held while cards are listed.

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


def board_view(session: Session, board_id: int = 1) -> list[str]:
    lines = [f"{c.board.title}: {c.text}"
             for c in session.scalars(select(Card).where(Card.board_id == board_id))]
    boards = session.scalars(select(Board)).all()
    lines += [f"{c.board.title}/{c.text}" for c in session.scalars(select(Card))]
    for board in session.scalars(select(Board).where(Board.id == board_id)):
        lines.append(f"{board.title} has {len(board.cards)} cards")
    return lines


run = board_view


def seed(session, n):
    for i in range(n):
        session.add(Board(title=f"b{i}", cards=[Card(text="x"), Card(text="y")]))
