# expect: ORM2 at 67
# expect: ORM2 at 76
# expect: ORM2 at 84
# why: Account.__init__ names its keywords (password is one, pasword is not); Member's forwards **kw to the default constructor, which knows no tittle; Badge keeps the default constructor, which takes no positional argument. Note's __init__ sets whatever it gets.

import hashlib

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "t18_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(64))

    def __init__(self, email: str, password: str) -> None:
        self.email = email
        self.password_hash = hashlib.sha256(password.encode()).hexdigest()


class Member(Base):
    __tablename__ = "t18_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    nickname: Mapped[str] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(40))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("t18_accounts.id"))

    def __init__(self, nick: str, **kw) -> None:
        super().__init__(**kw)
        self.nickname = nick.strip()


class Badge(Base):
    __tablename__ = "t18_badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Loose:
    def __init__(self, **values) -> None:
        for key, value in values.items():
            setattr(self, key, value)


class Note(Loose, Base):
    __tablename__ = "t18_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str | None] = mapped_column(String(200))


def seed(session: Session) -> None:
    session.add(Account("ada@example.com", "secret"))


def sign_up(session: Session, email: str = "bob@example.com", password: str = "pw"):
    session.add(Account(email=email, password=password))
    session.flush()


def sign_up_typo(session: Session, email: str = "eve@example.com", password: str = "pw"):
    session.add(Account(email=email, pasword=password))
    session.flush()


def join(session: Session, nick: str = " ada "):
    session.add(Member(nick=nick, title="captain"))


def join_typo(session: Session, nick: str = "bob"):
    session.add(Member(nick=nick, tittle="captain"))


def award(session: Session, name: str = "gold"):
    session.add(Badge(name=name))


def award_positional(session: Session, name: str = "silver"):
    session.add(Badge(name))


def jot(session: Session):
    session.add(Note(body="hello", colour="blue"))
