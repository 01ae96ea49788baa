"""Shared fixtures: the three real databases.

SQLite is always there. PostgreSQL and MySQL/MariaDB are reached through
ORMLENS_TEST_POSTGRESQL_URL and ORMLENS_TEST_MYSQL_URL; when a URL is unset the tests that need it
skip with a visible reason, unless ORMLENS_REQUIRE_DBS=1 (CI), where a missing server is a failure.
"""
from __future__ import annotations

import os

import pytest

BACKENDS = ("sqlite", "postgresql", "mysql")
_ENV = {"postgresql": "ORMLENS_TEST_POSTGRESQL_URL", "mysql": "ORMLENS_TEST_MYSQL_URL"}


def backend_url(backend: str, tmp_path_factory: pytest.TempPathFactory | None = None) -> str:
    """The URL for one backend, or skip (fail in CI) when it is not configured."""
    if backend == "sqlite":
        if tmp_path_factory is None:
            return "sqlite://"
        return "sqlite:///" + str(tmp_path_factory.mktemp("sqlite") / "test.db")
    url = os.environ.get(_ENV[backend])
    if not url:
        msg = f"{_ENV[backend]} is not set: no {backend} server to test against"
        if os.environ.get("ORMLENS_REQUIRE_DBS") == "1":
            pytest.fail(msg + " (ORMLENS_REQUIRE_DBS=1)")
        pytest.skip(msg)
    return url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Parametrises a test over sqlite, postgresql and mysql."""
    return request.param


@pytest.fixture
def db_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    return backend_url(backend, tmp_path_factory)
