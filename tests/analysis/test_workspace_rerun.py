"""check_all() on a project none of whose inputs changed does no work and returns the previous
findings; any one changed input (a file's text, a new or deleted file, an unreadable file, the
configuration, the files asked for) makes it check again, with the findings of a fresh workspace.

Work is counted, not timed: ``modules_parsed``, ``rule_runs``, ``skipped_runs``."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from analysis.workspace import Workspace

MODELS = '''from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")
'''

VIEWS = '''from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User


def titles(session: Session) -> list[int]:
    out = []
    for user in session.scalars(select(User)):
        out.extend(post.id for post in user.posts)
    return out
'''

REPORTS = '''from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Post


def authors(session: Session) -> list[int]:
    return [post.author.id for post in session.scalars(select(Post))]
'''

PROJECT = {
    "pyproject.toml": "[tool.ormlens]\n",
    "app/__init__.py": "",
    "app/models.py": MODELS,
    "app/views.py": VIEWS,
    "app/reports.py": REPORTS,
    "app/util.py": "def double(x: int) -> int:\n    return 2 * x\n",
}


def _project(root: Path) -> None:
    for name, text in PROJECT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _codes(results: dict[str, list]) -> dict[str, list[tuple[str, int]]]:
    return {Path(p).name: [(f.code, f.range.start.line) for f in fs] for p, fs in results.items()}


def _work(ws: Workspace) -> tuple[int, int, int]:
    return ws.modules_parsed, ws.rule_runs, ws.skipped_runs


def test_an_unchanged_project_is_not_checked_again(tmp_path: Path):
    _project(tmp_path)
    ws = Workspace(tmp_path)
    ws.index()
    first = ws.check_all(jobs=1)
    assert "ORM101" in {c for found in _codes(first).values() for c, _ in found}
    parsed, runs, skipped = _work(ws)
    assert runs >= 4 and skipped == 0
    # asking again, and re-setting what the workspace already has, changes no input
    second = ws.check_all(jobs=1)
    ws.set_document(tmp_path / "app/views.py", VIEWS)
    ws.close_document(tmp_path / "app/views.py")
    ws.file_changed(tmp_path / "app/models.py")
    ws.index()
    third = ws.check_all(jobs=1)
    assert _work(ws) == (parsed, runs, 2)
    assert second == third == first
    # a file's own check answers from its cache too
    views = ws.check(tmp_path / "app/views.py")
    assert views == first[str(tmp_path / "app/views.py")] and _work(ws) == (parsed, runs, 2)
    # the previous result is handed out as a copy
    for findings in second.values():
        findings.clear()
    assert ws.check_all(jobs=1) == first


def _edit_view(ws: Workspace, root: Path) -> None:
    ws.set_document(root / "app/views.py", VIEWS + "\n\ndef more(session: Session) -> None:\n"
                    "    for user in session.scalars(select(User)):\n"
                    "        print(user.posts)\n")


def _eager_model(ws: Workspace, root: Path) -> None:
    (root / "app/models.py").write_text(MODELS.replace('back_populates="author")',
                                                       'back_populates="author", lazy="selectin")'))
    ws.file_changed(root / "app/models.py")


def _move_model(ws: Workspace, root: Path) -> None:
    (root / "app/models.py").write_text("\n\n" + MODELS)
    ws.file_changed(root / "app/models.py")


def _new_file(ws: Workspace, root: Path) -> None:
    (root / "app/extra.py").write_text(REPORTS.replace("def authors", "def writers"))
    ws.file_changed(root / "app/extra.py")


def _deleted_file(ws: Workspace, root: Path) -> None:
    (root / "app/reports.py").unlink()
    ws.file_changed(root / "app/reports.py")


def _unreadable_file(ws: Workspace, root: Path) -> None:
    if (root / "app/util.py").is_file():
        (root / "app/util.py").unlink()
        (root / "app/util.py").mkdir()      # reading it fails (also as root)
    ws.file_changed(root / "app/util.py")


def _harmless_edit(ws: Workspace, root: Path) -> None:
    (root / "app/util.py").write_text("def double(x: int) -> int:\n    return x + x\n")
    ws.file_changed(root / "app/util.py")


def _config(ws: Workspace, root: Path) -> None:
    ws.set_config(ws.config.with_overrides(ignore=("ORM101",)))


CHANGES: dict[str, Callable[[Workspace, Path], None]] = {
    "edited view (editor overlay)": _edit_view,
    "eager-loaded relationship (disk)": _eager_model,
    "model moved down its file": _move_model,
    "new file": _new_file,
    "deleted file": _deleted_file,
    "unreadable file": _unreadable_file,
    "edit without findings": _harmless_edit,
    "configuration": _config,
}


# changes a fresh workspace does not see on disk
REPLAYED = ("edited view (editor overlay)", "unreadable file", "configuration")


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_any_one_changed_input_checks_again(tmp_path: Path, change: str):
    _project(tmp_path)
    ws = Workspace(tmp_path)
    ws.index()
    before = ws.check_all(jobs=1)
    runs = ws.rule_runs
    CHANGES[change](ws, tmp_path)
    after = ws.check_all(jobs=1)
    assert ws.skipped_runs == 0 and ws.rule_runs > runs
    fresh = Workspace(tmp_path)
    fresh.index()
    if change in REPLAYED:
        CHANGES[change](fresh, tmp_path)
    assert _codes(after) == _codes(fresh.check_all(jobs=1))
    if change not in ("model moved down its file", "edit without findings"):
        assert _codes(after) != _codes(before)
    # and once checked, the new state is not checked again
    assert ws.check_all(jobs=1) == after and ws.skipped_runs == 1


def test_other_files_asked_for_are_checked(tmp_path: Path):
    _project(tmp_path)
    ws = Workspace(tmp_path)
    ws.index()
    views = ws.check_all([tmp_path / "app/views.py"], jobs=1)
    both = ws.check_all([tmp_path / "app/views.py", tmp_path / "app/reports.py"], jobs=1)
    assert ws.skipped_runs == 0 and set(both) > set(views)
    ws.check_all([tmp_path / "app/views.py", tmp_path / "app/reports.py"], jobs=1)
    assert ws.skipped_runs == 1


def test_a_file_readable_again_loses_its_read_error(tmp_path: Path):
    _project(tmp_path)
    ws = Workspace(tmp_path)
    ws.index()
    util = tmp_path / "app/util.py"
    util.unlink()
    util.mkdir()
    ws.file_changed(util)
    assert [f.code for f in ws.check(util)] == ["ORM000"]
    util.rmdir()
    util.write_text(PROJECT["app/util.py"])
    ws.file_changed(util)
    assert ws.check(util) == [] and ws.check_all(jobs=1)[str(util)] == []
