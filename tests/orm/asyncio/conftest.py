"""Async engine URLs per async driver, from the same environment as tests/conftest.py."""
from __future__ import annotations

import pytest

from tests.conftest import backend_url

ASYNC_DRIVERS = ["aiosqlite", "psycopg", "asyncpg", "aiomysql"]


def async_url(driver: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if driver == "aiosqlite":
        return backend_url("sqlite", tmp_path_factory).replace("sqlite://", "sqlite+aiosqlite://", 1)
    if driver == "aiomysql":
        rest = backend_url("mysql").split("://", 1)[1]
        return f"mysql+aiomysql://{rest}"
    url = backend_url("postgresql")
    rest = url.split("://", 1)[1]
    return f"postgresql+{driver}://{rest}"


@pytest.fixture(params=ASYNC_DRIVERS)
def aurl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return async_url(request.param, tmp_path_factory)
