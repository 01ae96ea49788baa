"""Regressions found by teammates in the SQL core, each checked against SQLAlchemy 2.0's behaviour."""
from __future__ import annotations

import pytest

from orm import Column, Integer, MetaData, String, Table, bindparam, exc, insert, select, update

_md = MetaData()
t = Table("t", _md, Column("id", Integer), Column("name", String))


# -- bind parameters sharing a name ----------------------------------------------------------------
def test_same_named_plain_binds_share_one_parameter() -> None:
    stmt = select(t).where(t.c.id == bindparam("x", 1), t.c.name == bindparam("x", 2))
    assert str(stmt).endswith("WHERE t.id = :x AND t.name = :x")


def test_expanding_and_plain_bind_of_one_name_conflict() -> None:
    stmt = select(t).where(t.c.id.in_(bindparam("x", expanding=True)), t.c.name == bindparam("x"))
    with pytest.raises(exc.CompileError, match="Can't reuse bound parameter name 'x' in both 'expanding'"):
        stmt.compile()


def test_where_bind_named_like_a_set_value_conflicts() -> None:
    stmt = update(t).where(t.c.id == bindparam("name")).values(name="a")
    with pytest.raises(exc.CompileError, match="Bind parameter 'name' conflicts with unique bind parameter"):
        stmt.compile()


def test_bindparam_named_like_an_insert_column_is_reserved() -> None:
    stmt = insert(t).values(id=bindparam("name"))
    with pytest.raises(exc.CompileError, match="bindparam\\(\\) name 'name' is reserved .*'b_name'"):
        stmt.compile(column_keys=["name"])


# -- a FROM clause in GROUP BY / ORDER BY ----------------------------------------------------------
def test_group_by_table_lists_its_columns() -> None:
    assert str(select(t.c.id).group_by(t)).endswith("GROUP BY t.id, t.name")
    sq = select(t).subquery()
    assert str(select(sq.c.id).group_by(sq)).endswith("GROUP BY anon_1.id, anon_1.name")


def test_group_by_mapped_entity_lists_its_columns() -> None:
    from orm.mapping import DeclarativeBase, Mapped, aliased, mapped_column

    class Base(DeclarativeBase):
        pass

    class Post(Base):
        __tablename__ = "post"
        id: Mapped[int] = mapped_column(primary_key=True)
        title: Mapped[str]

    assert str(select(Post.id).group_by(Post.id, Post)).endswith("GROUP BY post.id, post.id, post.title")
    assert str(select(Post.id).group_by(aliased(Post))).endswith("GROUP BY post_1.id, post_1.title")
    with pytest.raises(exc.ArgumentError, match="ORDER BY expression expected, got <class '.*Post'>"):
        select(Post.id).order_by(Post)


# -- the 1.x select([...]) spelling ----------------------------------------------------------------
def test_select_with_a_list_is_rejected_with_a_hint() -> None:
    with pytest.raises(exc.ArgumentError, match=r"got \[Column\('id'.*\]\. Did you mean to say select\(Column\('id'"):
        select([t.c.id, t.c.name])
    with pytest.raises(exc.ArgumentError, match=r"got \(Column\('id'.*\)\.$"):
        select((t.c.id, t.c.name))


# -- a partly consumed iterator and the other fetch methods ----------------------------------------
_THREE = "select 1 union all select 2 union all select 3"


def test_rows_read_ahead_by_an_iterator_stay_visible() -> None:
    from orm import create_engine, text

    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        result = conn.execute(text(_THREE))
        it = iter(result)
        assert next(it) == (1,)
        assert result.all() == [(2,), (3,)]

        result = conn.execute(text(_THREE))
        it = iter(result)
        assert next(it) == (1,)
        assert result.fetchone() == (2,)
        assert list(it) == [(3,)]

        scalars = conn.execute(text(_THREE)).scalars()
        it = iter(scalars)
        assert next(it) == 1
        assert scalars.all() == [2, 3]

        result = conn.execute(text(_THREE))
        for _row in result:
            break
        assert result.fetchmany(1) == [(2,)]
        assert result.first() == (3,)


# -- psycopg binds server-side: parameters whose type the context does not give are cast ------------
def test_untyped_function_arguments_run_on_every_backend(db_url: str) -> None:
    import datetime

    from orm import create_engine, func, literal

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(func.count("*"))).scalar() == 1
            row = conn.execute(select(func.lower("AbC"), literal(datetime.date(2020, 1, 2)))).one()
            assert row == ("abc", datetime.date(2020, 1, 2)) or row == ("abc", "2020-01-02")
    finally:
        engine.dispose()


