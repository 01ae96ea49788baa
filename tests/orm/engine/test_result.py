"""Result, Row and the filtered results, over real cursors (exec_driver_sql on SQLite)."""
from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest

from orm.engine import Connection, create_engine
from orm.engine.result import IteratorResult, ResultMetaData
from orm.engine.row import Row, make_row
from orm.exc import (
    MultipleResultsFound,
    NoResultFound,
    NoSuchColumnError,
    ResourceClosedError,
)

ROWS = "SELECT 1 AS id, 'a' AS name UNION ALL SELECT 2, 'b' UNION ALL SELECT 3, 'c'"


@pytest.fixture
def conn() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    with engine.connect() as c:
        yield c
    engine.dispose()


def test_row_behaves_like_named_tuple(conn: Connection) -> None:
    row = conn.exec_driver_sql(ROWS).first()
    assert row == (1, "a")
    assert row[0] == 1 and row[-1] == "a" and row[:1] == (1,)
    assert row.id == 1 and row.name == "a"
    assert row._fields == ("id", "name")
    assert row._mapping["name"] == "a"
    assert row._asdict() == {"id": 1, "name": "a"}
    assert row._t == (1, "a") and row._tuple() == (1, "a")
    assert tuple(row) == (1, "a")
    ident, name = row
    assert (ident, name) == (1, "a")
    assert len(row) == 2 and "a" in row
    assert hash(row) == hash((1, "a"))
    assert {row: 1}[(1, "a")] == 1
    assert repr(row) == "(1, 'a')"
    assert row < (2, "a")
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        row.nope  # noqa: B018
    with pytest.raises(NoSuchColumnError):
        row._mapping["nope"]
    with pytest.raises(AttributeError):
        row.other = 1  # type: ignore[attr-defined]


def test_row_pickles(conn: Connection) -> None:
    row = conn.exec_driver_sql(ROWS).first()
    again = pickle.loads(pickle.dumps(row))
    assert again == row and again.name == "a" and again._fields == ("id", "name")


def test_row_with_non_identifier_keys() -> None:
    row = make_row(["count(*)", "x", "x"], [5, 1, 2])
    assert row._mapping["count(*)"] == 5
    assert row.x == 1  # the first of duplicate names wins
    assert isinstance(row, Row)


def test_fetch_methods(conn: Connection) -> None:
    r = conn.exec_driver_sql(ROWS)
    assert r.keys() == ["id", "name"]
    assert r.fetchone() == (1, "a")
    assert r.fetchmany(1) == [(2, "b")]
    assert r.fetchall() == [(3, "c")]
    assert r.fetchone() is None
    assert r.fetchall() == []
    assert conn.exec_driver_sql(ROWS).all() == [(1, "a"), (2, "b"), (3, "c")]
    assert [tuple(x) for x in conn.exec_driver_sql(ROWS)] == [(1, "a"), (2, "b"), (3, "c")]


def test_one_first_scalar(conn: Connection) -> None:
    assert conn.exec_driver_sql(ROWS).first() == (1, "a")
    assert conn.exec_driver_sql("SELECT 1 WHERE 0").first() is None
    with pytest.raises(MultipleResultsFound, match="Multiple rows were found when exactly one"):
        conn.exec_driver_sql(ROWS).one()
    with pytest.raises(NoResultFound, match="No row was found when one was required"):
        conn.exec_driver_sql("SELECT 1 WHERE 0").one()
    assert conn.exec_driver_sql("SELECT 7, 8").one() == (7, 8)
    assert conn.exec_driver_sql("SELECT 1 WHERE 0").one_or_none() is None
    with pytest.raises(MultipleResultsFound):
        conn.exec_driver_sql(ROWS).one_or_none()
    assert conn.exec_driver_sql(ROWS).scalar() == 1
    assert conn.exec_driver_sql("SELECT 1 WHERE 0").scalar() is None
    assert conn.exec_driver_sql("SELECT 5").scalar_one() == 5
    assert conn.exec_driver_sql("SELECT NULL").scalar_one() is None  # a NULL is still a row
    with pytest.raises(NoResultFound):
        conn.exec_driver_sql("SELECT 1 WHERE 0").scalar_one()
    assert conn.exec_driver_sql("SELECT 1 WHERE 0").scalar_one_or_none() is None
    with pytest.raises(MultipleResultsFound):
        conn.exec_driver_sql(ROWS).scalar_one_or_none()


