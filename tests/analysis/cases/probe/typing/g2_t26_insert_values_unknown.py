# expect: ORM2 at 24
# why: insert(Contact).values(mail=...) names no column of g2_t26_contacts (CompileError: Unconsumed column names: mail); the ORM bulk insert with real keys below is fine.

from sqlalchemy import String, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Contact(Base):
    __tablename__ = "g2_t26_contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(80))


def seed(session: Session) -> None:
    session.add(Contact(name="a", email="a@x"))


def add_one(session: Session, name: str = "b") -> None:
    session.execute(insert(Contact).values(name=name, mail=f"{name}@x"))


def add_many(session: Session) -> None:
    session.execute(insert(Contact), [{"name": "c", "email": "c@x"}, {"name": "d", "email": "d@x"}])
