# expect: ORM2 at 24
# why: filter_by(emial=...) names no attribute of Subscriber (InvalidRequestError: Entity namespace has no property 'emial').

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Subscriber(Base):
    __tablename__ = "g_t07_subscribers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)


def seed(session: Session) -> None:
    session.add(Subscriber(email="a@example.com"))


def find(session: Session, address: str = "a@example.com") -> Subscriber | None:
    stmt = select(Subscriber).filter_by(active=True).filter_by(emial=address)
    return session.scalars(stmt).first()
