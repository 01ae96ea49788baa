"""PostgreSQL constructs of SQLAlchemy's postgresql module: ``array`` (ARRAY[...] literal),
``array_agg``, ``aggregate_order_by``, ``Any``/``All``, ``ExcludeConstraint``, the standard uppercase
type re-exports.  Each is built once with ``sqlalchemy`` and once with ``orm`` from the same code and
must compile to the same SQL and parameters; then it runs on PostgreSQL."""
from __future__ import annotations

import datetime as dt
import importlib
from typing import Any, Callable

import pytest

import orm
from orm import exc
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")


def _pg(lib: Any) -> Any:
    return importlib.import_module(lib.__name__ + ".dialects.postgresql")


def _table(lib: Any) -> Any:
    pg = _pg(lib)
    return lib.Table("items", lib.MetaData(), lib.Column("id", lib.Integer, primary_key=True),
                     lib.Column("name", lib.String(20)), lib.Column("kind", lib.String(10)),
                     lib.Column("tags", pg.ARRAY(lib.String)))


def _compile(lib: Any, stmt: Any) -> tuple[str, dict[str, Any]]:
    compiled = stmt.compile(dialect=_pg(lib).dialect())
    # repr: a Range value of either library prints the same (they are different classes)
    return compiled.string, {k: repr(v) for k, v in compiled.construct_params().items()}


def _ddl(lib: Any, element: Any) -> str:
    return str(element.compile(dialect=_pg(lib).dialect()))


def _case(fn: Callable[[Any, Any, Any], Any]) -> Callable[[Any], Any]:
    return lambda lib: fn(lib, _pg(lib), _table(lib))


