"""Precision on real code: every ``cases/sweep_*.py`` case, run by ``runner``.

Each case is a false positive (or a crash) the plugin had on real projects, reduced to a small
module; its expectations say what mypy must (and must not) report with the plugin.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from runner import CASES, check_case, parse_case

SWEEP_CASES = sorted(CASES.glob("sweep_*.py"))


@pytest.mark.parametrize("path", SWEEP_CASES, ids=[p.stem for p in SWEEP_CASES])
def test_case(path: Path, tmp_path: Path, mypy_cache_dir: Path) -> None:
    check_case(parse_case(path), tmp_path, mypy_cache_dir)