def test_scalars_mappings_columns(conn: Connection) -> None:
    assert conn.exec_driver_sql(ROWS).scalars().all() == [1, 2, 3]
    assert conn.exec_driver_sql(ROWS).scalars(1).all() == ["a", "b", "c"]
    assert conn.exec_driver_sql(ROWS).scalars("name").first() == "a"
    assert list(conn.exec_driver_sql(ROWS).scalars()) == [1, 2, 3]
    maps = conn.exec_driver_sql(ROWS).mappings().all()
    assert maps[0] == {"id": 1, "name": "a"} and maps[2]["name"] == "c"
    assert conn.exec_driver_sql(ROWS).mappings().first()["id"] == 1
    cols = conn.exec_driver_sql(ROWS).columns("name", "id")
    assert cols.keys() == ["name", "id"]
    rows = cols.all()
    assert rows == [("a", 1), ("b", 2), ("c", 3)] and rows[0].name == "a"
    assert conn.exec_driver_sql(ROWS).columns("name").scalars().all() == ["a", "b", "c"]
    assert conn.exec_driver_sql(ROWS).tuples().all()[0] == (1, "a")
    with pytest.raises(NoSuchColumnError):
        conn.exec_driver_sql(ROWS).columns("nope")


def test_unique(conn: Connection) -> None:
    sql = "SELECT 1, 'x' UNION ALL SELECT 1, 'x' UNION ALL SELECT 2, 'x' UNION ALL SELECT 1, 'x'"
    assert conn.exec_driver_sql(sql).unique().all() == [(1, "x"), (2, "x")]
    assert conn.exec_driver_sql(sql).scalars(1).unique().all() == ["x"]
    assert conn.exec_driver_sql(sql).unique(lambda r: r[1]).all() == [(1, "x")]
    assert conn.exec_driver_sql(sql).unique().fetchmany(2) == [(1, "x"), (2, "x")]
    with pytest.raises(MultipleResultsFound):
        conn.exec_driver_sql(sql).unique().one()
    assert conn.exec_driver_sql(sql).scalars(1).unique().one() == "x"


def test_partitions_and_yield_per(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE TABLE eng_nums (n INTEGER)")
    conn.exec_driver_sql("INSERT INTO eng_nums VALUES (?)", [(i,) for i in range(10)])
    parts = list(conn.exec_driver_sql("SELECT n FROM eng_nums ORDER BY n").partitions(4))
    assert [len(p) for p in parts] == [4, 4, 2]
    assert [r[0] for r in parts[2]] == [8, 9]
    r = conn.exec_driver_sql("SELECT n FROM eng_nums ORDER BY n").yield_per(3)
    assert [len(p) for p in r.partitions()] == [3, 3, 3, 1]
    r = conn.exec_driver_sql("SELECT n FROM eng_nums ORDER BY n",
                             execution_options={"yield_per": 5})
    assert [len(p) for p in r.partitions()] == [5, 5]
    assert [v for p in conn.exec_driver_sql("SELECT n FROM eng_nums").scalars().partitions(6)
            for v in p] == list(range(10))


def test_close_and_dml_results(conn: Connection) -> None:
    r = conn.exec_driver_sql(ROWS)
    r.close()
    assert r.closed
    with pytest.raises(ResourceClosedError, match="This result object is closed"):
        r.fetchall()
    conn.exec_driver_sql("CREATE TABLE eng_t (x INTEGER)")
    res = conn.exec_driver_sql("INSERT INTO eng_t VALUES (1), (2), (3)")
    assert res.returns_rows is False
    assert res.rowcount == 3
    with pytest.raises(ResourceClosedError, match="does not return rows"):
        res.all()
    assert conn.exec_driver_sql("UPDATE eng_t SET x = x + 1 WHERE x > 1").rowcount == 2
    ins = conn.exec_driver_sql("INSERT INTO eng_t VALUES (9)")
    assert ins.lastrowid == 4


def test_freeze_and_iterator_result(conn: Connection) -> None:
    frozen = conn.exec_driver_sql(ROWS).freeze()
    assert frozen().all() == [(1, "a"), (2, "b"), (3, "c")]
    assert frozen().scalars().all() == [1, 2, 3]
    assert frozen().mappings().first() == {"id": 1, "name": "a"}
    it = IteratorResult(["a", "b"], [(1, 2), (3, 4)])
    assert it.columns("b").scalars().all() == [2, 4]


def test_processors_are_applied_per_column() -> None:
    meta = ResultMetaData(["a", "b", "c"], [None, str.upper, lambda v: v * 2])
    result = IteratorResult(meta, [(1, "x", 2), (2, "y", 3)])
    rows = result.all()
    assert rows == [(1, "X", 4), (2, "Y", 6)] and rows[1].b == "Y"
    assert IteratorResult(meta, [(1, "x", 2)]).scalars(1).all() == ["X"]
    assert IteratorResult(meta, [(1, "x", 2)]).columns("c", "b").all() == [(4, "X")]
    assert IteratorResult(meta, [(1, "x", 2)]).scalar() == 1


def test_debug_echo_logs_rows(caplog: pytest.LogCaptureFixture) -> None:
    engine = create_engine("sqlite://", echo="debug")
    with caplog.at_level("DEBUG", logger="orm.engine.Engine"), engine.connect() as conn:
        assert conn.exec_driver_sql(ROWS).all()[2] == (3, "c")
        assert conn.exec_driver_sql(ROWS).scalars().all() == [1, 2, 3]
    messages = [r.getMessage() for r in caplog.records]
    assert "Col ('id', 'name')" in messages
    assert "Row (2, 'b')" in messages
