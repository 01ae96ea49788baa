# expect: none
# why: f-strings that splice only the model's __tablename__, a module int constant, a column name picked from a constant list, and an int(): no runtime value reaches a literal position.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

PAGE = 20
SORTABLE = ("name", "id")


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "g2_t34_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add_all([Person(name="a"), Person(name="b")])


def page(session: Session, number: str = "1") -> list[str]:
    offset = int(number) * PAGE
    sql = f"SELECT name FROM {Person.__tablename__} ORDER BY id LIMIT {PAGE} OFFSET {offset}"
    return list(session.scalars(text(sql)))


def sorted_by(session: Session, key: str = "name") -> list[str]:
    column = key if key in SORTABLE else "id"
    return list(session.scalars(text(f"SELECT name FROM g2_t34_people ORDER BY {column}")))
