# expect: ORM3 at 28
# why: the column is named "order", a reserved word: unquoted in raw SQL it is a syntax error (the quoted form in position() is fine).

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Step(Base):
    __tablename__ = "g_t40_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    order: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add_all([Step(order=2, name="b"), Step(order=1, name="a")])


def position(session: Session) -> list[str]:
    return list(session.scalars(text('SELECT name FROM g_t40_steps ORDER BY "order"')))


def broken(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT name, order FROM g_t40_steps")))
