"""``select(...).from_statement(...)``, ``Query.from_statement``, and ``Bundle``, run side by side
with SQLAlchemy 2.0: each case runs on the same models mapped by both libraries; ours runs on
sqlite, postgresql and mysql and must give SQLAlchemy's results, and on SQLite the very SQL
SQLAlchemy sends (statement for statement)."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Callable, Iterator, Optional

import pytest
import sqlalchemy
import sqlalchemy.orm

import orm
from orm import exc
from tests.conftest import BACKENDS, backend_url


def _lib_sa() -> SimpleNamespace:
    ns = SimpleNamespace(**{k: getattr(sqlalchemy, k) for k in dir(sqlalchemy) if not k.startswith("_")})
    for k in dir(sqlalchemy.orm):
        if not k.startswith("_"):
            setattr(ns, k, getattr(sqlalchemy.orm, k))
    return ns


def _lib_orm() -> SimpleNamespace:
    return SimpleNamespace(**{k: getattr(orm, k) for k in dir(orm) if not k.startswith("_")})


def build(L: SimpleNamespace, prefix: str) -> SimpleNamespace:
    """Users with addresses (``L``: the library's flat namespace, ``orm`` or SQLAlchemy's)."""

    class Base(L.DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = prefix + "users"
        id = L.Column(L.Integer, primary_key=True, autoincrement=False)
        name = L.Column(L.String(50), nullable=False)
        joined = L.Column(L.DateTime)
        addresses = L.relationship("Address", back_populates="user", order_by="Address.id")

    class Address(Base):
        __tablename__ = prefix + "addresses"
        id = L.Column(L.Integer, primary_key=True, autoincrement=False)
        user_id = L.Column(L.ForeignKey(prefix + "users.id"), nullable=False)
        email = L.Column(L.String(50), nullable=False)
        user = L.relationship("User", back_populates="addresses")

    return SimpleNamespace(Base=Base, User=User, Address=Address, u=prefix + "users", a=prefix + "addresses")


def fill(L: SimpleNamespace, m: SimpleNamespace, engine: Any) -> None:
    import datetime

    with L.Session(engine) as s:
        s.add_all([
            m.User(id=1, name="ann", joined=datetime.datetime(2020, 1, 2, 3, 4, 5),
                   addresses=[m.Address(id=10, email="a1"), m.Address(id=11, email="a2")]),
            m.User(id=2, name="bob", joined=datetime.datetime(2021, 6, 7, 8, 9, 10)),
            m.User(id=3, name="cy", addresses=[m.Address(id=12, email="c1")]),
        ])
        s.commit()


def _users(objs: Any) -> list[tuple[Any, ...]]:
    return [(u.id, u.name) for u in objs]


def _with_addresses(objs: Any) -> list[tuple[Any, ...]]:
    return [(u.name, [a.email for a in u.addresses]) for u in objs]


def _raises(fn: Callable[[], Any]) -> str:
    try:
        fn()
    except Exception as err:  # both libraries: the message of the error class they share
        return f"{type(err).__name__}: {err}"
    return "no error"


class AsDict:
    """Mixin for a Bundle subclass whose values are dicts (create_row_processor override)."""

    def create_row_processor(self, query: Any, procs: Any, labels: Any) -> Callable[[Any], Any]:
        def proc(row: Any) -> Any:
            return dict(zip(labels, [p(row) for p in procs]))

        return proc


def _dict_bundle(L: SimpleNamespace) -> Any:
    return type("DictBundle", (AsDict, L.Bundle), {})


# Each case: fn(session, models, library) -> plain values.  Raw SQL names the prefixed tables.
CASES: dict[str, Callable[[Any, SimpleNamespace, SimpleNamespace], Any]] = {
    # -- from_statement ----------------------------------------------------------------------------
    "text_star": lambda s, m, L: _users(s.scalars(
        L.select(m.User).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id")))),
    "text_params": lambda s, m, L: _users(s.scalars(
        L.select(m.User).from_statement(L.text(f"SELECT * FROM {m.u} WHERE name = :n")), {"n": "bob"})),
    "text_bindparams": lambda s, m, L: _users(s.scalars(
        L.select(m.User).from_statement(L.text(f"SELECT * FROM {m.u} WHERE id = :x").bindparams(x=3)))),
    "text_typed_datetime": lambda s, m, L: [(u.id, u.joined) for u in s.scalars(
        L.select(m.User).from_statement(L.text(f"SELECT id, name, joined FROM {m.u} WHERE id = 1")))],
    "text_columns_positional": lambda s, m, L: _users(s.scalars(L.select(m.User).from_statement(
        L.text(f"SELECT name AS n, id AS i FROM {m.u} ORDER BY id").columns(m.User.name, m.User.id)))),
    "text_columns_named": lambda s, m, L: _users(s.scalars(L.select(m.User).from_statement(
        L.text(f"SELECT id, name FROM {m.u} ORDER BY id").columns(L.column("id"), L.column("name"))))),
    "core_select": lambda s, m, L: _users(s.scalars(L.select(m.User).from_statement(
        L.select(m.User.__table__).where(m.User.__table__.c.id == 1)))),
    "orm_select": lambda s, m, L: _users(s.scalars(L.select(m.User).from_statement(
        L.select(m.User).where(m.User.id > 1).order_by(m.User.id.desc())))),
    "union_all": lambda s, m, L: sorted(_users(s.scalars(L.select(m.User).from_statement(
        L.select(m.User.__table__).where(m.User.__table__.c.id == 1)
        .union_all(L.select(m.User.__table__).where(m.User.__table__.c.id == 2)))))),
    "two_entities_labelled": lambda s, m, L: [(u.id, u.name, a.id, a.email) for u, a in s.execute(
        L.select(m.User, m.Address).from_statement(L.text(
            f"SELECT {m.u}.id AS {m.u}_id, {m.u}.name AS {m.u}_name, {m.a}.id AS {m.a}_id, "
            f"{m.a}.user_id AS {m.a}_user_id, {m.a}.email AS {m.a}_email FROM {m.u} JOIN {m.a} "
            f"ON {m.u}.id = {m.a}.user_id ORDER BY {m.a}.id")))],
    "entity_and_column": lambda s, m, L: [(u.name, n) for u, n in s.execute(
        L.select(m.User, L.literal_column("n")).from_statement(
            L.text(f"SELECT id, name, 5 AS n FROM {m.u} ORDER BY id")))],
    "columns_only": lambda s, m, L: [tuple(r) for r in s.execute(
        L.select(m.User.id, m.User.name).from_statement(L.text(f"SELECT name, id FROM {m.u} ORDER BY id")))],
    "label_entity": lambda s, m, L: [(r.nm,) for r in s.execute(
        L.select(m.User.name.label("nm")).from_statement(L.text(f"SELECT id, name AS nm FROM {m.u} ORDER BY id")))],
    "missing_column_loads_later": lambda s, m, L: _users(s.scalars(
        L.select(m.User).from_statement(L.text(f"SELECT id FROM {m.u} ORDER BY id")))),
    "selectinload": lambda s, m, L: _with_addresses(s.scalars(L.select(m.User).options(
        L.selectinload(m.User.addresses)).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id")))),
    "joinedload_loads_lazily": lambda s, m, L: _with_addresses(s.scalars(L.select(m.User).options(
        L.joinedload(m.User.addresses)).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id"))).unique()),
    "joinedload_needs_unique": lambda s, m, L: _raises(lambda: s.scalars(L.select(m.User).options(
        L.joinedload(m.User.addresses)).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id"))).all()),
    "subqueryload_loads_lazily": lambda s, m, L: _with_addresses(s.scalars(L.select(m.User).options(
        L.subqueryload(m.User.addresses)).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id")))),
    "m2o_joinedload_lazily": lambda s, m, L: [(a.email, a.user.name) for a in s.scalars(
        L.select(m.Address).options(L.joinedload(m.Address.user)).from_statement(
            L.text(f"SELECT * FROM {m.a} ORDER BY id")))],
    "defer": lambda s, m, L: [u.__dict__.get("name") for u in s.scalars(L.select(m.User).options(
        L.defer(m.User.name)).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id")))],
    "contains_eager": lambda s, m, L: _with_addresses(s.scalars(L.select(m.User).options(
        L.contains_eager(m.User.addresses)).from_statement(L.text(
            f"SELECT {m.u}.id AS {m.u}_id, {m.u}.name AS {m.u}_name, {m.a}.id AS {m.a}_id, "
            f"{m.a}.user_id AS {m.a}_user_id, {m.a}.email AS {m.a}_email FROM {m.u} JOIN {m.a} "
            f"ON {m.u}.id = {m.a}.user_id ORDER BY {m.a}.id"))).unique()),
    "yield_per": lambda s, m, L: [u.name for u in s.scalars(L.select(m.User).from_statement(
        L.text(f"SELECT * FROM {m.u} ORDER BY id")).execution_options(yield_per=1))],
    "query_from_statement": lambda s, m, L: _users(s.query(m.User).from_statement(
        L.text(f"SELECT * FROM {m.u} WHERE name = :n")).params(n="ann").all()),
    "query_first_one": lambda s, m, L: [
        s.query(m.User).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id")).first().name,
        s.query(m.User).from_statement(L.text(f"SELECT * FROM {m.u} WHERE id = 2")).one().name],
    "query_options": lambda s, m, L: _with_addresses(s.query(m.User).options(
        L.selectinload(m.User.addresses)).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id")).all()),
    # -- Bundle ------------------------------------------------------------------------------------
    "bundle": lambda s, m, L: (lambda b: [(r.b.id, r.b.name, tuple(r.b), r._fields, r.b._fields) for r in s.execute(
        L.select(b).order_by(m.User.id))])(L.Bundle("b", m.User.id, m.User.name)),
    "bundle_scalars": lambda s, m, L: [tuple(v) for v in s.scalars(
        L.select(L.Bundle("b", m.User.id, m.User.name)).order_by(m.User.id))],
    "bundle_and_column_joined": lambda s, m, L: [(tuple(r[0]), r[1]) for r in s.execute(
        L.select(L.Bundle("u", m.User.id, m.User.name), m.Address.email).join(m.User.addresses)
        .order_by(m.Address.id))],
    "bundle_c_criteria": lambda s, m, L: (lambda b: [tuple(r.b) for r in s.execute(
        L.select(b).where(b.c.name != "bob").order_by(b.c.id))])(L.Bundle("b", m.User.id, m.User.name)),
    "bundle_nested": lambda s, m, L: [(r.outer.id, r.outer.inner.name, r.outer.inner.email) for r in s.execute(
        L.select(L.Bundle("outer", m.User.id, L.Bundle("inner", m.User.name, m.Address.email)))
        .join_from(m.User, m.Address).order_by(m.Address.id))],
    "bundle_expressions": lambda s, m, L: [tuple(r.b) for r in s.execute(L.select(L.Bundle(
        "b", m.User.id, (m.User.name + "!").label("shout"), L.func.count(m.Address.id)))
        .outerjoin(m.User.addresses).group_by(m.User.id, m.User.name).order_by(m.User.id))],
    "bundle_subclass": lambda s, m, L: [r.d for r in s.execute(
        L.select(_dict_bundle(L)("d", m.User.id, m.User.name), m.User).order_by(m.User.id))],
    "bundle_label": lambda s, m, L: [r.y.id for r in s.execute(
        L.select(L.Bundle("x", m.User.id).label("y")).order_by(m.User.id))],
    "bundle_same_column_twice": lambda s, m, L: [(r[0], tuple(r.b)) for r in s.execute(
        L.select(m.User.id, L.Bundle("b", m.User.id)).order_by(m.User.id))],
    "entity_then_its_column": lambda s, m, L: [(u.id, i) for u, i in s.execute(
        L.select(m.User, m.User.id).order_by(m.User.id))],
    "column_then_its_entity": lambda s, m, L: [(i, u.id) for i, u in s.execute(
        L.select(m.User.id, m.User).order_by(m.User.id))],
    "column_twice": lambda s, m, L: [tuple(r) for r in s.execute(L.select(m.User.id, m.User.id).order_by(m.User.id))],
    "bundle_yield_per": lambda s, m, L: [tuple(r.b) for r in s.execute(
        L.select(L.Bundle("b", m.User.id, m.User.name)).order_by(m.User.id).execution_options(yield_per=2))],
    "bundle_query": lambda s, m, L: [tuple(r[0]) for r in s.query(
        L.Bundle("b", m.User.id, m.User.name)).order_by(m.User.id).all()],
    "bundle_query_single_entity": lambda s, m, L: [tuple(v) for v in s.query(
        L.Bundle("b", m.User.id, m.User.name, single_entity=True)).order_by(m.User.id).all()],
    "bundle_query_single_entity_with_column": lambda s, m, L: [(tuple(v), n) for v, n in s.query(
        L.Bundle("b", m.User.id, m.User.name, single_entity=True), m.User.name).order_by(m.User.id).all()],
    "bundle_query_join": lambda s, m, L: [tuple(r.x) for r in s.query(
        L.Bundle("x", m.User.id, m.Address.email)).join(m.User.addresses).order_by(m.Address.id).all()],
    "bundle_from_statement": lambda s, m, L: [tuple(r.b) for r in s.execute(
        L.select(L.Bundle("b", m.User.id, m.User.name)).from_statement(
            L.text(f"SELECT name, id FROM {m.u} ORDER BY id")))],
}


class _Log:
    def __init__(self, L: SimpleNamespace, engine: Any) -> None:
        self.sql: list[str] = []
        L.event.listen(engine, "before_cursor_execute", self._on)

    def _on(self, conn: Any, cursor: Any, statement: str, *a: Any) -> None:
        self.sql.append(statement)


@pytest.fixture(scope="module")
def sa_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every case run once by SQLAlchemy on SQLite: case -> (result, SQL statements)."""
    L = _lib_sa()
    m = build(L, "")
    engine = L.create_engine("sqlite:///" + str(tmp_path_factory.mktemp("sa") / "sa.db"))
    m.Base.metadata.create_all(engine)
    fill(L, m, engine)
    log = _Log(L, engine)
    out = {}
    for name, fn in CASES.items():
        log.sql.clear()
        with L.Session(engine) as s:
            out[name] = (fn(s, m, L), list(log.sql))
    engine.dispose()
    return out


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    L = _lib_orm()
    url = backend_url(request.param, tmp_path_factory)
    prefix = "" if request.param == "sqlite" else f"fsb_{os.environ.get('PYTEST_XDIST_WORKER', 'gw')}_"
    m = build(L, prefix)
    engine = L.create_engine(url)
    m.Base.metadata.drop_all(engine)
    m.Base.metadata.create_all(engine)
    fill(L, m, engine)
    try:
        yield SimpleNamespace(L=L, m=m, engine=engine, log=_Log(L, engine), backend=request.param)
    finally:
        m.Base.metadata.drop_all(engine)
        engine.dispose()


