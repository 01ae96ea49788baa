"""The shared Core behaviour suite: every construct of the Core issue, executed on SQLite, PostgreSQL
and MySQL/MariaDB, checking the rows that come back (not the SQL text: the compile tests do that)."""
from __future__ import annotations

import uuid
from typing import Any, Iterator

import pytest

from orm import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    create_engine,
    delete,
    exc,
    exists,
    func,
    insert,
    literal,
    literal_column,
    not_,
    null,
    or_,
    select,
    text,
    true,
    tuple_,
    union,
    union_all,
    update,
)
from orm.sql import except_, intersect
from tests.conftest import backend_url

HOSTILE = [
    "plain",
    "it's",
    'say "hi"',
    "back\\slash",
    "back\\'slash-quote",
    "percent % sign",
    "%(x)s pyformat",
    "qmark ?",
    ":name colon",
    "$1 dollar",
    "semi;-- comment",
    "/* block */",
    "tab\tnew\nline\rcr",
    "`backtick`",
    "unicode ünïcødé 😀",
    "under_score",
    "x" * 5000,
]


class DB:
    """One backend's engine and a fresh set of tables (unique names: the suite runs in parallel)."""

    def __init__(self, backend: str, url: str) -> None:
        self.backend = backend
        self.engine = create_engine(url)
        suffix = uuid.uuid4().hex[:8]
        self.metadata = MetaData()
        self.users = Table(
            f"bh_users_{suffix}", self.metadata,
            Column("id", Integer, primary_key=True),
            Column("name", String(5100), nullable=False),
            Column("age", Integer),
        )
        self.orders = Table(
            f"bh_orders_{suffix}", self.metadata,
            Column("id", Integer, primary_key=True),
            Column("user_id", ForeignKey(f"bh_users_{suffix}.id", ondelete="CASCADE"), nullable=False),
            Column("total", Numeric(10, 2), nullable=False),
        )
        self.nodes = Table(
            f"bh_nodes_{suffix}", self.metadata,
            Column("id", Integer, primary_key=True),
            Column("parent_id", ForeignKey(f"bh_nodes_{suffix}.id")),
            Column("label", String(20)),
        )
        self.metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            conn.execute(insert(self.users), [
                {"id": 1, "name": "ada", "age": 36},
                {"id": 2, "name": "grace", "age": 85},
                {"id": 3, "name": "linus", "age": None},
            ])
            conn.execute(insert(self.orders), [
                {"id": 1, "user_id": 1, "total": "19.99"},
                {"id": 2, "user_id": 1, "total": "5.00"},
                {"id": 3, "user_id": 2, "total": "42.50"},
            ])
            conn.execute(insert(self.nodes), [
                {"id": 1, "parent_id": None, "label": "root"},
                {"id": 2, "parent_id": 1, "label": "a"},
                {"id": 3, "parent_id": 2, "label": "b"},
                {"id": 4, "parent_id": 3, "label": "c"},
            ])

    def all(self, stmt: Any, params: Any = None) -> list[Any]:
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(stmt, params)]

    def scalar(self, stmt: Any, params: Any = None) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(stmt, params).scalar()

    def close(self) -> None:
        self.metadata.drop_all(self.engine)
        self.engine.dispose()


@pytest.fixture
def db(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DB]:
    d = DB(backend, backend_url(backend, tmp_path_factory))
    try:
        yield d
    finally:
        d.close()


def test_select_where_order_limit_offset(db: DB) -> None:
    u = db.users
    stmt = select(u.c.name).where(u.c.id > 1).order_by(u.c.name.desc()).limit(1).offset(1)
    assert db.all(stmt) == [("grace",)]
    assert db.all(select(u.c.name).order_by(u.c.id).offset(2)) == [("linus",)]


def test_nulls_ordering_distinct_group_having(db: DB) -> None:
    u, o = db.users, db.orders
    if db.backend != "mysql":
        assert db.all(select(u.c.name).order_by(u.c.age.asc().nulls_first())) == [("linus",), ("ada",), ("grace",)]
    stmt = (select(o.c.user_id, func.count(o.c.id).label("n"))
            .group_by(o.c.user_id).having(func.count(o.c.id) > 1))
    assert db.all(stmt) == [(1, 2)]
    assert sorted(db.all(select(o.c.user_id).distinct())) == [(1,), (2,)]


