"""A value a type's bind processor refuses is raised as SQLAlchemy raises it: a ``StatementError``
whose ``.orig`` (and ``__cause__``) is the processor's error, with the statement's SQL and the
caller's parameters attached; the connection stays usable and no transaction was begun.  Compared
with SQLAlchemy 2.0 side by side on SQLite; run on the three databases."""
from __future__ import annotations

from typing import Any

import pytest

import orm
from orm import event, exc
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")


def _schema(lib: Any) -> tuple[Any, Any]:
    class Picky(lib.TypeDecorator):
        impl = lib.Integer
        cache_ok = True

        def process_bind_param(self, value: Any, dialect: Any) -> Any:
            if value is not None and value < 0:
                raise ValueError(f"negative value {value!r}")
            return value

    md = lib.MetaData()
    t = lib.Table("bind_err", md, lib.Column("id", lib.Integer, primary_key=True), lib.Column("x", Picky))
    return md, t


def _cases(lib: Any, t: Any) -> list[tuple[Any, Any]]:
    return [
        (t.insert(), {"id": 1, "x": -5}),
        (t.insert(), [{"id": 2, "x": 1}, {"id": 3, "x": -2}]),
        (lib.select(t.c.id).where(t.c.x == -7), None),
        (lib.select(t.c.id).where(t.c.x.in_([1, -1])), None),
        (lib.text("SELECT :p").bindparams(lib.bindparam("p", type_=lib.DateTime)), {"p": "not a date"}),
    ]


def _raised(lib: Any, url: str) -> list[tuple[Any, ...]]:
    md, t = _schema(lib)
    engine = lib.create_engine(url)
    out = []
    try:
        md.drop_all(engine)
        md.create_all(engine)
        with engine.connect() as conn:
            for stmt, params in _cases(lib, t):
                with pytest.raises(lib.exc.StatementError) as info:
                    conn.execute(stmt, params)
                err = info.value
                assert not isinstance(err, lib.exc.DBAPIError)
                assert err.__cause__ is err.orig
                assert not conn.in_transaction()
                out.append((str(err), type(err.orig).__name__, str(err.orig), err.statement, err.params))
            assert conn.execute(lib.select(lib.literal(1))).scalar() == 1  # still usable
    finally:
        md.drop_all(engine)
        engine.dispose()
    return out


def test_same_errors_as_sqlalchemy_on_sqlite(tmp_path: Any) -> None:
    ours = _raised(orm, "sqlite:///" + str(tmp_path / "o.db"))
    theirs = _raised(sa, "sqlite:///" + str(tmp_path / "s.db"))
    assert ours == theirs
    assert ours[0][0].startswith("(builtins.ValueError) negative value -5\n[SQL: INSERT INTO bind_err")
    assert ours[4][1] == "TypeError"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_statement_error_on_each_database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    url = backend_url(backend, tmp_path_factory)
    md, t = _schema(orm)
    engine = orm.create_engine(url)
    seen: list[Any] = []
    event.listen(engine, "handle_error", lambda ctx: seen.append((type(ctx.original_exception), ctx.statement)))
    try:
        md.drop_all(engine)
        md.create_all(engine)
        with engine.begin() as conn:
            conn.execute(t.insert(), {"id": 1, "x": 1})
            with pytest.raises(exc.StatementError) as info:
                conn.execute(t.update().values(x=-1))
            assert isinstance(info.value.orig, ValueError) and "UPDATE bind_err SET x=" in info.value.statement
            # the transaction is intact: the failed statement never reached the database
            assert conn.execute(orm.select(t.c.x)).scalar() == 1
        assert seen and seen[0][0] is ValueError
    finally:
        md.drop_all(engine)
        engine.dispose()


def test_orm_flush_wraps_the_error_and_keeps_the_session_usable() -> None:
    md, t = _schema(orm)

    class Base(orm.DeclarativeBase):
        metadata = md

    class Row(Base):
        __table__ = t

    engine = orm.create_engine("sqlite://")
    md.create_all(engine)
    with orm.Session(engine) as session:
        session.add(Row(id=1, x=-3))
        with pytest.raises(exc.StatementError, match=r"\(builtins.ValueError\) negative value -3") as info:
            session.flush()
        assert isinstance(info.value.orig, ValueError)
        session.rollback()
        session.add(Row(id=1, x=3))
        session.commit()
        assert session.scalar(orm.select(orm.func.count()).select_from(t)) == 1
