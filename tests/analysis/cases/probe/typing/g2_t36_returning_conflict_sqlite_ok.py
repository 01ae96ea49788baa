# expect: none
# why: the project's engine is SQLite: INSERT ... ON CONFLICT DO NOTHING, UPDATE ... RETURNING and exec_driver_sql with qmark placeholders are all valid there (SQLite 3.35+).

from sqlalchemy import String, create_engine, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///g2_t36_app.db")
TARGETS = ("sqlite",)


class Base(DeclarativeBase):
    pass


class City(Base):
    __tablename__ = "g2_t36_cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    visits: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add(City(name="Oslo"))


def add(session: Session, name: str = "Oslo") -> None:
    session.execute(text("INSERT INTO g2_t36_cities (name, visits) VALUES (:n, 0) "
                         "ON CONFLICT (name) DO NOTHING"), {"n": name})


def visit(session: Session, name: str = "Oslo") -> list[int]:
    rows = session.execute(text("UPDATE g2_t36_cities SET visits = visits + 1 WHERE name = :n "
                                "RETURNING visits"), {"n": name})
    return [r.visits for r in rows]


def count(session: Session) -> int:
    conn = session.connection()
    return conn.exec_driver_sql("SELECT COUNT(*) FROM g2_t36_cities WHERE visits >= ?", (0,)).scalar()