def test_joins_inferred_explicit_and_outer(db: DB) -> None:
    u, o = db.users, db.orders
    inner = select(u.c.name, o.c.total).join(o).order_by(o.c.id)
    assert [r[0] for r in db.all(inner)] == ["ada", "ada", "grace"]
    outer = (select(u.c.name, func.count(o.c.id)).select_from(u.outerjoin(o, u.c.id == o.c.user_id))
             .group_by(u.c.name).order_by(u.c.name))
    assert db.all(outer) == [("ada", 2), ("grace", 1), ("linus", 0)]
    joined_from = select(o.c.id).join_from(o, u).where(u.c.name == "grace")
    assert db.all(joined_from) == [(3,)]


def test_full_outer_join(db: DB) -> None:
    u, o = db.users, db.orders
    stmt = select(u.c.id, o.c.id).select_from(u.join(o, u.c.id == o.c.user_id, full=True))
    if db.backend == "mysql":
        with pytest.raises(exc.CompileError, match="FULL OUTER JOIN"):
            db.all(stmt)
        return
    assert len(db.all(stmt)) == 4


def test_subquery_alias_and_scalar_subquery(db: DB) -> None:
    u, o = db.users, db.orders
    totals = select(o.c.user_id, func.sum(o.c.total).label("spent")).group_by(o.c.user_id).subquery()
    stmt = select(u.c.name, totals.c.spent).join(totals, u.c.id == totals.c.user_id).order_by(u.c.name)
    rows = db.all(stmt)
    assert [(n, float(s)) for n, s in rows] == [("ada", 24.99), ("grace", 42.5)]
    u2 = u.alias()
    assert db.all(select(u2.c.name).where(u2.c.id == 2)) == [("grace",)]
    count = select(func.count(o.c.id)).where(o.c.user_id == u.c.id).scalar_subquery()
    assert db.all(select(u.c.name, count.label("n")).order_by(u.c.id)) == [("ada", 2), ("grace", 1), ("linus", 0)]


def test_cte_and_recursive_cte(db: DB) -> None:
    u, n = db.users, db.nodes
    old = select(u.c.id, u.c.name).where(u.c.age > 50).cte("old")
    assert db.all(select(old.c.name)) == [("grace",)]
    tree = select(n.c.id, n.c.label).where(n.c.id == 2).cte("tree", recursive=True)
    child = n.alias("child")
    tree = tree.union_all(select(child.c.id, child.c.label).where(child.c.parent_id == tree.c.id))
    assert sorted(db.all(select(tree.c.label))) == [("a",), ("b",), ("c",)]


def test_set_operations(db: DB) -> None:
    u, o = db.users, db.orders
    assert sorted(db.all(union(select(u.c.id), select(o.c.user_id)))) == [(1,), (2,), (3,)]
    assert len(db.all(union_all(select(u.c.id), select(o.c.user_id)))) == 6
    assert sorted(db.all(intersect(select(u.c.id), select(o.c.user_id)))) == [(1,), (2,)]
    assert db.all(except_(select(u.c.id), select(o.c.user_id))) == [(3,)]


def test_exists_and_correlation(db: DB) -> None:
    u, o = db.users, db.orders
    has_orders = exists().where(o.c.user_id == u.c.id)
    assert db.all(select(u.c.name).where(has_orders).order_by(u.c.id)) == [("ada",), ("grace",)]
    assert db.all(select(u.c.name).where(~has_orders)) == [("linus",)]


def test_with_for_update_runs(db: DB) -> None:
    u = db.users
    with db.engine.begin() as conn:
        assert conn.execute(select(u.c.name).where(u.c.id == 1).with_for_update()).scalar() == "ada"


def test_insert_returning_from_select_and_multivalues(db: DB) -> None:
    u = db.users
    with db.engine.begin() as conn:
        conn.execute(insert(u).values([{"id": 10, "name": "m1"}, {"id": 11, "name": "m2"}]))
        conn.execute(insert(u).from_select(["id", "name"], select(u.c.id + 100, u.c.name).where(u.c.id == 10)))
        assert conn.execute(select(u.c.name).where(u.c.id == 110)).scalar() == "m1"
        if not conn.dialect.insert_returning:  # MySQL (MariaDB has it from 10.5)
            with pytest.raises(exc.CompileError):
                conn.execute(insert(u).values(id=12, name="r").returning(u.c.id))
        else:
            assert conn.execute(insert(u).values(id=12, name="r").returning(u.c.id, u.c.name)).all() == [(12, "r")]


