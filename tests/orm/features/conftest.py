"""Fixtures of the SQLAlchemy-feature tests (orm.orm mirror features): one engine per backend for
orm and one for SQLAlchemy on the same database, so each behaviour is compared side by side."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Iterator

import pytest

from tests.conftest import BACKENDS, backend_url


def _sa_url(url: str) -> str:
    return url  # the same URL forms (postgresql+psycopg, mysql+pymysql, sqlite:///)


@pytest.fixture(params=BACKENDS)
def both(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """``orm_engine`` and ``sa_engine`` on the same database (``backend`` says which)."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    import orm

    url = backend_url(request.param, tmp_path_factory)
    if url == "sqlite://":
        url = "sqlite:///" + str(tmp_path_factory.mktemp("sqlite") / "f.db")
    ns = SimpleNamespace(backend=request.param, orm_engine=orm.create_engine(url),
                         sa_engine=sqlalchemy.create_engine(_sa_url(url)), metadatas=[])
    try:
        yield ns
    finally:
        for md, eng in ns.metadatas:
            md.drop_all(eng)
        ns.orm_engine.dispose()
        ns.sa_engine.dispose()
