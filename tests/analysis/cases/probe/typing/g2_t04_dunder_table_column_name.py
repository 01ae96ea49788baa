# expect: ORM2 at 25
# why: the Table column "lbl" is mapped under its key "label": filter_by(lbl=...) names no attribute of Tag (InvalidRequestError).

from sqlalchemy import Column, Integer, String, Table
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()

tags = Table(
    "g2_t04_tags", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("lbl", String(30), key="label"),
)


class Tag(Base):
    __table__ = tags


def seed(session: Session) -> None:
    session.add(Tag(label="py"))


def by_db_name(session: Session) -> list[int]:
    return [t.id for t in session.query(Tag).filter_by(lbl="py")]
