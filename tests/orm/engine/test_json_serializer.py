"""``create_engine(json_serializer=..., json_deserializer=...)``: the functions JSON columns use
instead of ``json.dumps`` / ``json.loads``, on every dialect and driver.

Each case runs with ormlens and with SQLAlchemy 2.0 side by side: the stored text, the values read
back and what the deserializer was handed (``str`` or, from psycopg, ``bytes``) must be equal, and
equal to what the marking functions below produce (so a bug shared by both would still fail).
"""
from __future__ import annotations

import asyncio
import json
from types import ModuleType
from typing import Any

import pytest

import orm
from orm import exc
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")


class _Marking:
    """A serializer wrapping each document in {"w": ...} and a deserializer tagging what it read.

    Plain module functions with the record kept on the class: psycopg caches the loader classes
    SQLAlchemy makes by the function's code, so per-instance bound methods would have SQLAlchemy's
    second engine in a process call the first engine's instance."""

    read_types: list[str] = []

    def __init__(self) -> None:
        _Marking.read_types = []

    @staticmethod
    def dumps(value: Any) -> str:
        return json.dumps({"w": value})

    @staticmethod
    def loads(text: Any) -> Any:
        _Marking.read_types.append(type(text).__name__)
        return ("read", json.loads(text))


def _table(lib: ModuleType, backend: str) -> tuple[Any, Any]:
    md = lib.MetaData()
    cols = [lib.Column("id", lib.Integer, primary_key=True, autoincrement=False), lib.Column("doc", lib.JSON)]
    if backend == "postgresql":
        pg = __import__(f"{lib.__name__}.dialects.postgresql", fromlist=["JSONB"])
        cols.append(lib.Column("docb", pg.JSONB))
    return md, lib.Table("json_ser", md, *cols)


def _rows(backend: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"id": 1, "doc": {"a": 1}}, {"id": 2, "doc": [1, "x"]}]
    if backend == "postgresql":
        for r in rows:
            r["docb"] = {"b": r["id"]}
    return rows


def _run_sync(lib: ModuleType, url: str, backend: str) -> tuple[Any, ...]:
    mark = _Marking()
    md, t = _table(lib, backend)
    engine = lib.create_engine(url, json_serializer=mark.dumps, json_deserializer=mark.loads)
    try:
        md.drop_all(engine)
        md.create_all(engine)
        with engine.begin() as conn:
            conn.execute(t.insert(), _rows(backend))
            read = [tuple(r) for r in conn.execute(lib.select(t).order_by(t.c.id))]
            # the text as stored (psycopg would parse a json column through the deserializer)
            doc = "doc::text" if backend == "postgresql" else "doc"
            stored = [r[0] for r in conn.execute(lib.text(f"SELECT {doc} FROM json_ser ORDER BY id"))]
        return read, stored, list(_Marking.read_types)
    finally:
        md.drop_all(engine)
        engine.dispose()


def _run_async(lib: ModuleType, url: str) -> tuple[Any, ...]:
    ext = __import__(f"{lib.__name__}.ext.asyncio", fromlist=["create_async_engine"])
    mark = _Marking()
    md, t = _table(lib, "postgresql")

    async def go() -> tuple[Any, ...]:
        engine = ext.create_async_engine(url, json_serializer=mark.dumps, json_deserializer=mark.loads)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(md.drop_all)
                await conn.run_sync(md.create_all)
                await conn.execute(t.insert(), _rows("postgresql"))
                read = [tuple(r) for r in await conn.execute(lib.select(t).order_by(t.c.id))]
                await conn.run_sync(md.drop_all)
            return read, list(_Marking.read_types)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _expected_read(backend: str) -> list[tuple[Any, ...]]:
    out = []
    for r in _rows(backend):
        row: tuple[Any, ...] = (r["id"], ("read", {"w": r["doc"]}))
        if backend == "postgresql":
            row += (("read", {"w": r["docb"]}),)
        out.append(row)
    return out


def test_json_functions_on_each_backend(backend: str, db_url: str) -> None:
    ours = _run_sync(orm, db_url, backend)
    theirs = _run_sync(sa, db_url, backend)
    assert ours == theirs
    read, stored, read_types = ours
    assert read == _expected_read(backend)
    assert [json.loads(s) for s in stored] == [{"w": r["doc"]} for r in _rows(backend)]
    assert read_types  # the deserializer did the reading


@pytest.mark.parametrize("driver", ["psycopg2"])
def test_json_functions_on_other_pg_drivers(driver: str) -> None:
    url = backend_url("postgresql").replace("+psycopg", "+" + driver, 1)
    ours = _run_sync(orm, url, "postgresql")
    assert ours == _run_sync(sa, url, "postgresql")
    assert ours[0] == _expected_read("postgresql")


@pytest.mark.parametrize("driver", ["asyncpg", "psycopg_async"])
def test_json_functions_on_async_pg_drivers(driver: str) -> None:
    url = backend_url("postgresql").replace("+psycopg", "+" + driver, 1)
    ours = _run_async(orm, url)
    assert ours == _run_async(sa, url)
    assert ours[0] == _expected_read("postgresql")


def test_engines_keep_their_own_functions() -> None:
    """Two engines on one dialect class: compiled statements and type processors are not shared."""
    md, t = _table(orm, "sqlite")
    mark = _Marking()
    plain = orm.create_engine("sqlite://")
    custom = orm.create_engine("sqlite://", json_serializer=mark.dumps, json_deserializer=mark.loads)
    got = []
    for engine in (plain, custom, plain):
        md.create_all(engine)
        with engine.begin() as conn:
            conn.execute(t.delete())
            conn.execute(t.insert(), {"id": 1, "doc": [1]})
            got.append(conn.execute(orm.select(t.c.doc)).scalar())
    assert got == [[1], ("read", {"w": [1]}), [1]]


@pytest.mark.parametrize("arg", ["json_serializer", "json_deserializer"])
def test_not_callable_is_a_clear_error(arg: str) -> None:
    with pytest.raises(exc.ArgumentError, match=f"{arg} must be a callable"):
        orm.create_engine("sqlite://", **{arg: "json"})
