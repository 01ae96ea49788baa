"""Execution options set on the statement (``select(t).execution_options(stream_results=True)``)
take effect in Core execution as in SQLAlchemy 2.0: an execution's options are the statement's,
overridden by the connection's, overridden by the call's.  Proved on SQLite, PostgreSQL and
MySQL/MariaDB with what the options do (a named cursor in ``pg_cursors``, partitions of
``yield_per`` rows, a kept rowcount, bounded memory), and compared with SQLAlchemy side by side;
the ORM path (``Session.execute``) is checked too."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

import orm
from orm import String, column, select, text
from orm.mapping import DeclarativeBase, Mapped, mapped_column
from orm.session import Session
from tests.conftest import BACKENDS, backend_url
from tests.orm.engine.streaming_queries import PEAK_BOUND, big_query, traced_peak

sa = pytest.importorskip("sqlalchemy")


def _table(lib: Any) -> tuple[Any, Any]:
    md = lib.MetaData()
    t = lib.Table("stmt_opts_t", md,
                  lib.Column("id", lib.Integer, primary_key=True, autoincrement=False),
                  lib.Column("x", lib.Integer))
    return md, t


@pytest.fixture(scope="module", params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return backend_url(request.param, tmp_path_factory)


def _run(lib: Any, url: str, body: Any) -> Any:
    """``body(conn, table)`` on a fresh table of 10 rows, with ``lib`` (orm or sqlalchemy)."""
    engine = lib.create_engine(url)
    md, t = _table(lib)
    try:
        md.drop_all(engine)
        md.create_all(engine)
        with engine.begin() as c:
            c.execute(t.insert(), [{"id": i, "x": i % 3} for i in range(1, 11)])
        with engine.connect() as c:
            return body(lib, c, t)
    finally:
        md.drop_all(engine)
        engine.dispose()


def _both(url: str, body: Any) -> Any:
    ours = _run(orm, url, body)
    theirs = _run(sa, url, body)
    assert ours == theirs
    return ours


def test_yield_per_on_the_statement_partitions(url: str) -> None:
    def body(lib: Any, c: Any, t: Any) -> Any:
        stmt = lib.select(t.c.id).order_by(t.c.id).execution_options(yield_per=3)
        parts = [[r.id for r in p] for p in c.execute(stmt).partitions()]
        # the call's option overrides the statement's
        call = [len(p) for p in c.execute(stmt, execution_options={"yield_per": 4}).partitions()]
        return parts, call

    parts, call = _both(url, body)
    assert parts == [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]
    assert call == [4, 4, 2]


def test_preserve_rowcount_on_the_statement(url: str) -> None:
    def body(lib: Any, c: Any, t: Any) -> Any:
        upd = lib.update(t).where(t.c.x == 1).values(x=5).execution_options(preserve_rowcount=True)
        r = c.execute(upd)
        sel = c.execute(lib.select(t).execution_options(preserve_rowcount=True))
        n = len(sel.all())
        c.rollback()
        return r.rowcount, n, sel.rowcount

    updated, n, _sel = _both(url, body)
    assert (updated, n) == (4, 10)


def test_precedence_statement_then_connection_then_call(url: str) -> None:
    def body(lib: Any, c: Any, t: Any) -> Any:
        stmt = lib.select(t.c.id).execution_options(opt_a="stmt", opt_b="stmt", opt_c="stmt")
        c.execution_options(opt_b="conn", opt_c="conn")
        r = c.execute(stmt, execution_options={"opt_c": "call"})
        r.close()
        opts = r.context.execution_options
        return {k: opts.get(k) for k in ("opt_a", "opt_b", "opt_c")}

    assert _both(url, body) == {"opt_a": "stmt", "opt_b": "conn", "opt_c": "call"}


def test_statement_stream_results_streams_in_bounded_memory(url: str) -> None:
    engine = orm.create_engine(url)
    try:
        with engine.connect() as conn:
            stmt = text(big_query(engine.dialect.name)).execution_options(stream_results=True)

            def first_rows() -> Any:
                result = conn.execute(stmt)
                return result, [r.n for r in result.fetchmany(2000)]

            (result, rows), peak = traced_peak(first_rows)
            assert rows == list(range(1, 2001))
            assert peak < PEAK_BOUND  # all rows would be hundreds of MB
            result.close()
    finally:
        engine.dispose()


def _pg_cursors(conn: Any) -> int:
    return int(conn.exec_driver_sql("SELECT count(*) FROM pg_cursors").scalar())


@pytest.fixture
def pg_engine() -> Iterator[Any]:
    eng = orm.create_engine(backend_url("postgresql"))
    yield eng
    eng.dispose()


def test_postgresql_named_cursor_for_statement_stream_results(pg_engine: Any) -> None:
    numbers = select(column("n")).select_from(
        text("(SELECT g AS n FROM generate_series(1, 100000) AS g) AS q"))
    with pg_engine.connect() as conn:
        plain = conn.execute(numbers)
        assert plain.fetchone() == (1,)
        assert _pg_cursors(conn) == 0
        plain.close()
        streamed = conn.execute(numbers.execution_options(stream_results=True, max_row_buffer=50))
        assert streamed.fetchone() == (1,)
        assert _pg_cursors(conn) == 1
        streamed.close()
        assert _pg_cursors(conn) == 0
        # the connection's stream_results=False overrides the statement's, as in SQLAlchemy
        off = conn.execution_options(stream_results=False).execute(
            numbers.execution_options(stream_results=True))
        assert off.fetchone() == (1,)
        assert _pg_cursors(conn) == 0
        off.close()


class _Base(DeclarativeBase):
    pass


class _Item(_Base):
    __tablename__ = "stmt_opts_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


def test_orm_session_statement_options(url: str) -> None:
    engine = orm.create_engine(url)
    try:
        _Base.metadata.drop_all(engine)
        _Base.metadata.create_all(engine)
        with Session(engine) as s:
            s.add_all([_Item(id=i, name=f"n{i}") for i in range(1, 8)])
            s.commit()
            stmt = select(_Item).order_by(_Item.id).execution_options(yield_per=3)
            sizes = [len(p) for p in s.execute(stmt).scalars().partitions()]
            assert sizes == [3, 3, 1]
            if engine.dialect.name == "postgresql":
                # yield_per on the statement: objects come off a named cursor a chunk at a time
                streamed = s.execute(stmt).scalars().partitions()
                assert [o.id for o in next(streamed)] == [1, 2, 3]
                assert _pg_cursors(s.connection()) == 1
                assert [o.id for p in streamed for o in p] == [4, 5, 6, 7]
                assert _pg_cursors(s.connection()) == 0
    finally:
        _Base.metadata.drop_all(engine)
        engine.dispose()
