"""Fixtures of the Session tests: the models on each real database, created once per test module
(unique table prefix per module and xdist worker), emptied before each test."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import create_engine, event

from session_models import clear, make_models
from tests.conftest import BACKENDS, backend_url


class StatementLog:
    """Statements an engine ran (``before_cursor_execute``)."""

    def __init__(self, engine: Any) -> None:
        self.statements: list[tuple[str, Any, bool]] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        self.statements.append((statement, parameters, executemany))

    def clear(self) -> None:
        self.statements.clear()

    @property
    def sql(self) -> list[str]:
        return [" ".join(s.split()) for s, _, _ in self.statements]

    def dml(self) -> list[str]:
        """The INSERT/UPDATE/DELETE statements, first words only (``INSERT INTO x``); repeats of
        the same statement in a row count once (MySQL inserts row by row)."""
        out: list[str] = []
        for s in self.sql:
            words = s.split()
            if words and words[0] in ("INSERT", "UPDATE", "DELETE"):
                head = " ".join(words[:3] if words[0] != "UPDATE" else words[:2])
                if not out or out[-1] != head:
                    out.append(head)
        return out


def _prefix(request: pytest.FixtureRequest) -> str:
    # module and process: several test runs (xdist workers, other people's runs) share the servers
    mod = request.module.__name__.rsplit(".", 1)[-1].replace("test_", "")[:8]
    return f"s_{mod}_{os.getpid() % 100000}_"


@pytest.fixture(scope="module", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The models' tables on one backend, for the whole module."""
    url = backend_url(request.param, tmp_path_factory)
    m = make_models(_prefix(request))
    engine = create_engine(url)
    if request.param == "sqlite":
        # enforce foreign keys as the servers do (ON DELETE CASCADE, ordering mistakes)
        event.listen(engine, "connect", lambda dbapi_conn, record: dbapi_conn.execute("PRAGMA foreign_keys=ON"))
    md = m.Base.metadata
    md.drop_all(engine)
    md.create_all(engine)
    try:
        yield SimpleNamespace(m=m, engine=engine, backend=request.param)
    finally:
        md.drop_all(engine)
        engine.dispose()


@pytest.fixture
def db(database: SimpleNamespace) -> Iterator[SimpleNamespace]:
    """Empty tables, the models (``db.m``), the engine and a statement log."""
    clear(database.engine, database.m)
    log = StatementLog(database.engine)
    try:
        yield SimpleNamespace(m=database.m, engine=database.engine, backend=database.backend, log=log)
    finally:
        event.remove(database.engine, "before_cursor_execute", log._record)


@pytest.fixture
def session(db: SimpleNamespace) -> Iterator[Any]:
    from orm import Session

    s = Session(db.engine)
    try:
        yield s
    finally:
        s.close()
