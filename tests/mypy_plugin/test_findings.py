"""ormlens findings reported by the mypy plugin: every ``cases/findings_*.py`` case file, run by
``runner`` (messages, lines, codes both ways), plus what the runner does not show: columns, the
error codes users silence, and the translation table."""
from __future__ import annotations

from pathlib import Path

import pytest

from runner import CASES, check_case, parse_case

FINDING_CASES = sorted(CASES.glob("findings_*.py"))


@pytest.mark.parametrize("path", FINDING_CASES, ids=[p.stem for p in FINDING_CASES])
def test_case(path: Path, tmp_path: Path, mypy_cache_dir: Path) -> None:
    check_case(parse_case(path), tmp_path, mypy_cache_dir)
