"""Module names of files in directories whose names are not Python identifiers."""
from __future__ import annotations

from pathlib import Path

from analysis.index.modules import module_name_for
from analysis.workspace import Workspace


def test_dotted_directory_names_make_one_part_each(tmp_path: Path) -> None:
    assert module_name_for(tmp_path / ".github/scripts/release.py", tmp_path) == \
        ("_github.scripts.release", False)
    assert module_name_for(tmp_path / "docs/v1.2/conf.py", tmp_path) == \
        ("docs.v1_2.conf", False)


def test_project_with_a_script_under_a_hidden_directory_is_checked(tmp_path: Path) -> None:
    """A plain script under .github/ (pypi/warehouse has some) once named its module
    ``.github.x``; resolving its empty first part crashed the whole check."""
    (tmp_path / ".github" / "codeql").mkdir(parents=True)
    (tmp_path / ".github" / "codeql" / "fixture.py").write_text(
        "def view(request):\n    return request\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n"
        "    pass\n", encoding="utf-8")
    ws = Workspace(tmp_path)
    ws.index(jobs=1, paths=[str(tmp_path)])
    assert all(not findings for findings in ws.check_all(jobs=1).values())
