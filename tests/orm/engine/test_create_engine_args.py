"""``create_engine()`` keyword arguments no component takes: the same TypeError (type and message)
as SQLAlchemy raises for the same call, and nothing is connected before it."""
from __future__ import annotations

from typing import Any

import pytest

import orm
from orm.pool import NullPool, StaticPool

sa = pytest.importorskip("sqlalchemy")


def _error(lib: Any, url: str, **kw: Any) -> BaseException:
    with pytest.raises(BaseException) as info:
        lib.create_engine(url, **kw)
    return info.value


@pytest.mark.parametrize("url, kw", [
    ("sqlite:///x.db", {"foo": 1}),
    ("sqlite:///x.db", {"foo": 1, "bar": 2}),
    ("sqlite://", {"echo": True, "pool_sizee": 3}),
    ("sqlite:///x.db", {"poolclass": "NullPool", "pool_size": 5}),
    ("sqlite:///x.db", {"poolclass": "NullPool", "pool_size": 5, "max_overflow": 1}),
    ("postgresql+psycopg2://u@h/db", {"encoding": "utf8"}),
    ("postgresql+psycopg://u@h/db", {"convert_unicode": True}),
    ("mysql+pymysql://u@h/db", {"pool_sizes": 1}),
    ("sqlite://", {"poolclass": "StaticPool", "pool_timeout": 3}),
])
def test_same_type_error_as_sqlalchemy(url: str, kw: dict[str, Any]) -> None:
    def args(lib: Any) -> dict[str, Any]:
        out = dict(kw)
        if "poolclass" in out:
            out["poolclass"] = getattr(lib.pool, out["poolclass"])
        return out

    ours, theirs = _error(orm, url, **args(orm)), _error(sa, url, **args(sa))
    assert type(ours) is TypeError and type(theirs) is TypeError
    assert str(ours) == str(theirs)


def test_a_given_pool_names_its_class() -> None:
    pool = StaticPool(lambda: None)
    with pytest.raises(TypeError, match=r"'nope' sent to create_engine\(\), using configuration "
                                        r"SQLiteDialect_pysqlite/StaticPool/Engine"):
        orm.create_engine("sqlite://", pool=pool, nope=1)


def test_dialect_arguments_are_still_accepted() -> None:
    eng = orm.create_engine("postgresql+psycopg2://u@h/db", insertmanyvalues_page_size=50,
                            pool_size=2, max_overflow=0, poolclass=None)
    assert eng.dialect.insertmanyvalues_page_size == 50
    # an engine-wide option (SQLAlchemy takes it everywhere) is accepted by dialects without it
    orm.create_engine("sqlite://", insertmanyvalues_page_size=5)
    assert isinstance(orm.create_engine("sqlite:///x.db", poolclass=NullPool).pool, NullPool)


def test_future_false_is_refused_as_sqlalchemy_does() -> None:
    ours, theirs = _error(orm, "sqlite://", future=False), _error(sa, "sqlite://", future=False)
    assert isinstance(ours, orm.exc.ArgumentError) and str(ours) == str(theirs)

