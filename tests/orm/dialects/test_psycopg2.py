"""``postgresql+psycopg2://``: the core round trips through psycopg2 on the real server (whatever
driver ORMLENS_TEST_POSTGRESQL_URL names), and which driver a driverless ``postgresql://`` gets."""
from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any, Iterator

import pytest

import orm
from orm import exc
from orm.dialects import known_dialects, load_dialect_class, registry
from orm.dialects.postgresql import JSONB
from orm.dialects.postgresql import ARRAY as PG_ARRAY
from orm.dialects.postgresql import insert as pg_insert
from orm.dialects.postgresql.psycopg2 import _split_values
from orm.engine.url import make_url
from tests.conftest import backend_url

pytest.importorskip("psycopg2")


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    url = make_url(backend_url("postgresql")).set(drivername="postgresql+psycopg2")
    eng = orm.create_engine(url)
    assert eng.dialect.driver == "psycopg2"
    yield eng
    eng.dispose()


@pytest.fixture
def table(engine: Any) -> Iterator[Any]:
    md = orm.MetaData()
    t = orm.Table(
        "p2_items", md,
        orm.Column("id", orm.Integer, primary_key=True),
        orm.Column("name", orm.String(40), unique=True),
        orm.Column("doc", orm.JSON), orm.Column("docb", JSONB),
        orm.Column("u", orm.Uuid), orm.Column("us", orm.Uuid(as_uuid=False)),
        orm.Column("b", orm.LargeBinary), orm.Column("tags", PG_ARRAY(orm.Integer)),
        orm.Column("ts", orm.DateTime(timezone=True)), orm.Column("n", orm.Numeric(10, 2)),
        orm.Column("f", orm.Float),
    )
    md.drop_all(engine)
    md.create_all(engine)
    yield t
    md.drop_all(engine)


def test_values_come_back_as_the_psycopg_dialect_returns_them(engine: Any, table: Any) -> None:
    u = uuid.uuid4()
    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
    row = {"name": "a", "doc": "a string document", "docb": {"k": [1, None, "x"]}, "u": u,
           "us": str(u), "b": b"\x00\xffbin", "tags": [3, 1, 2], "ts": when,
           "n": decimal.Decimal("12.50"), "f": 1.25}
    with engine.begin() as conn:
        new_id = conn.execute(orm.insert(table).returning(table.c.id), row).scalar_one()
        got = conn.execute(orm.select(table).where(table.c.id == new_id)).mappings().one()
        assert dict(got) == {"id": new_id, **row}
        assert type(got["b"]) is bytes and type(got["u"]) is uuid.UUID and type(got["us"]) is str
        # untyped text(): psycopg2 parses json itself, as users of psycopg2 expect
        raw = conn.execute(orm.text("SELECT doc, docb, b FROM p2_items")).one()
        assert tuple(raw) == ("a string document", {"k": [1, None, "x"]}, b"\x00\xffbin")
        # JSON paths and array operators bind client-side without casts
        assert conn.execute(orm.select(table.c.docb["k"][2].as_string())).scalar() == "x"
        assert conn.execute(orm.select(table.c.id).where(table.c.tags.contains([1, 2]))).scalar() == new_id


