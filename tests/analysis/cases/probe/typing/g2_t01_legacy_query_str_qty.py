# expect: ORM2 at 22
# why: legacy Query on a classic Column model: the Integer column Part.stock is compared with a str default parameter (PostgreSQL: invalid input syntax for type integer).

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class Part(Base):
    __tablename__ = "g2_t01_parts"
    id = Column(Integer, primary_key=True)
    sku = Column(String(20), nullable=False)
    stock = Column(Integer, default=0)


def seed(session: Session) -> None:
    session.add_all([Part(sku="a-1", stock=3), Part(sku="b-2", stock=0)])


def low_stock(session: Session, floor: str = "few") -> list[str]:
    return [p.sku for p in session.query(Part).filter(Part.stock < floor).all()]


def in_stock(session: Session, floor: int = 1) -> list[str]:
    return [p.sku for p in session.query(Part).filter(Part.stock >= floor).order_by(Part.sku)]
