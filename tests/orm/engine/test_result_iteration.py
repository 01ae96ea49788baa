"""Iterating a Result hands rows out a chunk at a time (orm.engine.row_source): every result kind
yields every row once, in order, and mixing iteration with fetchone/fetchmany/all/partitions on the
same result (or on two views of it) neither skips nor repeats a row, across chunk boundaries, on
the three databases' cursors."""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from orm import Column, Integer, MetaData, String, Table, create_engine, select
from orm.engine import Connection
from orm.engine.result import IteratorResult, ResultMetaData
from orm.exc import ResourceClosedError

N = 1300  # more than one read chunk (256) and more than one yield_per(500) chunk


@pytest.fixture
def conn(db_url: str) -> Iterator[Connection]:
    engine = create_engine(db_url)
    md = MetaData()
    # one table per pytest-xdist worker: the workers share the server databases
    table = Table(f"res_iter_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}", md, Column("id", Integer, primary_key=True, autoincrement=False), Column("name", String(20)))
    md.drop_all(engine)
    md.create_all(engine)
    with engine.begin() as c:
        c.execute(table.insert(), [{"id": i, "name": f"n{i % 7}"} for i in range(N)])
    with engine.connect() as c:
        c.info["table"] = table
        yield c
    md.drop_all(engine)
    engine.dispose()


def _stmt(conn: Connection) -> object:
    table = conn.info["table"]
    return select(table).order_by(table.c.id)


@pytest.mark.parametrize("yield_per", [None, 3, 500])
def test_every_kind_iterates_every_row_in_order(conn: Connection, yield_per: int | None) -> None:
    def run() -> object:
        result = conn.execute(_stmt(conn))
        return result.yield_per(yield_per) if yield_per else result

    assert [tuple(r) for r in run()] == [(i, f"n{i % 7}") for i in range(N)]
    assert list(run().scalars()) == list(range(N))
    assert list(run().scalars(1)) == [f"n{i % 7}" for i in range(N)]
    assert [m["name"] for m in run().mappings()] == [f"n{i % 7}" for i in range(N)]
    assert [tuple(r) for r in run().columns("name", "id")] == [(f"n{i % 7}", i) for i in range(N)]
    assert [r.name for r in run().columns("name").unique()] == [f"n{i}" for i in range(7)]
    assert list(run().scalars(1).unique()) == [f"n{i}" for i in range(7)]
    assert [m["name"] for m in run().columns("name").mappings().unique()] == [f"n{i}" for i in range(7)]
    assert len(list(run().unique())) == N
    assert [len(p) for p in run().partitions(600)] == [600, 600, 100]


@pytest.mark.parametrize("yield_per", [None, 7, 1000])
def test_fetches_between_steps_of_an_iterator(conn: Connection, yield_per: int | None) -> None:
    result = conn.execute(_stmt(conn))
    if yield_per:
        result = result.yield_per(yield_per)
    it = iter(result)
    got = [next(it)[0] for _ in range(300)]       # past the first chunk
    got.append(result.fetchone()[0])               # type: ignore[index]
    got += [r[0] for r in result.fetchmany(5)]
    got += [next(it)[0] for _ in range(400)]
    got += [r[0] for r in next(result.partitions(10))]
    got.append(next(result)[0])
    got += [next(it)[0] for _ in range(2)]
    got += [r[0] for r in result.all()]
    assert got == list(range(N))
    assert list(it) == []


def test_two_views_iterated_alternately_share_the_rows(conn: Connection) -> None:
    result = conn.execute(_stmt(conn))
    rows, scalars = iter(result), iter(result.scalars())
    out = [next(rows)[0] if i % 3 else next(scalars) for i in range(N)]
    assert out == list(range(N))
    assert list(rows) == [] and list(scalars) == []


def test_unique_iteration_keeps_rows_it_has_not_handed_out(conn: Connection) -> None:
    # Rows read ahead by a unique() iterator are not yet "seen": fetchone() must still get them.
    result = conn.execute(select(conn.info["table"].c.name).order_by(conn.info["table"].c.id)).unique()
    it = iter(result)
    assert [next(it)[0] for _ in range(3)] == ["n0", "n1", "n2"]
    assert result.fetchone() == ("n3",)
    assert [r[0] for r in it] == ["n4", "n5", "n6"]


def test_abandoned_iterator_leaves_the_rest(conn: Connection) -> None:
    result = conn.execute(_stmt(conn))
    for row in result:
        if row[0] == 10:
            break
    assert result.first() == (11, "n4")


def test_closing_mid_iteration_raises_and_exhausting_stops(conn: Connection) -> None:
    result = conn.execute(_stmt(conn))
    it = iter(result)
    next(it)
    result.close()
    with pytest.raises(ResourceClosedError, match="This result object is closed"):
        next(it)
    result = conn.execute(_stmt(conn))
    assert len(list(result)) == N
    assert list(result) == [] and result.fetchone() is None


def test_list_backed_results_iterate_and_mix_too() -> None:
    meta = ResultMetaData(["a", "b"], [None, str.upper])
    result = IteratorResult(meta, [(i, "x") for i in range(600)])
    it = iter(result)
    assert next(it) == (0, "X")
    assert result.fetchmany(2) == [(1, "X"), (2, "X")]
    assert next(it) == (3, "X")
    assert len(result.all()) == 596
    assert list(IteratorResult(meta, [(1, "y")]).mappings()) == [{"a": 1, "b": "Y"}]


def test_dml_result_iteration_raises() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as c:
        c.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        result = c.exec_driver_sql("INSERT INTO t VALUES (1)")
        with pytest.raises(ResourceClosedError, match="does not return rows"):
            list(result)
