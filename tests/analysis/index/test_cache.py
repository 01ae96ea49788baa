"""The disk cache of findings: reused when nothing they depend on changed, never trusted blindly."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from index_helpers import write_project

from analysis.index.cache import CACHE_DIR, CACHE_FILE
from analysis.rules.base import Rule
from analysis.workspace import Workspace


class HelperReader(Rule):
    """Reports every call of `helpers.risky()`, if the helper module says it is risky."""

    code, name = "ORM997", "helper-reader"
    requires_orm_text = False

    def check(self, ctx):
        helpers = ctx.project.module_loader("helpers")
        if helpers is None or "RISKY = True" not in helpers.source:
            return
        for node in ctx.module.walk():
            if type(node).__name__ == "Call" and ctx.module.code_for(node) == "helpers.risky()":
                yield ctx.finding(node, "risky")


PROJECT = {
    "pyproject.toml": "",
    "helpers.py": "RISKY = True\ndef risky():\n    return 1\n",
    "models.py": "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n",
    "views.py": "import helpers\nvalue = helpers.risky()\n",
    "other.py": "x = (\n",
}


def _run(root: Path) -> tuple[Workspace, dict]:
    ws = Workspace(root, rules=[HelperReader()])
    ws.index()
    return ws, ws.check_all(jobs=1, cache=True)


def _codes(results: dict) -> dict[str, list[str]]:
    return {Path(p).name: [f.code for f in fs] for p, fs in results.items() if fs}


def test_unchanged_files_come_from_the_cache(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    ws, first = _run(tmp_path)
    assert ws.cache_hits == 0
    assert _codes(first) == {"views.py": ["ORM997"]}
    assert (tmp_path / CACHE_DIR / CACHE_FILE).is_file()
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text().endswith("*\n")
    ws, second = _run(tmp_path)
    assert ws.cache_hits == 4
    assert second == first


def test_a_changed_dependency_invalidates_the_reader(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    _run(tmp_path)
    (tmp_path / "helpers.py").write_text("RISKY = False\ndef risky():\n    return 1\n")
    ws, results = _run(tmp_path)
    assert _codes(results) == {}
    # the rule read helpers.py while checking views.py and models.py: only other.py (which does
    # not parse, so no rule read anything for it) is still valid
    assert ws.cache_hits == 1


def test_model_and_config_changes_invalidate_everything(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    _run(tmp_path)
    (tmp_path / "models.py").write_text(PROJECT["models.py"] + "class A(Base):\n"
                                        "    __tablename__ = 'a'\n")
    ws, _ = _run(tmp_path)
    assert ws.cache_hits == 0
    (tmp_path / "pyproject.toml").write_text("[tool.ormlens]\ndialects = ['sqlite']\n")
    ws, _ = _run(tmp_path)
    assert ws.cache_hits == 0


def test_a_moved_project_reports_its_new_paths(tmp_path: Path):
    write_project(tmp_path / "a", PROJECT)
    _run(tmp_path / "a")
    shutil.move(tmp_path / "a", tmp_path / "b")
    ws, results = _run(tmp_path / "b")
    assert ws.cache_hits == 4
    (views,) = [fs for fs in results.values() if fs]
    assert views[0].path == str((tmp_path / "b/views.py").resolve())


def test_a_damaged_cache_is_ignored(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    _, first = _run(tmp_path)
    cache = tmp_path / CACHE_DIR / CACHE_FILE
    data = json.loads(cache.read_text())
    entry = data["files"]["views.py"]
    entry["findings"][0]["severity"] = "catastrophic"
    data["files"]["other.py"]["findings"] = "not a list"
    cache.write_text(json.dumps(data))
    ws, second = _run(tmp_path)
    assert second == first and ws.cache_hits == 2
    cache.write_text("{not json")
    ws, third = _run(tmp_path)
    assert third == first and ws.cache_hits == 0


def test_no_cache_without_a_root_or_when_not_asked(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    ws = Workspace(tmp_path, rules=[HelperReader()])
    ws.index()
    ws.check_all(jobs=1)
    assert not (tmp_path / CACHE_DIR).exists()
    bare = Workspace(None, rules=[HelperReader()])
    bare.set_document(tmp_path / "views.py", PROJECT["views.py"])
    assert bare.check_all(cache=True) is not None and bare.cache_hits == 0


def test_facts_read_with_any_jobs_give_the_same_fingerprint(tmp_path: Path):
    files = {f"m{i}.py": PROJECT["models.py"] + f"class M{i}(Base):\n    __tablename__ = 'm{i}'\n"
             + "value = compute_something(1, 2)\n" * 800 for i in range(6)}
    write_project(tmp_path, {**PROJECT, **files})
    sequential = Workspace(tmp_path)
    sequential.index(jobs=1)
    parallel = Workspace(tmp_path)
    parallel.index(jobs=2)
    assert sequential._disk_cache().header == parallel._disk_cache().header
