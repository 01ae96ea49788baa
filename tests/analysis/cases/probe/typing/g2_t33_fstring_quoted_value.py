# expect: ORM3 at 23
# why: the name is spliced into the SQL text with an f-string; the default "O'Brien" closes the quote (syntax error) - a bind parameter belongs there.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "g2_t33_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    surname: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add(Person(surname="O'Brien"))


def find(session: Session, surname: str = "O'Brien") -> list[int]:
    return list(session.scalars(text(f"SELECT id FROM g2_t33_people WHERE surname = '{surname}'")))


def find_ok(session: Session, surname: str = "O'Brien") -> list[int]:
    return list(session.scalars(text("SELECT id FROM g2_t33_people WHERE surname = :s"),
                                {"s": surname}))