def test_update_delete_with_correlated_subquery(db: DB) -> None:
    u, o = db.users, db.orders
    with db.engine.begin() as conn:
        n = select(func.count(o.c.id)).where(o.c.user_id == u.c.id).scalar_subquery()
        result = conn.execute(update(u).values(age=n).where(u.c.id.in_([1, 2, 3])))
        assert result.rowcount == 3
        assert conn.execute(select(u.c.age).order_by(u.c.id)).scalars().all() == [2, 1, 0]
        gone = conn.execute(delete(o).where(o.c.total < 10))
        assert gone.rowcount == 1
        if db.backend != "mysql":
            rows = conn.execute(update(u).where(u.c.id == 1).values(name="ADA").returning(u.c.name)).all()
            assert rows == [("ADA",)]


def test_text_with_binds_and_columns(db: DB) -> None:
    u = db.users
    sql = text(f"SELECT id, name FROM {u.name} WHERE name = :name")
    assert db.all(sql, {"name": "ada"}) == [(1, "ada")]
    typed = sql.bindparams(name="grace").columns(id=Integer, name=String)
    assert db.all(typed) == [(2, "grace")]


def test_literals_case_cast_and_functions(db: DB) -> None:
    u = db.users
    stmt = select(
        literal("x"), literal_column("1"), null(), case((u.c.age > 50, "old"), else_="young"),
        cast(u.c.id, String), func.lower(func.upper(u.c.name)), func.length(u.c.name),
        func.coalesce(u.c.age, -1),
    ).where(u.c.id == 3)
    (row,) = db.all(stmt)
    assert row[0] == "x" and str(row[1]) == "1" and row[2] is None
    assert row[3] == "young" and row[4] == "3" and row[5] == "linus" and row[6] == 5 and row[7] == -1
    assert db.scalar(select(func.max(u.c.age))) == 85
    assert db.scalar(select(func.min(u.c.age))) == 36
    assert float(db.scalar(select(func.avg(u.c.age)))) == 60.5
    assert db.scalar(select(func.now())) is not None


def test_window_functions(db: DB) -> None:
    o = db.orders
    stmt = select(o.c.id, func.row_number().over(partition_by=o.c.user_id, order_by=o.c.total.desc())).order_by(o.c.id)
    assert db.all(stmt) == [(1, 1), (2, 2), (3, 1)]
    running = select(o.c.id, func.sum(o.c.id).over(order_by=o.c.id, rows=(None, 0))).order_by(o.c.id)
    assert [(i, int(s)) for i, s in db.all(running)] == [(1, 1), (2, 3), (3, 6)]


def test_operators(db: DB) -> None:
    u = db.users
    ids = lambda crit: [r[0] for r in db.all(select(u.c.id).where(crit).order_by(u.c.id))]  # noqa: E731
    assert ids(u.c.age.between(30, 40)) == [1]
    assert ids(u.c.age.is_(None)) == [3]
    assert ids(u.c.age.is_not(None)) == [1, 2]
    assert ids(u.c.id.in_([])) == []
    assert ids(u.c.id.not_in([])) == [1, 2, 3]
    assert db.all(select(u.c.id).where(u.c.id.in_(bindparam("ids", expanding=True))), {"ids": [1, 3]}) == [(1,), (3,)]
    assert ids(or_(u.c.id == 1, and_(u.c.id == 2, true()))) == [1, 2]
    assert ids(not_(u.c.name == "ada")) == [2, 3]
    assert ids((u.c.id * 2 + 1) % 4 == 1) == [2]
    assert ids(u.c.name.concat("!") == "ada!") == [1]
    assert ids(u.c.name.ilike("ADA")) == [1]
    assert ids(tuple_(u.c.id, u.c.name).in_([(1, "ada"), (2, "nope")])) == [1]
    assert ids(u.c.name.op("=")("grace")) == [2]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_round_trip_as_bound_parameters(db: DB, value: str) -> None:
    u = db.users
    with db.engine.begin() as conn:
        conn.execute(insert(u).values(id=50, name=value))
        assert conn.execute(select(u.c.name).where(u.c.name == value)).scalar() == value
        assert conn.execute(select(u.c.id).where(u.c.name.contains(value, autoescape=True))).scalar() == 50
        assert conn.execute(select(u.c.id).where(u.c.name.startswith(value, autoescape=True))).scalar() == 50
        assert conn.execute(select(u.c.id).where(u.c.name.endswith(value, autoescape=True))).scalar() == 50
        assert conn.execute(select(literal(value))).scalar() == value


