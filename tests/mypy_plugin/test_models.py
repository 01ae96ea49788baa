"""Model typing by the mypy plugin: every ``cases/models_*.py`` case file, run by ``runner``."""
from __future__ import annotations

from pathlib import Path

import pytest

from runner import CASES, Message, check_case, compare, parse_case, run_mypy, write_config

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


# -- configuration ----------------------------------------------------------------------------

CONFIG_CASE = """\
from orm import Column, Integer, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)


reveal_type(User().id)
"""


@pytest.mark.parametrize("kind", ["mypy.ini", "setup.cfg", "pyproject.toml"])
def test_plugin_is_enabled_by_each_config_file(kind: str, tmp_path: Path, mypy_cache_dir: Path) -> None:
    (tmp_path / "case.py").write_text(CONFIG_CASE, encoding="utf-8")
    config = write_config(tmp_path, kind)
    run = run_mypy(tmp_path, ["case.py"], mypy_cache_dir, config=config)
    assert run.messages == [Message("case.py", 11, "note", 'Revealed type is "int"')]


def test_without_the_plugin_the_column_is_untyped(tmp_path: Path, mypy_cache_dir: Path) -> None:
    # the control for the test above: the same file without the plugin configured
    (tmp_path / "case.py").write_text(CONFIG_CASE, encoding="utf-8")
    config = write_config(tmp_path, "mypy.ini")
    config.write_text(config.read_text().replace("plugins = mypy_plugin\n", ""), encoding="utf-8")
    run = run_mypy(tmp_path, ["case.py"], mypy_cache_dir, config=config)
    assert Message("case.py", 11, "note", 'Revealed type is "orm.sql.schema.Column"') in run.messages
