"""Fixtures of the mapping tests."""
from __future__ import annotations

from typing import Any

import pytest

from orm import create_engine


@pytest.fixture
def engine() -> Any:
    eng = create_engine("sqlite://")
    yield eng
    eng.dispose()
