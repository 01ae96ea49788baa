# expect: none
# why: filter_by() applies to the last joined entity: after .join(Chapter.volume) 'label' is Volume.label, which exists.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Volume(Base):
    __tablename__ = "g_t08_volumes"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(40))


class Chapter(Base):
    __tablename__ = "g_t08_chapters"
    id: Mapped[int] = mapped_column(primary_key=True)
    heading: Mapped[str] = mapped_column(String(80))
    volume_id: Mapped[int] = mapped_column(ForeignKey("g_t08_volumes.id"))
    volume: Mapped[Volume] = relationship()


def seed(session: Session) -> None:
    session.add(Chapter(heading="One", volume=Volume(label="I")))


def chapters_of(session: Session, label: str = "I") -> list[str]:
    stmt = select(Chapter.heading).join(Chapter.volume).filter_by(label=label)
    return list(session.scalars(stmt))
