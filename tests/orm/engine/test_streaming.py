"""Server-side streaming (``stream_results`` / ``yield_per`` / ``max_row_buffer``): rows come from
the server as they are read, on PostgreSQL (named cursor), MariaDB (unbuffered SSCursor) and SQLite
(its natural cursor).

The proofs use real queries of millions of rows: reading the first rows stays under a small
tracemalloc peak (all rows would take hundreds of megabytes), and on PostgreSQL a sequence advanced
by every produced row shows exactly how many rows the server has made -- none beyond those
fetched, not even after the result is closed."""
from __future__ import annotations

import warnings
from typing import Any, Iterator

import pytest

from orm import String, create_engine, exc, insert, select, text
from orm.mapping import DeclarativeBase, Mapped, mapped_column
from orm.session import Session
from tests.conftest import BACKENDS, backend_url
from tests.orm.engine.streaming_queries import MILLIONS, PEAK_BOUND, big_query, traced_peak


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    eng = create_engine(backend_url(request.param, tmp_path_factory))
    yield eng
    eng.dispose()


def test_first_rows_of_millions_in_bounded_memory(engine: Any) -> None:
    with engine.connect() as conn:
        def first_rows() -> Any:
            result = conn.execution_options(stream_results=True).execute(text(big_query(engine.dialect.name)))
            rows = [result.fetchone() for _ in range(10)] + list(result.fetchmany(500))
            for row in result:  # iteration reads ahead in chunks, still bounded
                rows.append(row)
                if len(rows) == 3000:
                    break
            return result, rows

        (result, rows), peak = traced_peak(first_rows)
        assert [r[0] for r in rows] == list(range(1, 3001))
        assert peak < PEAK_BOUND
        result.close()
        assert result.closed
        # the connection goes on: same transaction, more statements, commit
        assert conn.execute(text("SELECT 1")).scalar() == 1
        conn.commit()


def test_yield_per_partitions_in_bounded_memory(engine: Any) -> None:
    with engine.connect() as conn:
        def parts() -> Any:
            result = conn.execution_options(yield_per=700).execute(text(big_query(engine.dialect.name)))
            it = result.partitions()
            return result, [len(next(it)) for _ in range(5)]

        (result, sizes), peak = traced_peak(parts)
        assert sizes == [700] * 5
        assert peak < PEAK_BOUND
        result.close()
        assert conn.execute(select(text("2"))).scalar() == 2


def test_stream_read_to_the_end_and_small_results(engine: Any) -> None:
    with engine.connect() as conn:
        streaming = conn.execution_options(stream_results=True, max_row_buffer=7)
        rows = streaming.execute(text(big_query(engine.dialect.name, 1234))).all()
        assert [r.n for r in rows] == list(range(1, 1235))
        assert streaming.execute(text(big_query(engine.dialect.name, 1))).one().n == 1
        assert streaming.execute(text(big_query(engine.dialect.name, 40))).scalars().all() == list(range(1, 41))
        # DML is never put on a server-side cursor
        assert streaming.execute(text("SELECT 3")).scalar() == 3


def test_transaction_end_closes_open_streams(engine: Any) -> None:
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(text(big_query(engine.dialect.name, 200_000)))
        assert result.fetchone().n == 1
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. PyMySQL's "unbuffered result left incomplete"
            conn.rollback()
        if engine.dialect.name != "sqlite":  # SQLite's cursor is the plain one
            with pytest.raises(exc.ResourceClosedError):
                result.fetchmany(10)
        assert conn.execute(text("SELECT 5")).scalar() == 5


def test_statement_mid_stream_loses_no_row(engine: Any) -> None:
    """Another statement on the connection while a stream is open: PostgreSQL runs it beside
    the named cursor; on MySQL the stream first reads its remaining rows into memory (PyMySQL
    would otherwise discard them); the stream then goes on with every row."""
    with engine.connect() as conn:
        result = conn.execute(text(big_query(engine.dialect.name, 5000)),
                              execution_options={"stream_results": True, "max_row_buffer": 100})
        got = [r.n for r in result.fetchmany(10)]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert conn.execute(text("SELECT 11")).scalar() == 11
            got += [r.n for r in result]
        assert got == list(range(1, 5001))
        with conn.begin_nested():  # SAVEPOINT mid-stream too
            again = conn.execute(text(big_query(engine.dialect.name, 50)),
                                 execution_options={"yield_per": 20})
            first = again.fetchone().n
            conn.execute(text("SELECT 12"))
            assert [first] + [r.n for r in again] == list(range(1, 51))


class _Base(DeclarativeBase):
    pass


class Item(_Base):
    __tablename__ = "stream_items"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(30))


def test_orm_yield_per_objects_from_millions_of_rows(engine: Any) -> None:
    """ORM objects made yield_per rows at a time from a server-side cursor: the first chunks of
    a multi-million-row statement in bounded memory, in the identity map."""
    stmt = select(Item).from_statement(text(big_query(engine.dialect.name, id_col="id", pad_col="name")))
    with Session(engine) as session:
        def first_objects() -> Any:
            result = session.execute(stmt.execution_options(yield_per=250))
            it = iter(result.scalars())
            return result, [next(it) for _ in range(600)]

        (result, objs), peak = traced_peak(first_objects)
        assert [o.id for o in objs] == list(range(1, 601))
        assert session.get(Item, 600) is objs[-1]
        assert peak < PEAK_BOUND
        result.close()
        assert session.execute(select(text("7"))).scalar() == 7


