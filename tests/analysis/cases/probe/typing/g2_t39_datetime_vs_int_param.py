# expect: ORM2 at 26
# why: the DateTime column Upload.created is compared with an int parameter (a Unix timestamp) (PostgreSQL: operator does not exist: timestamp without time zone > integer).

from datetime import datetime

from sqlalchemy import DateTime, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Upload(Base):
    __tablename__ = "g2_t39_uploads"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    created: Mapped[datetime] = mapped_column(DateTime)


def seed(session: Session) -> None:
    session.add(Upload(name="a.png", created=datetime(2024, 5, 1)))


def since(session: Session, ts: int = 1700000000) -> list[str]:
    return list(session.scalars(select(Upload.name).where(Upload.created > ts)))


def since_dt(session: Session, ts: int = 1700000000) -> list[str]:
    when = datetime.fromtimestamp(ts)
    return list(session.scalars(select(Upload.name).where(Upload.created > when)))
