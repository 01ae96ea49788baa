# expect: none
# why: the declarative base (declarative_base(cls=...)) names every table with a declared_attr __tablename__ = class name lower-cased: the raw SQL's table "g2t51gadget" is the G2T51Gadget model's table, so the models do not tell which tables exist.

from sqlalchemy import Column, Integer, String, text
from sqlalchemy.orm import Session, declarative_base, declared_attr


class NamedBase:
    @declared_attr
    def __tablename__(cls) -> str:
        return cls.__name__.lower()

    id = Column(Integer, primary_key=True)


Base = declarative_base(cls=NamedBase)


class G2T51Gadget(Base):
    name = Column(String(40))


def seed(session: Session) -> None:
    session.add(G2T51Gadget(name="lamp"))


def names(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT name FROM g2t51gadget ORDER BY id")))
