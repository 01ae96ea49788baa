"""merge_frozen_result() / merge_result() / FrozenResult: the dogpile.cache pattern (a result frozen,
pickled as a cache stores it, merged into another Session), with load=False (no SQL) and load=True,
rows of several entities, the legacy Query API, and a do_orm_execute cache returning the merged
result.  The same objects, rows and SQL as SQLAlchemy on the three databases."""

import functools
import importlib
import os
import pickle
import warnings

import pytest


@functools.lru_cache(maxsize=None)
def build(pkg: str):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    sfx = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class Base(so.DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "mf_users_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))
        addresses = so.relationship("Address", lazy="selectin", order_by="Address.id")

    class Address(Base):
        __tablename__ = "mf_addresses_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        user_id = so.mapped_column(sa.ForeignKey(User.id))
        email = so.mapped_column(sa.String(20))

    for cls in (User, Address):
        # module-level names, so that pickle finds the classes as a cache's reader would
        cls.__qualname__ = cls.__name__ = f"{pkg}_{cls.__name__}"
        globals()[cls.__qualname__] = cls
    return sa, so, Base, User, Address


def _run(pkg, both):
    sa, so, Base, User, Address = build(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    ev = importlib.import_module(pkg + ".event")
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    sql = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sql.append(statement)

    try:
        with so.Session(engine) as s:
            s.add_all([User(id=1, name="ed", addresses=[Address(id=1, email="e1"), Address(id=2, email="e2")]),
                       User(id=2, name="wendy")])
            s.commit()
        got = {}
        stmt = sa.select(User).order_by(User.id)
        pair = sa.select(User, Address.email).join(User.addresses).order_by(Address.id)
        with so.Session(engine) as s:
            cached = pickle.dumps(s.execute(stmt).freeze())
            cached_pair = pickle.dumps(s.execute(pair).freeze())
        ev.listen(engine, "before_cursor_execute", record)

        # load=False: the cached objects become persistent without a query
        with so.Session(engine) as s:
            merged = so.merge_frozen_result(s, stmt, pickle.loads(cached), load=False)
            users = merged().scalars().all()
            got["no_load"] = [(u.id, u.name, [a.email for a in u.addresses], u in s,
                               sa.inspect(u).persistent, s.get(User, u.id) is u) for u in users]
            got["no_load_sql"] = list(sql)
            got["again"] = [u.name for u in merged().scalars()]  # a FrozenResult is called many times
            users[0].name = "ed2"
            s.commit()
        with engine.connect() as c:
            got["flushed"] = c.execute(sa.select(User.name).order_by(User.id)).scalars().all()
        del sql[:]

        # load=True: each object is looked up (and its state copied onto the Session's)
        with so.Session(engine) as s:
            merged = so.merge_frozen_result(s, pair, pickle.loads(cached_pair), load=True)
            rows = merged().all()
            got["pair"] = [(type(r[0]).__name__.split("_")[-1], r[0].id, r[0] in s, r[1]) for r in rows]
            got["pair_keys"] = [k.split("_")[-1] for k in merged().keys()]  # without the orm_/sqlalchemy_ prefix
            got["pair_same"] = rows[0][0] is rows[1][0]
            got["load_sql_count"] = len(sql)

        # the legacy API: merge_result() / Query.merge_result()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with so.Session(engine) as s:
                q = s.query(User).order_by(User.id)
                objs = list(so.merge_result(q, [User(id=2, name="w2")], load=True))
                got["legacy_one"] = [(o.name, o in s, o is s.get(User, 2)) for o in objs]
                q2 = s.query(User, Address.email).join(User.addresses).order_by(Address.id)
                rows = list(q2.merge_result(list(q2), load=False))
                got["legacy_rows"] = [(r[0].id, r[1], [k.split("_")[-1] for k in r._fields]) for r in rows]
                fr = so.merge_result(q2, pickle.loads(cached_pair), load=False)
                got["legacy_frozen"] = [(r[0].id, r[1]) for r in fr()]

        # the dogpile.cache recipe: do_orm_execute answers a repeated statement from the cache
        cache = {}

        def do_orm_execute(orm_context):
            if not orm_context.is_select:
                return None
            key = str(orm_context.statement)
            if key in cache:
                frozen = pickle.loads(cache[key])
            else:
                frozen = orm_context.invoke_statement().freeze()
                cache[key] = pickle.dumps(frozen)
            return so.merge_frozen_result(orm_context.session, orm_context.statement, frozen, load=False)()

        del sql[:]
        with so.Session(engine) as s:
            ev.listen(s, "do_orm_execute", do_orm_execute)
            first = [(u.id, u.name) for u in s.scalars(stmt)]
        first_sql = len(sql)
        with so.Session(engine) as s:
            ev.listen(s, "do_orm_execute", do_orm_execute)
            second = [(u.id, u.name, u in s, [a.email for a in u.addresses]) for u in s.scalars(stmt)]
        got["recipe"] = (first, second, first_sql > 0, len(sql) - first_sql)
        return got
    finally:
        ev.remove(engine, "before_cursor_execute", record) if ev.contains(engine, "before_cursor_execute", record) \
            else None
        Base.metadata.drop_all(engine)


def test_merge_frozen_result_matches_sqlalchemy(both):
    ours = _run("orm", both)
    theirs = _run("sqlalchemy", both)
    assert ours == theirs
    assert ours["no_load"] == [(1, "ed", ["e1", "e2"], True, True, True), (2, "wendy", [], True, True, True)]
    assert ours["no_load_sql"] == []
    assert ours["flushed"] == ["ed2", "wendy"]
    assert ours["pair"] == [("User", 1, True, "e1"), ("User", 1, True, "e2")] and ours["pair_same"]
    assert ours["recipe"][3] == 0  # the second run is answered by the cache: no SQL


def test_frozen_result_pickles_and_keeps_keys():
    import orm

    engine = orm.create_engine("sqlite://")
    with engine.connect() as c:
        frozen = c.execute(orm.text("SELECT 1 AS a, 'x' AS b")).freeze()
    again = pickle.loads(pickle.dumps(frozen))
    assert list(again().keys()) == ["a", "b"]
    assert again().mappings().all() == [{"a": 1, "b": "x"}]
    assert [tuple(r) for r in again()] == [(1, "x")]
