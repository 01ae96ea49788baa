# expect: ORM1 at 31
# why: User.profile is one-to-one from the side without the foreign key: even with every profile loaded and held, each access runs a SELECT (only many-to-one reads use the identity map).

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "g54_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40))
    profile: Mapped["Profile"] = relationship(back_populates="account", uselist=False)


class Profile(Base):
    __tablename__ = "g54_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    bio: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[int] = mapped_column(ForeignKey("g54_accounts.id"), unique=True)
    account: Mapped[Account] = relationship(back_populates="profile")


def bios(session: Session) -> dict[str, str]:
    profiles = session.scalars(select(Profile)).all()
    accounts = session.scalars(select(Account)).all()
    assert len(profiles) == len(accounts)
    return {a.login: a.profile.bio for a in accounts}


run = bios


def seed(session, n):
    for i in range(n):
        session.add(Account(login=f"u{i}", profile=Profile(bio="b")))