def test_executemany_insert_is_sent_as_multirow_pages(engine: Any, table: Any) -> None:
    sent: list[bytes] = []

    @orm.event.listens_for(engine, "after_cursor_execute")
    def grab(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        sent.append(cursor.query)  # psycopg2: the last SQL text the driver sent

    try:
        with engine.begin() as conn:
            result = conn.execute(orm.insert(table), [{"name": f"n{i}", "n": i} for i in range(2500)])
            assert result.rowcount == 2500
            assert conn.execute(orm.select(orm.func.count(), orm.func.sum(table.c.n))
                                .select_from(table)).one() == (2500, sum(range(2500)))
    finally:
        orm.event.remove(engine, "after_cursor_execute", grab)
    # 1000 + 1000 + 500 rows: the last page holds the last 500 rows in one statement
    assert sent[0].count(b"),(") + 1 == 500
    assert b"'n2499'" in sent[0] and b"'n1999'" not in sent[0]


def test_executemany_with_binds_outside_the_row_runs_per_row(engine: Any, table: Any) -> None:
    with engine.begin() as conn:
        conn.execute(orm.insert(table), [{"name": "a", "n": 1}, {"name": "b", "n": 2}])
        stmt = pg_insert(table)
        # the literal is a bind after the row's VALUES: the statement cannot be folded into pages
        stmt = stmt.on_conflict_do_update(index_elements=["name"], set_={"n": stmt.excluded.n + orm.literal(100)})
        result = conn.execute(stmt, [{"name": "a", "n": 7}, {"name": "c", "n": 3}])
        assert result.rowcount == 2
        got = conn.execute(orm.select(table.c.name, table.c.n).order_by(table.c.name)).all()
        assert [(r[0], int(r[1])) for r in got] == [("a", 107), ("b", 2), ("c", 3)]
        # UPDATE executemany: the rowcount is the number of matched rows, over every row
        upd = orm.update(table).where(table.c.name == orm.bindparam("nm")).values(n=0)
        assert conn.execute(upd, [{"nm": "a"}, {"nm": "zz"}, {"nm": "c"}]).rowcount == 2


def test_stream_results_uses_a_named_cursor(engine: Any, table: Any) -> None:
    with engine.begin() as conn:
        conn.execute(orm.insert(table), [{"name": f"s{i:03d}"} for i in range(250)])
    with engine.connect() as conn:
        result = conn.execute(orm.select(table.c.id, table.c.name).order_by(table.c.name),
                              execution_options={"stream_results": True, "max_row_buffer": 50})
        assert list(result.keys()) == ["id", "name"]
        first = result.fetchmany(3)
        assert [r.name for r in first] == ["s000", "s001", "s002"]
        open_cursors = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_cursors WHERE name LIKE 'orm_c_%%'").scalar()
        assert open_cursors == 1
        assert len(result.all()) == 247
        parts = conn.execute(orm.select(table.c.id), execution_options={"yield_per": 100}).partitions()
        assert [len(p) for p in parts] == [100, 100, 50]


def test_orm_session_round_trip(engine: Any) -> None:
    class Base(orm.DeclarativeBase):
        pass

    class Parent(Base):
        __tablename__ = "p2_parent"
        id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
        name: orm.Mapped[str] = orm.mapped_column(orm.String(20))
        children: orm.Mapped[list["Child"]] = orm.relationship(back_populates="parent")

    class Child(Base):
        __tablename__ = "p2_child"
        id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
        parent_id: orm.Mapped[int] = orm.mapped_column(orm.ForeignKey("p2_parent.id"))
        parent: orm.Mapped[Parent] = orm.relationship(back_populates="children")

    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with orm.Session(engine) as s:
            s.add_all([Parent(name=f"p{i}", children=[Child() for _ in range(3)]) for i in range(20)])
            s.commit()
            parents = s.scalars(orm.select(Parent).options(orm.selectinload(Parent.children))
                                .order_by(Parent.id)).all()
            assert [p.name for p in parents] == [f"p{i}" for i in range(20)]
            assert {len(p.children) for p in parents} == {3}
            assert len({c.id for p in parents for c in p.children}) == 60
    finally:
        Base.metadata.drop_all(engine)


def test_isolation_levels(engine: Any) -> None:
    with engine.connect() as conn:
        default = conn.get_isolation_level()
        assert default == engine.dialect.default_isolation_level
    with engine.connect().execution_options(isolation_level="SERIALIZABLE") as conn:
        assert conn.exec_driver_sql("SHOW TRANSACTION ISOLATION LEVEL").scalar() == "serializable"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        assert conn.get_isolation_level() == "AUTOCOMMIT"
    with engine.connect() as conn:  # given back reset
        assert conn.get_isolation_level() == default


def test_a_killed_connection_is_reported_as_a_disconnect(engine: Any) -> None:
    with engine.connect() as conn, engine.connect() as admin:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        admin.execution_options(isolation_level="AUTOCOMMIT")
        admin.exec_driver_sql("SELECT pg_terminate_backend(%(p)s)", {"p": pid})
        with pytest.raises(exc.DBAPIError) as info:
            conn.exec_driver_sql("SELECT 1")
        assert info.value.connection_invalidated is True


def test_insertmanyvalues_page_size_is_checked() -> None:
    eng = orm.create_engine("postgresql+psycopg2://u@h/db", insertmanyvalues_page_size=10)
    assert eng.dialect.insertmanyvalues_page_size == 10
    with pytest.raises(exc.ArgumentError, match="insertmanyvalues_page_size"):
        orm.create_engine("postgresql+psycopg2://u@h/db", insertmanyvalues_page_size=0)


# -- which statements can be folded into multi-row pages ----------------------------------------
@pytest.mark.parametrize("sql, shape", [
    ("INSERT INTO t (a, b) VALUES (%(a)s, %(b)s)", ("INSERT INTO t (a, b) VALUES ", "(%(a)s, %(b)s)", "")),
    ("INSERT INTO t (a, b) VALUES (lower(%(a)s), 'x)''(')", ("INSERT INTO t (a, b) VALUES ",
                                                              "(lower(%(a)s), 'x)''(')", "")),
    ("INSERT INTO t (a) VALUES (%(a)s) ON CONFLICT DO NOTHING",
     ("INSERT INTO t (a) VALUES ", "(%(a)s)", " ON CONFLICT DO NOTHING")),
    ("INSERT INTO t (a) VALUES (%(a)s) ON CONFLICT (a) DO UPDATE SET a = %(param_1)s", None),
    ("INSERT INTO t (a) VALUES (%(a)s) RETURNING t.id", None),
    ("UPDATE t SET a=%(a)s WHERE t.id = %(id)s", None),
    ("INSERT INTO t (a) SELECT x FROM y", None),
])
def test_split_values(sql: str, shape: Any) -> None:
    assert _split_values(sql) == shape


# -- postgresql:// without a driver ---------------------------------------------------------------
def test_driverless_url_prefers_psycopg2_as_sqlalchemy_does() -> None:
    assert orm.create_engine("postgresql://u@h/db").dialect.driver == "psycopg2"
    assert make_url("postgresql://u@h/db").get_driver_name() == "psycopg2"
    assert load_dialect_class("postgresql+psycopg2").driver == "psycopg2"
    assert {"postgresql", "postgresql+psycopg2", "mysql"} <= set(known_dialects())


def test_driverless_url_falls_back_to_the_installed_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec

    def without(*missing: str) -> Any:
        return lambda name, *a: None if name in missing else real(name, *a)

    monkeypatch.setattr(registry, "_loaded", {})
    monkeypatch.setattr(importlib.util, "find_spec", without("psycopg2"))
    assert load_dialect_class("postgresql").driver == "psycopg"
    monkeypatch.setattr(registry, "_loaded", {})
    monkeypatch.setattr(importlib.util, "find_spec", without("psycopg2", "psycopg"))
    with pytest.raises(exc.DriverNotInstalledError,
                       match=r"looked for psycopg2, psycopg.*pip install 'ormlens\[postgresql\]'"):
        orm.create_engine("postgresql://u@h/db")
