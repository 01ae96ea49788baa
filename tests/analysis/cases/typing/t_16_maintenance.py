# expect: none
# why: Catalogue tables, a temporary table created in the module, driver-level SQL with the driver's placeholders and a bound LIKE pattern are all valid.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


# the module runs on SQLite only (its catalogue and the qmark placeholders of sqlite3)
TARGETS = ("sqlite",)


class Base(DeclarativeBase):
    pass


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32))
    site: Mapped[str] = mapped_column(String(20))


def seed(session: Session) -> None:
    session.add_all([Device(serial="S1", site="north"), Device(serial="S2", site="south")])


def table_names(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))


def stage_serials(session: Session, serials=("S1", "S9")) -> list[str]:
    session.execute(text("CREATE TEMP TABLE staged_serials (serial VARCHAR(32))"))
    session.execute(text("INSERT INTO staged_serials (serial) VALUES (:s)"),
                    [{"s": s} for s in serials])
    found = session.execute(text(
        "SELECT d.serial FROM devices d JOIN staged_serials s ON s.serial = d.serial"))
    return [row.serial for row in found]


def count_site(session: Session, site: str = "north") -> int:
    conn = session.connection()
    return conn.exec_driver_sql("SELECT COUNT(*) FROM devices WHERE site = ?", (site,)).scalar()


def serial_prefix(session: Session, prefix: str = "S") -> list[str]:
    rows = session.execute(text("SELECT serial FROM devices WHERE serial LIKE :p || '%'"),
                           {"p": prefix})
    return [r.serial for r in rows]