@pytest.mark.parametrize("value", [v for v in HOSTILE if len(v) < 100])
def test_hostile_values_with_literal_binds(db: DB, value: str) -> None:
    u = db.users
    with db.engine.begin() as conn:
        conn.execute(insert(u).values(id=51, name=value))
        stmt = select(u.c.id).where(u.c.name == value)
        sql = str(stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
        if db.engine.dialect.paramstyle in ("format", "pyformat"):
            # the compiler doubles % for these paramstyles; with no parameters the driver sends the
            # text as is, so undo the doubling
            sql = sql.replace("%%", "%")
        assert value not in sql or "'" not in value  # a quote in the value must come out escaped
        assert conn.exec_driver_sql(sql).scalar() == 51


def test_collate(db: DB) -> None:
    u = db.users
    collation = {"sqlite": "NOCASE", "postgresql": '"C"', "mysql": "utf8mb4_bin"}[db.backend]
    stmt = select(u.c.name).order_by(u.c.name.collate(collation.strip('"')))
    assert [r[0] for r in db.all(stmt)] == ["ada", "grace", "linus"]


def test_upsert(db: DB) -> None:
    u = db.users
    with db.engine.begin() as conn:
        if db.backend == "mysql":
            from orm.dialects.mysql import insert as my_insert

            stmt = my_insert(u).values(id=1, name="ada2")
            conn.execute(stmt.on_duplicate_key_update(name=stmt.inserted.name))
        else:
            mod = __import__(f"orm.dialects.{db.backend}", fromlist=["insert"])
            stmt = mod.insert(u).values(id=1, name="ada2")
            conn.execute(stmt.on_conflict_do_update(index_elements=[u.c.id], set_={"name": stmt.excluded.name}))
            conn.execute(mod.insert(u).values(id=2, name="ignored").on_conflict_do_nothing())
        assert conn.execute(select(u.c.name).order_by(u.c.id)).scalars().all()[:2] == ["ada2", "grace"]


def test_failed_statement_in_begin_rolls_back_everything(db: DB) -> None:
    u = db.users
    with pytest.raises(exc.IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(insert(u).values(id=60, name="kept?"))
            conn.execute(insert(u).values(id=60, name="duplicate"))
    assert db.scalar(select(func.count()).select_from(u).where(u.c.id == 60)) == 0


def test_executemany_and_result_api(db: DB) -> None:
    u = db.users
    with db.engine.begin() as conn:
        conn.execute(insert(u), [{"id": 70 + i, "name": f"n{i}"} for i in range(5)])
        result = conn.execute(select(u.c.id, u.c.name).where(u.c.id >= 70).order_by(u.c.id))
        assert result.keys() == ["id", "name"]
        first = result.first()
        assert first is not None and first.id == 70 and first.name == "n0" and first._mapping["name"] == "n0"
        assert conn.execute(select(u.c.name).where(u.c.id == 71)).scalar_one() == "n1"
        with pytest.raises(exc.NoResultFound):
            conn.execute(select(u.c.name).where(u.c.id == 999)).one()
        with pytest.raises(exc.MultipleResultsFound):
            conn.execute(select(u.c.name).where(u.c.id >= 70)).one()
        parts = list(conn.execute(select(u.c.id).where(u.c.id >= 70).order_by(u.c.id)).partitions(2))
        assert [len(p) for p in parts] == [2, 2, 1]
        maps = conn.execute(select(u.c.id, u.c.name).where(u.c.id == 72)).mappings().all()
        assert maps == [{"id": 72, "name": "n2"}]