CASES: dict[str, Callable[[Any], Any]] = {
    "array_literal": _case(lambda lib, pg, t: lib.select(pg.array([1, 2, t.c.id]))),
    "array_empty": _case(lambda lib, pg, t: lib.select(pg.array([]))),
    "array_typed": _case(lambda lib, pg, t: lib.select(pg.array(["a", "b"], type_=lib.String))),
    "array_nested": _case(lambda lib, pg, t: lib.select(pg.array([pg.array([1, 2]), pg.array([3, 4])]))),
    "array_index": _case(lambda lib, pg, t: lib.select(pg.array([1, 2, t.c.id])[2])),
    "array_contains": _case(lambda lib, pg, t: lib.select(pg.array([1, 2]).contains([1]))),
    "array_overlap_column": _case(lambda lib, pg, t: lib.select(t.c.id).where(
        t.c.tags.overlap(pg.array(["a", "b"])))),
    "array_agg": _case(lambda lib, pg, t: lib.select(pg.array_agg(t.c.name)).group_by(t.c.kind)),
    "array_agg_index": _case(lambda lib, pg, t: lib.select(pg.array_agg(t.c.name)[1])),
    "array_agg_ordered": _case(lambda lib, pg, t: lib.select(
        pg.array_agg(pg.aggregate_order_by(t.c.name, t.c.id.desc(), t.c.name)))),
    "func_array_agg_ordered": _case(lambda lib, pg, t: lib.select(
        lib.func.array_agg(pg.aggregate_order_by(t.c.name, t.c.id.desc())))),
    "string_agg_ordered": _case(lambda lib, pg, t: lib.select(lib.func.string_agg(
        t.c.name, pg.aggregate_order_by(lib.literal_column("','"), t.c.name)))),
    "any_default": _case(lambda lib, pg, t: lib.select(t.c.id).where(pg.Any("x", t.c.tags))),
    "all_ne": _case(lambda lib, pg, t: lib.select(t.c.id).where(
        pg.All("x", t.c.tags, operator=lib.sql.operators.ne))),
    "any_column": _case(lambda lib, pg, t: lib.select(t.c.id).where(pg.Any(t.c.name, t.c.tags))),
    "any_negated": _case(lambda lib, pg, t: lib.select(t.c.id).where(~pg.Any("x", t.c.tags))),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_compiles_like_sqlalchemy(case: str) -> None:
    build = CASES[case]
    assert _compile(orm, build(orm)) == _compile(sa, build(sa))


def test_array_types() -> None:
    from orm.dialects.postgresql import ARRAY, aggregate_order_by, array, array_agg

    t = _table(orm)
    assert isinstance(array([1, 2]).type, ARRAY) and isinstance(array([1]).type.item_type, orm.Integer)
    nested = array([array([1]), array([2])]).type
    assert nested.dimensions == 2 and isinstance(nested.item_type, orm.Integer)
    agg = array_agg(t.c.name).type
    assert isinstance(agg, ARRAY) and isinstance(agg.item_type, orm.String)
    assert isinstance(aggregate_order_by(t.c.name, t.c.id).type, orm.String)
    assert isinstance(array_agg(t.c.name, type_=orm.Integer).type, orm.Integer)


def test_bad_input() -> None:
    from orm.dialects.postgresql import Any, ExcludeConstraint, aggregate_order_by, array

    t = _table(orm)
    with pytest.raises(exc.ArgumentError):
        array(5)
    with pytest.raises(exc.ArgumentError, match="ARRAY expression"):
        Any("x", t.c.name)
    with pytest.raises(exc.ArgumentError, match="order_by is required"):
        aggregate_order_by(t.c.name)
    with pytest.raises(exc.ArgumentError, match="pairs"):
        ExcludeConstraint("room")
    md = orm.MetaData()
    bad = orm.Table("b", md, orm.Column("room", orm.Integer),
                    ExcludeConstraint(("room", "=; DROP TABLE x"), name="x"))
    with pytest.raises(exc.CompileError, match="Unexpected SQL phrase"):
        _ddl(orm, orm.schema.CreateTable(bad))
    with pytest.raises(exc.ArgumentError, match="no column named 'nope'"):
        orm.Table("c", orm.MetaData(), orm.Column("room", orm.Integer), ExcludeConstraint(("nope", "=")))


EXCLUDE_CASES: dict[str, Callable[[Any], Any]] = {
    "named": lambda lib: lib.Table(
        "room_booking", lib.MetaData(), lib.Column("id", lib.Integer, primary_key=True),
        lib.Column("room", lib.Integer), lib.Column("during", _pg(lib).TSRANGE),
        _pg(lib).ExcludeConstraint(("room", "="), ("during", "&&"), name="no_overlap")),
    "full": lambda lib: lib.Table(
        "b2", lib.MetaData(), lib.Column("room", lib.Integer), lib.Column("during", _pg(lib).TSRANGE),
        lib.Column("active", lib.Boolean),
        _pg(lib).ExcludeConstraint(
            (lib.column("room"), "="), (lib.func.lower(lib.column("during")), "<>"), using="gist",
            where=lib.column("active") == True, ops={"room": "int4_ops"},  # noqa: E712
            deferrable=True, initially="DEFERRED")),
}


@pytest.mark.parametrize("case", sorted(EXCLUDE_CASES))
def test_exclude_constraint_ddl_like_sqlalchemy(case: str) -> None:
    build = EXCLUDE_CASES[case]
    assert _ddl(orm, orm.schema.CreateTable(build(orm))) == _ddl(sa, sa.schema.CreateTable(build(sa)))


def test_exclude_constraint_add_like_sqlalchemy() -> None:
    def build(lib: Any) -> Any:
        t = lib.Table("b3", lib.MetaData(), lib.Column("room", lib.Integer), lib.Column("during", _pg(lib).TSRANGE))
        c = _pg(lib).ExcludeConstraint((t.c.room, "="), (t.c.during, "&&"), name="x3", using="btree")
        t.append_constraint(c)
        return lib.schema.AddConstraint(c)

    assert _ddl(orm, build(orm)) == _ddl(sa, build(sa))


PG_STANDARD = "BIGINT BOOLEAN CHAR DATE FLOAT INTEGER NUMERIC SMALLINT TEXT VARCHAR".split()


@pytest.mark.parametrize("name", PG_STANDARD)
def test_postgresql_uppercase_types_are_the_standard_ones(name: str) -> None:
    assert getattr(_pg(orm), name) is getattr(orm.types, name)
    assert getattr(_pg(sa), name) is getattr(sa.types, name)


# -- on the server -----------------------------------------------------------------------------------
@pytest.fixture
def pg_engine() -> Any:
    engine = orm.create_engine(backend_url("postgresql"))
    yield engine
    engine.dispose()


def test_arrays_and_aggregates_on_postgresql(pg_engine: Any) -> None:
    from orm.dialects.postgresql import All, Any, aggregate_order_by, array, array_agg

    md = orm.MetaData()
    t = orm.Table("k_items", md, orm.Column("id", orm.Integer, primary_key=True),
                  orm.Column("name", orm.String(20)), orm.Column("kind", orm.String(10)),
                  orm.Column("tags", _pg(orm).ARRAY(orm.String)))
    md.drop_all(pg_engine)
    md.create_all(pg_engine)
    try:
        with pg_engine.begin() as conn:
            conn.execute(t.insert(), [
                {"id": 1, "name": "b", "kind": "x", "tags": ["red", "blue"]},
                {"id": 2, "name": "a", "kind": "x", "tags": ["red"]},
                {"id": 3, "name": "c", "kind": "y", "tags": ["green"]},
            ])
        with pg_engine.connect() as conn:
            assert conn.execute(orm.select(array([1, 2, 3]))).scalar() == [1, 2, 3]
            assert conn.execute(orm.select(array([1, 2, 3])[2])).scalar() == 2
            assert conn.execute(orm.select(array([array([1, 2]), array([3, 4])]))).scalar() == [[1, 2], [3, 4]]
            assert conn.execute(orm.select(array(["a", "b"]).contains(["b"]))).scalar() is True
            rows = conn.execute(orm.select(t.c.kind, array_agg(aggregate_order_by(t.c.name, t.c.name.desc())))
                                .group_by(t.c.kind).order_by(t.c.kind)).all()
            assert [tuple(r) for r in rows] == [("x", ["b", "a"]), ("y", ["c"])]
            first = conn.execute(orm.select(array_agg(aggregate_order_by(t.c.name, t.c.id))[1])).scalar()
            assert first == "b"
            # PostgreSQL's ORDER BY comes after the last argument: string_agg(name, ',' ORDER BY name)
            joined = conn.execute(orm.select(orm.func.string_agg(
                t.c.name, aggregate_order_by(orm.literal_column("','"), t.c.name)))).scalar()
            assert joined == "a,b,c"
            assert conn.execute(orm.select(t.c.id).where(Any("red", t.c.tags)).order_by(t.c.id)).scalars().all() == [1, 2]
            assert conn.execute(orm.select(t.c.id).where(All("red", t.c.tags))).scalars().all() == [2]
            assert conn.execute(orm.select(t.c.id).where(t.c.tags.overlap(array(["green", "x"])))).scalars().all() == [3]
    finally:
        md.drop_all(pg_engine)


def test_exclude_constraint_enforced_on_postgresql(pg_engine: Any) -> None:
    from orm.dialects.postgresql import ExcludeConstraint, TSRANGE

    md = orm.MetaData()
    t = orm.Table("k_booking", md, orm.Column("id", orm.Integer, primary_key=True),
                  orm.Column("room", orm.Integer), orm.Column("during", TSRANGE),
                  orm.Column("start", orm.DateTime), orm.Column("stop", orm.DateTime),
                  ExcludeConstraint((orm.func.tsrange(orm.column("start"), orm.column("stop")), "&&"),
                                    name="k_no_overlap"))
    md.drop_all(pg_engine)
    md.create_all(pg_engine)
    try:
        day = dt.datetime(2024, 1, 1)
        with pg_engine.begin() as conn:
            conn.execute(t.insert(), {"room": 1, "start": day, "stop": day + dt.timedelta(hours=2)})
            conn.execute(t.insert(), {"room": 1, "start": day + dt.timedelta(hours=2),
                                      "stop": day + dt.timedelta(hours=3)})
        with pytest.raises(exc.IntegrityError, match="k_no_overlap"):
            with pg_engine.begin() as conn:
                conn.execute(t.insert(), {"room": 2, "start": day + dt.timedelta(hours=1),
                                          "stop": day + dt.timedelta(hours=4)})
        with pg_engine.connect() as conn:
            assert conn.execute(orm.select(orm.func.count()).select_from(t)).scalar() == 2
    finally:
        md.drop_all(pg_engine)


# -- range types ----------------------------------------------------------------------------------
def _ranges(lib: Any) -> Any:
    pg = _pg(lib)
    return lib.Table("r", lib.MetaData(), lib.Column("r", pg.INT4RANGE), lib.Column("m", pg.INT4MULTIRANGE),
                     lib.Column("d", pg.TSTZRANGE))


RANGE_OPS = ["contains_value", "contains_range", "contained_by", "overlaps", "strictly_left_of",
             "strictly_right_of", "not_extend_right_of", "not_extend_left_of", "adjacent_to", "union",
             "difference", "intersection", "eq_range", "multirange_contains", "plus"]


def _range_expr(lib: Any, name: str) -> Any:
    pg, t = _pg(lib), _ranges(lib)
    r = t.c.r
    return {
        "contains_value": lambda: r.contains(5), "contains_range": lambda: r.contains(pg.Range(1, 3)),
        "contained_by": lambda: r.contained_by(pg.Range(1, 3)), "overlaps": lambda: r.overlaps(r),
        "strictly_left_of": lambda: r.strictly_left_of(pg.Range(1, 3)),
        "strictly_right_of": lambda: r.strictly_right_of(r), "not_extend_right_of": lambda: r.not_extend_right_of(r),
        "not_extend_left_of": lambda: r.not_extend_left_of(r), "adjacent_to": lambda: r.adjacent_to(r),
        "union": lambda: r.union(r), "difference": lambda: r.difference(r), "intersection": lambda: r.intersection(r),
        "eq_range": lambda: r == pg.Range(1, 2), "multirange_contains": lambda: t.c.m.contains(3),
        "plus": lambda: r + r,
    }[name]()


@pytest.mark.parametrize("name", RANGE_OPS)
def test_range_operators_like_sqlalchemy(name: str) -> None:
    assert _compile(orm, orm.select(_range_expr(orm, name))) == _compile(sa, sa.select(_range_expr(sa, name)))
    # the engine's dialect casts binds (psycopg binds server-side): the same casts as SQLAlchemy's
    from sqlalchemy.dialects.postgresql import psycopg as sa_psycopg

    from orm.dialects.postgresql import psycopg

    ours = orm.select(_range_expr(orm, name)).compile(dialect=psycopg.dialect()).string
    assert ours == sa.select(_range_expr(sa, name)).compile(dialect=sa_psycopg.dialect()).string


def test_range_ddl_like_sqlalchemy() -> None:
    assert _ddl(orm, orm.schema.CreateTable(_ranges(orm))) == _ddl(sa, sa.schema.CreateTable(_ranges(sa)))


def test_range_value_object() -> None:
    from orm.dialects.postgresql import Range

    r = Range(1, 10)
    assert str(r) == "[1,10)" and r.lower_inc and not r.upper_inc and not r.lower_inf
    assert 1 in r and 9 in r and 10 not in r and 0 not in r
    assert Range(1, 10, bounds="[]").contains(10) and not Range(1, 10, bounds="()").contains(1)
    assert r.contains(Range(2, 5)) and not r.contains(Range(2, 11)) and r.contains(Range(empty=True))
    assert Range(None, 5).contains(-100) and Range(None, 5).lower_inf
    assert r.overlaps(Range(9, 20)) and not r.overlaps(Range(10, 20))
    assert Range(1, 10, bounds="[]").overlaps(Range(10, 20))
    assert Range(1, 3).strictly_left_of(Range(3, 5)) and Range(3, 5).strictly_right_of(Range(1, 3))
    assert not Range(1, 4).strictly_left_of(Range(3, 5))
    empty = Range(empty=True)
    assert not empty and str(empty) == "empty" and 1 not in empty and empty.isempty
    with pytest.raises(exc.ArgumentError, match="bounds"):
        Range(1, 2, bounds="[[")
    assert r == Range(1, 10, "[)") and r != Range(1, 10, "[]")


def test_ranges_round_trip_on_postgresql(pg_engine: Any) -> None:
    from orm.dialects.postgresql import (
        DATERANGE, INT4MULTIRANGE, INT4RANGE, NUMRANGE, TSTZRANGE, Range)

    md = orm.MetaData()
    t = orm.Table("k_ranges", md, orm.Column("id", orm.Integer, primary_key=True),
                  orm.Column("i", INT4RANGE), orm.Column("n", NUMRANGE), orm.Column("d", DATERANGE),
                  orm.Column("tz", TSTZRANGE), orm.Column("m", INT4MULTIRANGE))
    md.drop_all(pg_engine)
    md.create_all(pg_engine)
    utc = dt.timezone.utc
    tz = Range(dt.datetime(2024, 1, 1, tzinfo=utc), dt.datetime(2024, 1, 2, tzinfo=utc))
    try:
        with pg_engine.begin() as conn:
            import decimal

            conn.execute(t.insert(), [
                {"id": 1, "i": Range(1, 5), "n": Range(decimal.Decimal("1.5"), None, "(]"),
                 "d": Range(dt.date(2024, 1, 1), dt.date(2024, 2, 1)), "tz": tz,
                 "m": [Range(1, 3), Range(5, 7)]},
                {"id": 2, "i": Range(1, 5, "[]"), "n": Range(empty=True), "d": None, "tz": None, "m": []},
            ])
        with pg_engine.connect() as conn:
            rows = conn.execute(orm.select(t).order_by(t.c.id)).all()
            assert rows[0].i == Range(1, 5) and rows[0].n == Range(decimal.Decimal("1.5"), None, "()")  # no ] at infinity
            assert rows[0].d == Range(dt.date(2024, 1, 1), dt.date(2024, 2, 1)) and rows[0].tz == tz
            assert rows[0].m == [Range(1, 3), Range(5, 7)]
            # the server's canonical form of a discrete range: [1,5] is [1,6)
            assert rows[1].i == Range(1, 6) and rows[1].n == Range(empty=True) and rows[1].m == []
            q = orm.select(t.c.id).order_by(t.c.id)
            assert conn.execute(q.where(t.c.i.contains(5))).scalars().all() == [2]
            assert conn.execute(q.where(t.c.i.contains(Range(2, 3)))).scalars().all() == [1, 2]
            assert conn.execute(q.where(t.c.i.overlaps(Range(5, 9)))).scalars().all() == [2]
            assert conn.execute(q.where(t.c.m.contains(6))).scalars().all() == [1]
            assert conn.execute(q.where(t.c.i == Range(1, 5))).scalars().all() == [1]
            assert conn.execute(orm.select(t.c.i.union(Range(5, 8))).where(t.c.id == 1)).scalar() == Range(1, 8)
            assert conn.execute(orm.select(orm.literal(Range(1, 3), INT4RANGE).contains(2))).scalar() is True
            # the bind processor's TypeError, wrapped with the statement as SQLAlchemy wraps it
            with pytest.raises(orm.exc.StatementError, match="Range objects") as info:
                conn.execute(t.insert(), {"id": 3, "i": (1, 5)})
            assert isinstance(info.value.orig, TypeError)
    finally:
        md.drop_all(pg_engine)


# -- text search / catalog / jsonpath types -----------------------------------------------------------
def _misc(lib: Any) -> Any:
    pg = _pg(lib)
    return lib.Table("k_misc", lib.MetaData(), lib.Column("id", lib.Integer, primary_key=True),
                     lib.Column("q", pg.TSQUERY), lib.Column("cfg", pg.REGCONFIG), lib.Column("rel", pg.REGCLASS),
                     lib.Column("path", pg.JSONPATH))


def test_misc_types_ddl_like_sqlalchemy() -> None:
    assert _ddl(orm, orm.schema.CreateTable(_misc(orm))) == _ddl(sa, sa.schema.CreateTable(_misc(sa)))


def test_misc_types_round_trip_on_postgresql(pg_engine: Any) -> None:
    t = _misc(orm)
    t.metadata.drop_all(pg_engine)
    t.metadata.create_all(pg_engine)
    try:
        with pg_engine.begin() as conn:
            conn.execute(t.insert(), {"id": 1, "q": "cat & dog", "cfg": "english", "rel": "k_misc",
                                      "path": "$.a[*] ? (@ > 1)"})
            row = conn.execute(orm.select(t)).one()
            assert row.q == "'cat' & 'dog'" and row.cfg == "english" and row.rel == "k_misc"
            assert row.path == '$."a"[*]?(@ > 1)'
            found = conn.execute(orm.select(orm.func.jsonb_path_query_array(
                orm.cast(orm.literal('{"a": [1, 2, 3]}'), _pg(orm).JSONB), t.c.path))).scalar()
            assert found == [2, 3]
            matched = conn.execute(orm.select(orm.func.to_tsvector(t.c.cfg, "cats and dogs").op("@@")(t.c.q))).scalar()
            assert matched is True
    finally:
        t.metadata.drop_all(pg_engine)
