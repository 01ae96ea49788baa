# expect: none
# why: a declarative class over an explicit __table__: its attributes are the Table's columns (the key "label" of column "lbl" too), filter_by and comparisons are all valid.

from sqlalchemy import Column, Integer, String, Table, select
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()

tags = Table(
    "g2_t03_tags", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("lbl", String(30), key="label"),
    Column("uses", Integer, default=0),
)


class Tag(Base):
    __table__ = tags


def seed(session: Session) -> None:
    session.add_all([Tag(label="py", uses=3), Tag(label="sql", uses=1)])


def popular(session: Session, least: int = 2) -> list[str]:
    return list(session.scalars(select(Tag.label).where(Tag.uses >= least)))


def by_label(session: Session) -> list[int]:
    return [t.id for t in session.query(Tag).filter_by(label="py")]
