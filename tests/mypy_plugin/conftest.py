"""Fixtures of the mypy plugin tests: one mypy cache per test session (mypy reads ``orm`` and
``sqlalchemy`` once, later runs load them from the cache - which also exercises incremental mode
on the libraries' classes)."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def mypy_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy_cache")