@pytest.mark.parametrize("case", list(CASES))
def test_same_as_sqlalchemy(db: SimpleNamespace, sa_runs: dict[str, Any], case: str) -> None:
    expected, expected_sql = sa_runs[case]
    db.log.sql.clear()
    with orm.Session(db.engine) as s:
        got = CASES[case](s, db.m, db.L)
    assert got == expected
    if db.backend == "sqlite":
        # the BEGIN we emit ourselves is not a statement SQLAlchemy's pysqlite sends
        assert [q for q in db.log.sql if q != "BEGIN"] == expected_sql


# -- behaviour beyond the shared cases -----------------------------------------------------------------
def test_from_statement_fills_the_identity_map(db: SimpleNamespace) -> None:
    m, L = db.m, db.L
    with orm.Session(db.engine, autoflush=False) as s:
        users = s.scalars(L.select(m.User).from_statement(L.text(f"SELECT * FROM {m.u} ORDER BY id"))).all()
        db.log.sql.clear()
        assert s.get(m.User, 2) is users[1]  # no SQL: the identity map has it
        assert db.log.sql == []
        # a second load of the same rows gives the same objects and keeps local changes
        users[0].name = "changed"
        again = s.scalars(L.select(m.User).from_statement(L.text(f"SELECT * FROM {m.u} WHERE id = 1"))).one()
        assert again is users[0] and again.name == "changed"
        s.expire_all()  # nothing flushed: the row is unchanged
        assert users[0].name == "ann"


