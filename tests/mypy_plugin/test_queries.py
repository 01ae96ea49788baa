"""Query typing by the mypy plugin: every ``cases/queries_*.py`` case file, run by ``runner``."""
from __future__ import annotations

from pathlib import Path

import pytest

from runner import CASES, check_case, parse_case

QUERY_CASES = sorted(CASES.glob("queries_*.py"))


@pytest.mark.parametrize("path", QUERY_CASES, ids=[p.stem for p in QUERY_CASES])
def test_case(path: Path, tmp_path: Path, mypy_cache_dir: Path) -> None:
    check_case(parse_case(path), tmp_path, mypy_cache_dir)
