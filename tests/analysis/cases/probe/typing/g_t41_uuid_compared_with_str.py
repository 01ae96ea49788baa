# expect: ORM2 at 25
# why: the Uuid column (as_uuid, the default) binds uuid.UUID values; a str from the URL is not converted (SQLite: 'str' object has no attribute 'hex').

import uuid

from sqlalchemy import String, Uuid, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class ApiKey(Base):
    __tablename__ = "g_t41_api_keys"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    owner: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add(ApiKey(id=uuid.UUID("0b8e5f6c-8a3c-4a8e-9a3e-1f2d3c4b5a69"), owner="o"))


def owner_of(session: Session, key: str = "0b8e5f6c-8a3c-4a8e-9a3e-1f2d3c4b5a69") -> list[str]:
    return list(session.scalars(select(ApiKey.owner).where(ApiKey.id == key)))


def owner_of_parsed(session: Session, key: str = "0b8e5f6c-8a3c-4a8e-9a3e-1f2d3c4b5a69") -> list[str]:
    return list(session.scalars(select(ApiKey.owner).where(ApiKey.id == uuid.UUID(key))))
