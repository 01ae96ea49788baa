# expect: ORM4 at 26
# why: the project's engine is SQLite (create_engine("sqlite:...")) and SQLite has no ILIKE operator: a construct the target dialect lacks, ORM401 (OperationalError: near "ILIKE": syntax error); the LIKE version is fine.

from sqlalchemy import String, create_engine, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///g2_t35_app.db")
TARGETS = ("sqlite",)


class Base(DeclarativeBase):
    pass


class City(Base):
    __tablename__ = "g2_t35_cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add(City(name="Oslo"))


def search(session: Session, q: str = "os%") -> list[str]:
    return list(session.scalars(text("SELECT name FROM g2_t35_cities WHERE name ILIKE :q"), {"q": q}))


def search_ok(session: Session, q: str = "os%") -> list[str]:
    return list(session.scalars(text("SELECT name FROM g2_t35_cities WHERE name LIKE :q"), {"q": q}))
