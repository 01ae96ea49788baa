"""``result_tuple``, ``ChunkedIteratorResult``, ``MergedResult`` / ``Result.merge`` and
``BindTyping``, compared with SQLAlchemy 2.0 side by side (merge on SQLite, PostgreSQL and
MySQL/MariaDB)."""
from __future__ import annotations

from itertools import islice
from typing import Any, Callable, Iterator, Optional

import pytest

import orm
from orm import exc
from orm.engine import BindTyping, ChunkedIteratorResult, MergedResult, result_tuple
from orm.engine.result import IteratorResult, ResultMetaData
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")
from sqlalchemy.engine.result import SimpleResultMetaData  # noqa: E402


# -- result_tuple ---------------------------------------------------------------------------------

def _row_facts(make: Callable[[Any], Any]) -> tuple[Any, ...]:
    row = make((1, "a"))
    return (tuple(row), row.x, row.y, row[1], row._fields, dict(row._mapping), row._asdict(),
            row == (1, "a"), hash(row) == hash((1, "a")), row._tuple() if hasattr(row, "_tuple") else None)


def test_result_tuple_as_sqlalchemy() -> None:
    assert _row_facts(result_tuple(["x", "y"])) == _row_facts(sa.engine.result_tuple(["x", "y"]))
    assert orm.result_tuple is result_tuple


def test_result_tuple_extra_lookups() -> None:
    col = orm.column("x")
    make = result_tuple(["x", "y"], [(col,), ()])
    row = make([5, 6])
    assert row._mapping[col] == 5 and row._mapping["y"] == 6
    assert isinstance(row, orm.Row)


def test_result_tuple_bad_input() -> None:
    with pytest.raises(TypeError, match="sequence of field names"):
        result_tuple("xy")
    with pytest.raises(ValueError, match="2 fields"):
        result_tuple(["x", "y"])((1, 2, 3))
    with pytest.raises(ValueError, match="1 extra entries for 2 fields"):
        result_tuple(["x", "y"], [()])


# -- ChunkedIteratorResult ------------------------------------------------------------------------

def _chunker(n: int, calls: list[Optional[int]]) -> Callable[[Optional[int]], Iterator[list[tuple[int]]]]:
    """chunks(size) over one shared row stream, as a cursor would be: each call goes on."""
    data = iter(range(n))

    def chunks(size: Optional[int]) -> Iterator[list[tuple[int]]]:
        calls.append(size)
        while True:
            part = [(x,) for x in islice(data, size or 4)]
            if not part:
                return
            yield part

    return chunks


def _chunked_story(lib_cls: Any, meta: Any) -> tuple[Any, ...]:
    calls: list[Optional[int]] = []
    r = lib_cls(meta(["x"]), _chunker(10, calls)).yield_per(3)
    parts = [list(map(tuple, p)) for p in r.partitions()]
    calls2: list[Optional[int]] = []
    d = lib_cls(meta(["x"]), _chunker(10, calls2), dynamic_yield_per=True)
    fetched = [list(map(tuple, d.fetchmany(2))), list(map(tuple, d.fetchmany(5))),
               [tuple(x) for x in d.all()]]
    calls3: list[Optional[int]] = []
    s = lib_cls(meta(["x"]), _chunker(5, calls3))
    scal = s.scalars().all()
    return parts, calls, fetched, calls2, scal, calls3


def test_chunked_iterator_result_as_sqlalchemy() -> None:
    ours = _chunked_story(ChunkedIteratorResult, ResultMetaData)
    theirs = _chunked_story(sa.engine.ChunkedIteratorResult, SimpleResultMetaData)
    assert ours == theirs
    assert ours[0] == [[(0,), (1,), (2,)], [(3,), (4,), (5,)], [(6,), (7,), (8,)], [(9,)]]
    assert ours[1] == [3]  # the chunks(None) generator was replaced before it was read


def test_chunked_iterator_result_reads_lazily_and_closes() -> None:
    calls: list[Optional[int]] = []
    r = ChunkedIteratorResult(["x"], _chunker(1000, calls))
    assert r.fetchone() == (0,) and r.first() == (1,)
    assert r.fetchone() is None and calls == [None]  # first() dropped the rest, as SA's
    r.close()
    with pytest.raises(exc.ResourceClosedError):
        r.fetchone()
    with pytest.raises(exc.ArgumentError, match="callable"):
        ChunkedIteratorResult(["x"], [(1,)])  # type: ignore[arg-type]


def test_iterator_result_over_a_generator_is_lazy() -> None:
    taken: list[int] = []

    def rows() -> Iterator[tuple[int]]:
        for i in range(100):
            taken.append(i)
            yield (i,)

    r = IteratorResult(["x"], rows())
    assert r.fetchmany(3) == [(0,), (1,), (2,)]
    assert len(taken) == 3
    assert [row.x for row in r][:2] == [3, 4]