def test_from_statement_populate_existing(db: SimpleNamespace) -> None:
    m, L = db.m, db.L
    with orm.Session(db.engine, autoflush=False) as s:
        u = s.get(m.User, 1)
        u.name = "local"
        stmt = L.select(m.User).from_statement(L.text(f"SELECT * FROM {m.u} WHERE id = 1"))
        assert s.scalars(stmt).one().name == "local"
        assert s.scalars(stmt.execution_options(populate_existing=True)).one().name == "ann"
        assert s.query(m.User).populate_existing().from_statement(
            L.text(f"SELECT * FROM {m.u} WHERE id = 1")).one() is u


def test_from_statement_missing_primary_key_is_an_error(db: SimpleNamespace) -> None:
    m, L = db.m, db.L
    with orm.Session(db.engine) as s:
        with pytest.raises(exc.NoSuchColumnError, match=f"'{m.u}.id'"):
            s.scalars(L.select(m.User).from_statement(L.text(f"SELECT name FROM {m.u}"))).all()
        # the session is still usable
        assert s.scalars(L.select(m.User.name).where(m.User.id == 2)).one() == "bob"


def test_from_statement_bad_arguments(db: SimpleNamespace) -> None:
    m, L = db.m, db.L
    with pytest.raises(exc.ArgumentError, match=r"wrap raw SQL in text\(\)"):
        L.select(m.User).from_statement(f"SELECT * FROM {m.u}")
    with pytest.raises(exc.ArgumentError, match="takes text"):
        L.select(m.User).from_statement(m.User.__table__)
    with orm.Session(db.engine) as s:
        both = L.text(f"SELECT {m.u}.*, {m.a}.* FROM {m.u} JOIN {m.a} ON {m.u}.id = {m.a}.user_id")
        with pytest.raises(exc.InvalidRequestError, match="Ambiguous column name 'id'"):
            s.execute(L.select(m.User, m.Address).from_statement(both)).all()


