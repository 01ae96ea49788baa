# expect: none
# why: legacy Query with joinedload on the backref and subqueryload of the collection: nothing loads per row.

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import Session, declarative_base, joinedload, relationship, subqueryload

Base = declarative_base()


class Crate(Base):
    __tablename__ = "g81_crates"
    id = Column(Integer, primary_key=True)
    code = Column(String(20), nullable=False)
    items = relationship("CrateItem", backref="crate")


class CrateItem(Base):
    __tablename__ = "g81_items"
    id = Column(Integer, primary_key=True)
    crate_id = Column(Integer, ForeignKey("g81_crates.id"), nullable=False)
    label = Column(String(20), nullable=False)


def manifest(session: Session) -> list[str]:
    items = session.query(CrateItem).options(joinedload(CrateItem.crate)).all()
    crates = session.query(Crate).options(subqueryload(Crate.items)).all()
    return [f"{i.crate.code}/{i.label}" for i in items] + [f"{c.code}:{len(c.items)}" for c in crates]


run = manifest


def seed(session, n):
    for i in range(n):
        session.add(Crate(code=f"c{i}", items=[CrateItem(label="x")]))