# -- MergedResult ---------------------------------------------------------------------------------

def _merge_story(lib: Any, url: str) -> list[Any]:
    engine = lib.create_engine(url)
    md = lib.MetaData()
    t = lib.Table("merge_t", md, lib.Column("id", lib.Integer, primary_key=True, autoincrement=False),
                  lib.Column("x", lib.Integer))
    out: list[Any] = []
    try:
        md.drop_all(engine)
        md.create_all(engine)
        with engine.begin() as c:
            c.execute(t.insert(), [{"id": i, "x": i % 3} for i in range(1, 9)])
            q = lib.select(t.c.id, t.c.x).order_by(t.c.id)
            m = c.execute(q.where(t.c.x == 0)).merge(c.execute(q.where(t.c.x == 1)),
                                                     c.execute(q.where(t.c.x == 2)))
            out.append(type(m).__name__)
            out.append(list(m.keys()))
            out.append([tuple(r) for r in m.fetchmany(2)])
            out.append(m.fetchone().id)
            out.append([r._mapping["x"] for r in m])
            m = c.execute(q).merge(c.execute(q.where(t.c.id < 3)))
            out.append(m.unique().scalars().all())
            m = c.execute(q).merge(c.execute(q))
            out.append([tuple(p[0]) for p in m.partitions(5)])
            m = c.execute(q).merge(c.execute(q))
            out.append(tuple(m.first()))
            m = c.execute(q).merge(c.execute(q))
            m.close()
            with pytest.raises(lib.exc.ResourceClosedError):
                m.all()
            # UPDATE statements: the rowcount of all of them
            u = c.execute(t.update().where(t.c.x == 0).values(x=10))
            m = u.merge(c.execute(t.update().where(t.c.x == 1).values(x=11)),
                        c.execute(t.update().where(t.c.x == 99).values(x=12)))
            out.append(m.rowcount)
            with pytest.raises(lib.exc.ResourceClosedError):
                m.all()
    finally:
        md.drop_all(engine)
        engine.dispose()
    return out


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_merge_as_sqlalchemy(backend: str) -> None:
    url = backend_url(backend)
    ours = _merge_story(orm, url)
    assert ours == _merge_story(sa, url)
    assert ours[2] == [(3, 0), (6, 0)] and ours[-1] == 5


def test_merged_result_of_iterator_results() -> None:
    a = IteratorResult(["x"], [(1,), (2,)])
    b = IteratorResult(["x"], iter([(3,)]))
    m = a.merge(b)
    assert isinstance(m, MergedResult) and m.rowcount is None
    assert m.all() == [(1,), (2,), (3,)]


def test_merge_bad_input() -> None:
    a = IteratorResult(["x"], [(1,)])
    with pytest.raises(exc.ArgumentError, match="Result objects"):
        a.merge([(2,)])  # type: ignore[arg-type]
    with pytest.raises(exc.ArgumentError, match="can't merge a result of columns"):
        a.merge(IteratorResult(["x", "y"], [(1, 2)]))
    assert a.all() == [(1,)]  # nothing lost


# -- BindTyping -----------------------------------------------------------------------------------

def test_bind_typing_enum_as_sqlalchemy() -> None:
    assert [(m.name, m.value) for m in BindTyping] == [(m.name, m.value) for m in sa.engine.BindTyping]
    assert orm.BindTyping is BindTyping


@pytest.mark.parametrize("url,expected", [
    ("sqlite://", BindTyping.NONE),
    ("mysql+pymysql://", BindTyping.NONE),
    ("postgresql+psycopg://", BindTyping.RENDER_CASTS),
    ("postgresql+asyncpg://", BindTyping.RENDER_CASTS),
])
def test_dialect_bind_typing(url: str, expected: BindTyping) -> None:
    assert orm.create_engine(url).dialect.bind_typing is expected
    assert sa.create_engine(url).dialect.bind_typing.name == expected.name


def test_bind_typing_says_what_the_sql_carries() -> None:
    """RENDER_CASTS exactly when the dialect's SQL has a cast after the bind."""
    from orm.dialects import postgresql

    stmt = orm.select(orm.literal_column("1")).where(orm.column("x", orm.Integer) == 5)
    for dialect in (orm.create_engine("postgresql+psycopg://").dialect, postgresql.dialect(),
                    orm.create_engine("sqlite://").dialect):
        sql = str(stmt.compile(dialect=dialect))
        assert ("::INTEGER" in sql) == (dialect.bind_typing is BindTyping.RENDER_CASTS), sql
