# expect: ORM1 at 33
# why: accounts and profiles are all held, so profile.account is an identity-map hit; but account.profile (one-to-one, no foreign key on this side) SELECTs per row.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "g60_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40))
    card: Mapped["Card"] = relationship(back_populates="member", uselist=False)


class Card(Base):
    __tablename__ = "g60_cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20))
    member_id: Mapped[int] = mapped_column(ForeignKey("g60_members.id"), unique=True)
    member: Mapped[Member] = relationship(back_populates="card")


def check_cards(session: Session) -> list[bool]:
    members = session.scalars(select(Member)).all()
    cards = session.scalars(select(Card)).all()
    out = []
    for card in cards:
        member = card.member
        out.append(member.card.number == card.number)
    assert members
    return out


run = check_cards


def seed(session, n):
    for i in range(n):
        session.add(Member(login=f"u{i}", card=Card(number=f"n{i}")))
