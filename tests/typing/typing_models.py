"""Models the typing checks read: 2.0-style ``Mapped[...]`` annotations, as users write them."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from orm import ForeignKey, String
from orm.ext.hybrid import hybrid_property
from orm.mapping import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    nickname: Mapped[Optional[str]]
    created: Mapped[datetime]
    addresses: Mapped[list["Address"]] = relationship(back_populates="user")

    @hybrid_property
    def display(self) -> str:
        return self.nickname or self.name


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(back_populates="addresses")
