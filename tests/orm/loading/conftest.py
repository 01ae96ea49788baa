"""Fixtures of the loading tests: mapped models on real databases, a statement counter."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Iterator

import pytest

from orm import create_engine
from tests.conftest import BACKENDS, backend_url

from loading_models import StatementLog, fill, make_models, open_db


def _prefix(request: pytest.FixtureRequest) -> str:
    # one set of tables per test module and process (xdist workers run modules side by side)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    mod = request.module.__name__.rsplit(".", 1)[-1].replace("test_", "")[:10]
    return f"ld_{mod}_{worker}_"


@pytest.fixture(scope="module", params=BACKENDS)
def _module_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    # tables and rows are made once per module and backend; tests that write roll back
    url = backend_url(request.param, tmp_path_factory)
    yield from open_db(url, _prefix(request), 3, request.param)


@pytest.fixture
def db(_module_db: SimpleNamespace) -> SimpleNamespace:
    """Models with 3 users' data on the backend (``db.backend``), an engine, its StatementLog
    (cleared for each test)."""
    _module_db.log.clear()
    return _module_db


@pytest.fixture(scope="module")
def _module_sqlite() -> Iterator[SimpleNamespace]:
    from orm import StaticPool

    m = make_models("")
    engine = create_engine("sqlite://", poolclass=StaticPool)
    m.Base.metadata.create_all(engine)
    with engine.begin() as conn:
        fill(conn, m, 3)
    log = StatementLog(engine)
    yield SimpleNamespace(m=m, engine=engine, log=log, n=3, backend="sqlite")
    engine.dispose()


@pytest.fixture
def sqlite_db(_module_sqlite: SimpleNamespace) -> SimpleNamespace:
    """The models (plain table names: users, addresses...) on an in-memory SQLite database made
    once per module; read-only tests."""
    _module_sqlite.log.clear()
    return _module_sqlite
