# expect: none
# why: an IntEnum member against an Integer column, an auto() member's .value, a str member's .value against a String column, and a plain class's int constant: the types match.

import enum

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Stage(enum.IntEnum):
    DRAFT = enum.auto()
    LIVE = enum.auto()


class Color(enum.Enum):
    RED = "red"


class Limits:
    MAX_STAGE = 5


class Page(Base):
    __tablename__ = "g2_t45_pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    stage: Mapped[int] = mapped_column(default=1)
    color: Mapped[str] = mapped_column(String(10), default="red")


def seed(session: Session) -> None:
    session.add(Page(stage=2))


def live(session: Session) -> list[int]:
    stmt = select(Page.id).where(Page.stage == Stage.LIVE.value, Page.stage <= Limits.MAX_STAGE,
                                 Page.color == Color.RED.value)
    return list(session.scalars(stmt))


def drafts(session: Session) -> list[int]:
    return list(session.scalars(select(Page.id).where(Page.stage != int(Stage.DRAFT))))