def test_orm_yield_per_runs_on_a_server_side_cursor(engine: Any) -> None:
    md = _Base.metadata
    md.create_all(engine)
    try:
        with engine.begin() as conn:
            conn.execute(insert(Item), [{"id": i, "name": f"n{i}"} for i in range(1, 1001)])
        seen: list[Any] = []
        from orm import event

        def on_execute(conn: Any, cursor: Any, *a: Any) -> None:
            seen.append(cursor)

        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            with Session(engine) as session:
                chunks = list(session.scalars(select(Item).order_by(Item.id)
                                              .execution_options(yield_per=300)).partitions())
                assert [len(c) for c in chunks] == [300, 300, 300, 100]
                assert [o.id for c in chunks for o in c] == list(range(1, 1001))
                legacy = session.query(Item).order_by(Item.id).yield_per(400)
                assert sum(1 for _ in legacy) == 1000
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)
        name = engine.dialect.name
        for cursor in seen:
            if name == "postgresql":
                assert cursor.name is not None  # a named (server-side) cursor
            elif name == "mysql":
                import pymysql.cursors

                assert isinstance(cursor, pymysql.cursors.SSCursor)
    finally:
        md.drop_all(engine)


def test_bad_stream_options(engine: Any) -> None:
    with engine.connect() as conn:
        for bad in ({"max_row_buffer": 0}, {"max_row_buffer": "10"}, {"yield_per": -5}):
            with pytest.raises(exc.ArgumentError, match="must be a positive integer"):
                conn.execute(text("SELECT 1"), execution_options={"stream_results": True, **bad})
        assert conn.execute(text("SELECT 1")).scalar() == 1


# -- PostgreSQL: what the server produced -------------------------------------------------------------
@pytest.fixture
def pg_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    eng = create_engine(backend_url("postgresql", tmp_path_factory))
    with eng.begin() as conn:
        conn.exec_driver_sql("DROP SEQUENCE IF EXISTS orm_stream_seq")
        conn.exec_driver_sql("CREATE SEQUENCE orm_stream_seq")
    yield eng
    with eng.begin() as conn:
        conn.exec_driver_sql("DROP SEQUENCE IF EXISTS orm_stream_seq")
    eng.dispose()


def _produced(spy: Any) -> int:
    """Rows the server has produced so far (sequences ignore transactions: another connection
    sees every nextval at once)."""
    value, called = spy.execute(text("SELECT last_value, is_called FROM orm_stream_seq")).one()
    return int(value) if called else 0


_COUNTED = ("SELECT nextval('orm_stream_seq') AS n, repeat('x', 200) AS pad "
            f"FROM generate_series(1, {MILLIONS})")


def test_postgresql_rows_are_produced_only_as_fetched(pg_engine: Any) -> None:
    with pg_engine.connect() as conn, pg_engine.connect() as spy:
        spy.execution_options(isolation_level="AUTOCOMMIT")
        result = conn.execute(text(_COUNTED), execution_options={"stream_results": True, "max_row_buffer": 40})
        assert _produced(spy) == 0
        assert result.fetchone().n == 1
        assert _produced(spy) == 5            # the read-ahead buffer starts at 5 rows
        for _ in range(5):
            result.fetchone()
        assert _produced(spy) == 5 + 25       # and grows fivefold ...
        for _ in range(30):
            result.fetchone()
        assert _produced(spy) == 5 + 25 + 40  # ... up to max_row_buffer
        assert len(result.fetchmany(100)) == 100
        assert _produced(spy) <= 5 + 25 + 40 + 100
        assert conn.exec_driver_sql("SELECT count(*) FROM pg_cursors WHERE name LIKE 'orm_c_%%'").scalar() == 1
        made = _produced(spy)
        result.close()  # CLOSE on the server: the remaining millions are never produced
        assert conn.exec_driver_sql("SELECT count(*) FROM pg_cursors WHERE name LIKE 'orm_c_%%'").scalar() == 0
        assert _produced(spy) == made
        conn.commit()
        assert _produced(spy) == made


def test_postgresql_yield_per_fetches_exactly_its_chunks(pg_engine: Any) -> None:
    with pg_engine.connect() as conn, pg_engine.connect() as spy:
        spy.execution_options(isolation_level="AUTOCOMMIT")
        result = conn.execute(text(_COUNTED), execution_options={"yield_per": 1000})
        parts = result.partitions()
        next(parts)
        assert _produced(spy) == 1000
        next(parts)
        assert _produced(spy) == 2000
        result.close()
        assert _produced(spy) == 2000


# -- MariaDB: the server waits on the socket --------------------------------------------------------------
def test_mysql_server_waits_while_the_stream_is_open(tmp_path_factory: pytest.TempPathFactory) -> None:
    """MariaDB sends an unbuffered result as the client reads it: with the first rows read, the
    server thread is blocked writing to the network (not producing the rest).  Its protocol
    cannot stop a result half-way, so closing early makes the driver read off what the server
    still sends -- 200k rows here -- in bounded memory; the connection is then free."""
    eng = create_engine(backend_url("mysql", tmp_path_factory))
    try:
        with eng.connect() as conn, eng.connect() as spy:
            cid = conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
            result = conn.execution_options(stream_results=True).execute(text(big_query("mysql", 200_000)))
            assert len(result.fetchmany(100)) == 100
            state = spy.execute(text("SELECT STATE FROM information_schema.PROCESSLIST WHERE ID = :i"),
                                {"i": cid}).scalar()
            assert state in ("Writing to net", "Sending data")
            _, peak = traced_peak(result.close)
            assert peak < PEAK_BOUND
            assert conn.execute(text("SELECT 9")).scalar() == 9
    finally:
        eng.dispose()
