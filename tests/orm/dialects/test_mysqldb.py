"""``mysql+mysqldb://`` (mysqlclient): the core round trips on the real MariaDB (whatever driver
ORMLENS_TEST_MYSQL_URL names), the error when mysqlclient is missing, and which driver a
driverless ``mysql://`` gets."""
from __future__ import annotations

import datetime as dt
import decimal
import importlib.util
import sys
from typing import Any, Iterator

import pytest

import orm
from orm import exc
from orm.dialects import load_dialect_class, registry
from orm.engine.url import make_url
from tests.conftest import backend_url


def _have_mysqldb() -> bool:
    return importlib.util.find_spec("MySQLdb") is not None


needs_mysqldb = pytest.mark.skipif(not _have_mysqldb(), reason="mysqlclient is not installed "
                                   "(pip install mysqlclient; needs libmariadb-dev + pkg-config)")


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    if not _have_mysqldb():
        pytest.skip("mysqlclient is not installed")
    url = make_url(backend_url("mysql")).set(drivername="mysql+mysqldb")
    eng = orm.create_engine(url)
    assert eng.dialect.driver == "mysqldb"
    yield eng
    eng.dispose()


@pytest.fixture
def table(engine: Any) -> Iterator[Any]:
    md = orm.MetaData()
    t = orm.Table(
        "md_items", md,
        orm.Column("id", orm.Integer, primary_key=True),
        orm.Column("name", orm.String(40)), orm.Column("doc", orm.JSON),
        orm.Column("b", orm.LargeBinary), orm.Column("n", orm.Numeric(10, 2)),
        orm.Column("ts", orm.DateTime), orm.Column("t", orm.Time), orm.Column("flag", orm.Boolean),
    )
    md.drop_all(engine)
    md.create_all(engine)
    yield t
    md.drop_all(engine)


def test_values_round_trip(engine: Any, table: Any) -> None:
    row = {"name": "snow \u2603 \U0001F600", "doc": {"k": [1, "x", None]}, "b": b"\x00\xff",
           "n": decimal.Decimal("3.25"), "ts": dt.datetime(2024, 5, 6, 7, 8, 9),
           "t": dt.time(10, 11, 12), "flag": True}
    with engine.begin() as conn:
        result = conn.execute(orm.insert(table), row)
        new_id = result.inserted_primary_key[0]
        got = conn.execute(orm.select(table).where(table.c.id == new_id)).mappings().one()
        assert dict(got) == {"id": new_id, **row}
        # many rows, then an UPDATE whose rowcount counts matched rows (FOUND_ROWS), changed or not
        conn.execute(orm.insert(table), [{"name": f"r{i}", "n": i} for i in range(300)])
        assert conn.execute(orm.update(table).where(table.c.name.like("r%"), table.c.n < 10).values(n=5)).rowcount == 10
        assert conn.execute(orm.update(table).where(table.c.n == 5).values(n=5)).rowcount == 10


def test_stream_results_uses_an_unbuffered_cursor(engine: Any, table: Any) -> None:
    import MySQLdb.cursors

    with engine.begin() as conn:
        conn.execute(orm.insert(table), [{"name": f"s{i:03d}"} for i in range(120)])
    with engine.connect() as conn:
        result = conn.execute(orm.select(table.c.name).order_by(table.c.name),
                              execution_options={"yield_per": 50})
        assert isinstance(result.context.cursor.cursor, MySQLdb.cursors.SSCursor)
        assert [len(p) for p in result.partitions()] == [50, 50, 20]


def test_orm_session_round_trip(engine: Any) -> None:
    class Base(orm.DeclarativeBase):
        pass

    class Author(Base):
        __tablename__ = "md_author"
        id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
        name: orm.Mapped[str] = orm.mapped_column(orm.String(20))
        books: orm.Mapped[list["Book"]] = orm.relationship(back_populates="author")

    class Book(Base):
        __tablename__ = "md_book"
        id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
        author_id: orm.Mapped[int] = orm.mapped_column(orm.ForeignKey("md_author.id"))
        author: orm.Mapped[Author] = orm.relationship(back_populates="books")

    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with orm.Session(engine) as s:
            s.add_all([Author(name=f"a{i}", books=[Book(), Book()]) for i in range(10)])
            s.commit()
            authors = s.scalars(orm.select(Author).options(orm.selectinload(Author.books))).all()
            assert sorted(a.name for a in authors) == [f"a{i}" for i in range(10)]
            assert len({b.id for a in authors for b in a.books}) == 20
    finally:
        Base.metadata.drop_all(engine)


def test_a_killed_connection_is_reported_as_a_disconnect(engine: Any) -> None:
    with engine.connect() as conn, engine.connect() as admin:
        cid = conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
        admin.exec_driver_sql(f"KILL {int(cid)}")
        with pytest.raises(exc.DBAPIError) as info:
            conn.exec_driver_sql("SELECT 1")
        assert info.value.connection_invalidated is True


def test_missing_mysqlclient_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes "import MySQLdb" raise ImportError, as on a machine without it
    monkeypatch.setitem(sys.modules, "MySQLdb", None)
    with pytest.raises(exc.DriverNotInstalledError,
                       match=r"mysqlclient \(MySQLdb\) is not installed; use mysql\+pymysql://.*"
                             r"pip install mysqlclient"):
        orm.create_engine("mysql+mysqldb://u@h/db")


@needs_mysqldb
def test_driverless_url_prefers_mysqldb_as_sqlalchemy_does() -> None:
    assert orm.create_engine("mysql://u@h/db").dialect.driver == "mysqldb"
    assert orm.create_engine("mariadb://u@h/db").dialect.driver == "mysqldb"
    assert make_url("mysql://u@h/db").get_driver_name() == "mysqldb"


def test_driverless_url_falls_back_to_pymysql(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def without(*missing: str) -> Any:
        return lambda name, *a: None if name in missing else real(name, *a)

    monkeypatch.setattr(registry, "_loaded", {})
    monkeypatch.setattr(importlib.util, "find_spec", without("MySQLdb"))
    assert load_dialect_class("mysql").driver == "pymysql"
    assert load_dialect_class("mariadb").driver == "pymysql"
    monkeypatch.setattr(registry, "_loaded", {})
    monkeypatch.setattr(importlib.util, "find_spec", without("MySQLdb", "pymysql"))
    with pytest.raises(exc.DriverNotInstalledError,
                       match=r"looked for MySQLdb, pymysql.*pip install 'ormlens\[mysql\]'"):
        orm.create_engine("mysql://u@h/db")
