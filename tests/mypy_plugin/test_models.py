"""Model typing by the mypy plugin: every ``cases/models_*.py`` case file, run by ``runner``."""
from __future__ import annotations

from pathlib import Path

import pytest

from runner import CASES, Message, check_case, compare, parse_case

MODEL_CASES = sorted(CASES.glob("models_*.py"))


@pytest.mark.parametrize("path", MODEL_CASES, ids=[p.stem for p in MODEL_CASES])
def test_case(path: Path, tmp_path: Path, mypy_cache_dir: Path) -> None:
    check_case(parse_case(path), tmp_path, mypy_cache_dir)


# -- the runner itself ------------------------------------------------------------------------

def test_runner_reports_missing_and_unexpected_messages(tmp_path: Path, mypy_cache_dir: Path) -> None:
    case_file = tmp_path / "wrong.py"
    case_file.write_text(
        "x: int = 1\n"
        "reveal_type(x)  # N: Revealed type is \"str\"\n"
        "y: str = 2  # E: a message mypy does not give  [assignment]\n"
        "z = 3  # E: nothing is wrong here\n",
        encoding="utf-8",
    )
    case = parse_case(case_file)
    workdir = tmp_path / "run"
    workdir.mkdir()
    with pytest.raises(AssertionError) as caught:
        check_case(case, workdir, mypy_cache_dir)
    report = str(caught.value).splitlines()[1:]
    assert report == [
        'missing:    wrong.py:2: note: Revealed type is "str"',
        'unexpected: wrong.py:2: note: Revealed type is "int"',
        "missing:    wrong.py:3: error: a message mypy does not give [assignment]",
        'unexpected: wrong.py:3: error: Incompatible types in assignment (expression has type "int", '
        'variable has type "str") [assignment]',
        "missing:    wrong.py:4: error: nothing is wrong here",
    ]


def test_runner_parses_several_expectations_and_helper_modules(tmp_path: Path) -> None:
    case_file = tmp_path / "two.py"
    case_file.write_text(
        "# flags: --strict\n"
        "f(1)  # E: first  [misc]  # N: second # W: third\n"
        "# ---- file: pkg/helper.py\n"
        "x = 1  # E: in the helper\n",
        encoding="utf-8",
    )
    case = parse_case(case_file)
    assert case.flags == ["--strict"]
    assert list(case.modules) == ["two.py", "pkg/helper.py"]
    assert case.modules["pkg/helper.py"] == "x = 1  # E: in the helper\n"
    assert case.expected == {
        Message("two.py", 2, "error", "first [misc]"),
        Message("two.py", 2, "note", "second"),
        Message("two.py", 2, "warning", "third"),
        Message("pkg/helper.py", 1, "error", "in the helper"),
    }
    assert compare(case.expected, sorted(case.expected)) == []
