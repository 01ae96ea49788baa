"""The public API is typed for plain ``mypy --strict`` (no plugin): the ``check_*.py`` files'
``assert_type()`` calls hold, and the mistakes in ``expect_errors.py`` are reported, each on its
line with its error code.

``--follow-imports=silent`` reads ``orm`` from this checkout the way mypy reads an installed
library: its types are used, its own implementation is not re-checked here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FLAGS = ["--strict", "--follow-imports=silent", "--no-error-summary", "--show-error-codes",
         "--hide-error-context", "--no-pretty"]


def _mypy(files: list[Path], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(ROOT)  # orm resolves from the checkout, as in CI
    out, err, _ = mypy_api.run(FLAGS + [str(f.relative_to(ROOT)) for f in files])
    assert not err.strip(), err
    return [line for line in out.splitlines() if line.strip()]


@pytest.mark.slow
def test_assert_type_files_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(HERE.glob("check_*.py"))
    assert len(files) >= 4
    assert _mypy(files, monkeypatch) == []


@pytest.mark.slow
def test_mistakes_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    path = HERE / "expect_errors.py"
    expected = {}
    for no, line in enumerate(path.read_text().splitlines(), 1):
        m = re.search(r"# E: ([\w-]+)", line)
        if m:
            expected[no] = m.group(1)
    got: dict[int, set[str]] = {}
    for line in _mypy([path], monkeypatch):
        m = re.match(r".*expect_errors\.py:(\d+): error: .*\[([\w-]+)\]$", line)
        assert m, f"unexpected mypy output: {line}"
        got.setdefault(int(m.group(1)), set()).add(m.group(2))
    assert {no: {code} for no, code in expected.items()} == got
