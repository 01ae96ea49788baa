# expect: none
# why: one statement each: a trailing semicolon, a ';' inside a string literal, a ';' in a comment; and sqlite3's executescript() on the DBAPI connection, which does run several statements.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

TARGETS = ("sqlite",)


class Base(DeclarativeBase):
    pass


class Memo(Base):
    __tablename__ = "g2_t47_memos"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(80))


def seed(session: Session) -> None:
    session.add(Memo(body="a;b"))


def find(session: Session) -> list[int]:
    sql = text("SELECT id FROM g2_t47_memos WHERE body = 'a;b' -- no; second statement\n;")
    return list(session.scalars(sql))


def reset(session: Session) -> None:
    raw = session.connection().connection.dbapi_connection
    raw.executescript("UPDATE g2_t47_memos SET body = 'x'; UPDATE g2_t47_memos SET body = 'y';")
