"""Fixtures of the seed regression tests: each test gets a fresh engine on one of the three real
databases and a table-name prefix unique to the process, so that parallel runs sharing a server
never meet; the tables a test created are dropped before and after it."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import create_engine
from tests.conftest import BACKENDS, backend_url


class SeedDB(SimpleNamespace):
    """``engine``, ``backend``, ``url``, ``prefix``; ``create(Base)`` creates a declarative base's
    tables (dropping leftovers of an interrupted run first) and drops them after the test."""

    def create(self, base_or_metadata: Any) -> None:
        md = getattr(base_or_metadata, "metadata", base_or_metadata)
        md.drop_all(self.engine)
        md.create_all(self.engine)
        self.created.append(md)


@pytest.fixture(params=BACKENDS)
def seed_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeedDB]:
    url = backend_url(request.param, tmp_path_factory)
    engine = create_engine(url)
    db = SeedDB(engine=engine, backend=request.param, url=url,
                prefix=f"sd{os.getpid() % 100000}_", created=[])
    try:
        yield db
    finally:
        for md in reversed(db.created):
            md.drop_all(engine)
        engine.dispose()
