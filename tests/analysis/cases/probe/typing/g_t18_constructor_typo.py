# expect: ORM2 at 25
# alt: ORM2 at 27 for 25
# why: the constructor keyword "emial" is no attribute of Contact (TypeError: 'emial' is an invalid keyword argument).

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Contact(Base):
    __tablename__ = "g_t18_contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    email: Mapped[str] = mapped_column(String(120))


def seed(session: Session) -> None:
    session.add(Contact(name="a", email="a@example.com"))


def import_row(session: Session, row: dict = {"name": "b", "email": "b@example.com"}) -> None:
    contact = Contact(
        name=row["name"],
        emial=row["email"],
    )
    session.add(contact)
    session.flush()
