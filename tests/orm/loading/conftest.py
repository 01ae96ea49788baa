"""Fixtures of the loading tests: mapped models on real databases, a statement counter."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import create_engine, event

from loading_models import fill, make_models


class StatementLog:
    """The statements an engine ran, counted with a ``before_cursor_execute`` listener."""

    def __init__(self, engine: Any) -> None:
        self.statements: list[tuple[str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        self.statements.append((statement, parameters))

    def clear(self) -> None:
        self.statements.clear()

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def sql(self) -> list[str]:
        return [s for s, _ in self.statements]


def _prefix(request: pytest.FixtureRequest) -> str:
    # one set of tables per test module and process (xdist workers run modules side by side)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    mod = request.module.__name__.rsplit(".", 1)[-1].replace("test_", "")[:10]
    return f"ld_{mod}_{worker}_"


@pytest.fixture
def db(db_url: str, request: pytest.FixtureRequest) -> Iterator[SimpleNamespace]:
    """Models with 3 users' data on the backend, an engine, and its StatementLog."""
    yield from _db(db_url, request, 3)


def _db(url: str, request: pytest.FixtureRequest, n: int) -> Iterator[SimpleNamespace]:
    m = make_models(_prefix(request))
    engine = create_engine(url)
    md = m.Base.metadata
    md.drop_all(engine)
    md.create_all(engine)
    with engine.begin() as conn:
        fill(conn, m, n)
    log = StatementLog(engine)
    try:
        yield SimpleNamespace(m=m, engine=engine, log=log, n=n)
    finally:
        log.clear()
        md.drop_all(engine)
        engine.dispose()


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest) -> Iterator[SimpleNamespace]:
    """The models on an in-memory SQLite database (one connection: StaticPool)."""
    from orm import StaticPool

    m = make_models("")
    engine = create_engine("sqlite://", poolclass=StaticPool)
    m.Base.metadata.create_all(engine)
    with engine.begin() as conn:
        fill(conn, m, 3)
    log = StatementLog(engine)
    yield SimpleNamespace(m=m, engine=engine, log=log, n=3)
    engine.dispose()