def test_from_statement_str_and_core_execution(db: SimpleNamespace) -> None:
    m, L = db.m, db.L
    stmt = L.select(m.User).from_statement(L.select(m.User).where(m.User.id == 5))
    assert str(stmt) == f"SELECT {m.u}.id, {m.u}.name, {m.u}.joined \nFROM {m.u} \nWHERE {m.u}.id = :id_1"
    with db.engine.connect() as conn:
        rows = conn.execute(L.select(m.User).from_statement(L.text(f"SELECT id FROM {m.u} ORDER BY id"))).all()
    assert [r[0] for r in rows] == [1, 2, 3]


def test_bundle_bad_arguments() -> None:
    L = _lib_orm()
    m = build(L, "bb_")
    with pytest.raises(exc.ArgumentError, match="not the entity"):
        L.Bundle("b", m.User)
    with pytest.raises(exc.ArgumentError, match="at least one"):
        L.Bundle("b")
    with pytest.raises(exc.ArgumentError, match="unexpected keyword"):
        L.Bundle("b", m.User.id, single=True)
    with pytest.raises(AttributeError, match="its columns are"):
        L.Bundle("b", m.User.id).c.nope


def test_from_statement_configured_joined_collection_loads_on_access(tmp_path: Any) -> None:
    """A relationship configured ``lazy="joined"`` is not joined into a statement run as
    written: it loads on access, and the result still asks for unique() (as SQLAlchemy)."""
    L = _lib_orm()

    class Base(L.DeclarativeBase):
        pass

    class Parent(Base):
        __tablename__ = "parents"
        id = L.Column(L.Integer, primary_key=True)
        kids = L.relationship("Kid", lazy="joined")

    class Kid(Base):
        __tablename__ = "kids"
        id = L.Column(L.Integer, primary_key=True)
        parent_id = L.Column(L.ForeignKey("parents.id"))

    engine = L.create_engine(f"sqlite:///{tmp_path}/j.db")
    Base.metadata.create_all(engine)
    with L.Session(engine) as s:
        s.add(Parent(id=1, kids=[Kid(id=1), Kid(id=2)]))
        s.commit()
    log = _Log(L, engine)
    with L.Session(engine) as s:
        stmt = L.select(Parent).from_statement(L.text("SELECT * FROM parents"))
        with pytest.raises(exc.InvalidRequestError, match="unique"):
            s.scalars(stmt).all()
        log.sql.clear()
        (p,) = s.scalars(stmt).unique().all()
        assert log.sql == ["SELECT * FROM parents"]
        assert [k.id for k in p.kids] == [1, 2]
        assert len(log.sql) == 2 and "FROM kids" in log.sql[1]
    engine.dispose()
