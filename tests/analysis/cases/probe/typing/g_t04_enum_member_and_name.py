# expect: none
# why: an Enum(Status) column compared with a member and with a member's name: both are valid values.

import enum

from sqlalchemy import Enum, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Stage(enum.Enum):
    DRAFT = "draft"
    LIVE = "live"


class Page(Base):
    __tablename__ = "g_t04_pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40))
    stage: Mapped[Stage] = mapped_column(Enum(Stage, name="g_t04_stage"))


def seed(session: Session) -> None:
    session.add_all([Page(slug="a", stage=Stage.DRAFT), Page(slug="b", stage=Stage.LIVE)])


def live(session: Session) -> list[str]:
    return list(session.scalars(select(Page.slug).where(Page.stage == Stage.LIVE)))


def drafts(session: Session) -> list[str]:
    return list(session.scalars(select(Page.slug).where(Page.stage.in_(["DRAFT"]))))