def test_psycopg_engines_cast_binds_as_sqlalchemy_does() -> None:
    from orm import func
    from orm.dialects import postgresql
    from orm.dialects.postgresql.psycopg import PGDialect_psycopg

    d = PGDialect_psycopg()
    assert str(select(func.count("*")).compile(dialect=d)) == "SELECT count(%(count_2)s::VARCHAR) AS count_1"
    stmt = select(t.c.id).where(t.c.id == 5, t.c.name == "x")
    assert str(stmt.compile(dialect=d)).endswith("WHERE t.id = %(id_1)s::INTEGER AND t.name = %(name_1)s::VARCHAR")
    assert str(insert(t).compile(dialect=d)) == "INSERT INTO t (id, name) VALUES (%(id)s::INTEGER, %(name)s::VARCHAR)"
    # postgresql.dialect() renders like SQLAlchemy's default PostgreSQL driver: no casts
    assert "::" not in str(stmt.compile(dialect=postgresql.dialect()))


# -- PostgreSQL JSON/JSONB .astext -----------------------------------------------------------------
def test_astext_renders_the_text_operators() -> None:
    from orm import types as sqltypes
    from orm.dialects import postgresql as pg

    doc = Table("doc", MetaData(), Column("j", pg.JSONB), Column("k", pg.JSON))
    d = pg.dialect()
    assert str(doc.c.j["a"].astext.compile(dialect=d)) == "doc.j ->> %(j_1)s"
    assert str(doc.c.k["a"].astext.compile(dialect=d)) == "doc.k ->> %(k_1)s"
    assert str(doc.c.j[("a", "b")].astext.compile(dialect=d)) == "doc.j #>> %(j_1)s"
    assert isinstance(doc.c.j["a"].astext.type, sqltypes.Text)
    with pytest.raises(AttributeError, match="astext"):
        doc.c.j.astext  # noqa: B018


def test_astext_filters_on_postgresql() -> None:
    from orm import create_engine
    from orm.dialects import postgresql as pg
    from tests.conftest import backend_url

    url = backend_url("postgresql")
    md = MetaData()
    doc = Table("corefix_astext", md, Column("id", Integer, primary_key=True), Column("j", pg.JSONB))
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            md.drop_all(conn)
            md.create_all(conn)
            conn.execute(insert(doc), [{"id": 1, "j": {"name": "ed", "tags": {"x": 1}}}, {"id": 2, "j": {"name": "al"}}])
            assert conn.execute(select(doc.c.id).where(doc.c.j["name"].astext == "ed")).scalars().all() == [1]
            assert conn.execute(select(doc.c.j[("tags", "x")].astext)).scalars().all() in ([None, "1"], ["1", None])
            md.drop_all(conn)
    finally:
        engine.dispose()


# -- ForeignKey(MappedClass.attr) ------------------------------------------------------------------
def test_foreign_key_to_a_mapped_attribute_targets_its_column() -> None:
    from orm import ForeignKey, create_engine
    from orm.mapping import DeclarativeBase, Mapped, mapped_column, relationship
    from orm.session import Session

    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)

    class Addr(Base):
        __tablename__ = "addr"
        id: Mapped[int] = mapped_column(primary_key=True)
        user_id: Mapped[int] = mapped_column(ForeignKey(User.id))
        user: Mapped[User] = relationship()

    (fk,) = Addr.__table__.c.user_id.foreign_keys
    assert fk.column is User.__table__.c.id
    assert fk.target_fullname == "users.id"
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(Addr(id=1, user=User(id=7)))
        session.commit()
        assert session.get(Addr, 1).user_id == 7


# -- executemany: the first row's keys fix the statement -------------------------------------------
def test_executemany_uses_the_first_rows_keys() -> None:
    from orm import create_engine

    md = MetaData()
    rows = Table("rows", md, Column("id", Integer, primary_key=True), Column("name", String),
                 Column("x", Integer, default=5))
    engine = create_engine("sqlite://")
    md.create_all(engine)
    with engine.begin() as conn:
        # a key the first row lacks is ignored in later rows: the column keeps its default
        conn.execute(insert(rows), [{"id": 1, "name": "a"}, {"id": 2, "name": "b", "x": 9}])
        assert conn.execute(select(rows).order_by(rows.c.id)).all() == [(1, "a", 5), (2, "b", 5)]
        with pytest.raises(exc.StatementError, match="value is required for bind parameter 'x', in parameter group 1"):
            conn.execute(insert(rows), [{"id": 3, "name": "c", "x": 1}, {"id": 4, "name": "d"}])
