"""The checker reads code, never runs it.

1. A workspace whose modules write files, raise, call ``sys.exit``/``os._exit`` or loop forever at
   import time is indexed and checked (sequentially and with the process pool): none of it
   happens, and none of its modules appears in ``sys.modules``.
2. No module under ``analysis/`` can import or execute user code: no ``exec``/``eval``/
   ``compile``/``__import__``/``runpy``/``sys.path`` edits, and ``importlib`` only in the rule
   registry, only for names under ``analysis.rules``.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from index_helpers import write_project

from analysis.workspace import Workspace

ROOT = Path(__file__).resolve().parents[3]
ANALYSIS = ROOT / "analysis"


def _hostile_project(root: Path) -> Path:
    marker = root / "MARKER"
    effect = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    write_project(root, {
        "hostile_pkg_q7/__init__.py": effect + "import sys\nsys.exit(3)\n",
        "hostile_pkg_q7/models.py": effect + """
from sqlalchemy import Column, Integer, ForeignKey
from sqlalchemy.orm import declarative_base, relationship
import os
Base = declarative_base()
os._exit(7)
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    posts = relationship("Post", backref="author")
class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
""",
        "hostile_pkg_q7/views.py": effect + """
from .models import User
raise RuntimeError("imported!")
def names(session):
    return [u.posts for u in session.query(User).all()]
""",
        "hostile_pkg_q7/forever.py": effect + "while True:\n    pass\n",
        "hostile_pkg_q7/conftest.py": effect,
        "setup.py": effect + "raise SystemExit(1)\n",
        # enough lines that check_all(jobs=2) really uses the process pool
        "hostile_pkg_q7/big.py": effect + "total_value = compute_total(items, 2)\n" * 5000,
    })
    return marker


@pytest.mark.parametrize("jobs", [1, 2])
def test_indexing_and_checking_run_none_of_the_code(tmp_path: Path, jobs: int):
    marker = _hostile_project(tmp_path)
    ws = Workspace(tmp_path)
    assert ws.index(jobs=jobs) == 7
    assert "hostile_pkg_q7.models.User" in ws.project.models
    assert ws.project.models["hostile_pkg_q7.models.Post"].relationships["author"].direction == \
        "MANYTOONE"
    results = ws.check_all(jobs=jobs)
    assert ws.last_run_parallel == (jobs == 2)
    assert len(results) == 7
    ws.module(tmp_path / "hostile_pkg_q7/views.py")
    assert not marker.exists(), marker.read_text()
    assert not [name for name in sys.modules if "hostile_pkg_q7" in name]


def _calls_and_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            yield node, node.func.id
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node, "import " + alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node, "import " + node.module
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and \
                isinstance(node.value.value, ast.Name) and node.value.value.id == "sys" and \
                node.value.attr == "path":
            yield node, "sys.path." + node.attr


REVIEWED_IMPORTLIB = {"analysis/rules/__init__.py", "analysis/reconstruct/api.py"}
FORBIDDEN_CALLS = {"exec", "eval", "compile", "__import__", "execfile"}
FORBIDDEN_IMPORTS = {"import runpy", "import imp", "import importlib.machinery",
                     "import importlib.util", "import code", "import codeop"}


def test_no_module_of_the_checker_can_run_user_code():
    modules = sorted(ANALYSIS.rglob("*.py"))
    assert len(modules) > 10
    problems = []
    importlib_users = []
    for path in modules:
        rel = path.relative_to(ROOT)
        for node, what in _calls_and_imports(path):
            if what in FORBIDDEN_CALLS or what in FORBIDDEN_IMPORTS or \
                    what.startswith("sys.path."):
                problems.append(f"{rel}:{node.lineno} {what}")
            if what == "import importlib":
                importlib_users.append(rel.as_posix())
    assert problems == []
    # importlib only where reviewed: the rule registry (analysis.rules.<name>, checked below) and
    # the reconstruction's whitelist of orm constructors (module names from its own tables)
    assert set(importlib_users) <= REVIEWED_IMPORTLIB, importlib_users
    registry = ast.parse((ANALYSIS / "rules/__init__.py").read_text())
    loads = [n for n in ast.walk(registry) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute) and n.func.attr == "import_module"]
    assert len(loads) == 1
    arg = loads[0].args[0]
    assert isinstance(arg, ast.JoinedStr)
    first = arg.values[0]
    assert isinstance(first, ast.FormattedValue) and isinstance(first.value, ast.Name) and \
        first.value.id == "__name__"
    assert isinstance(arg.values[1], ast.Constant) and arg.values[1].value == "."


def test_the_scan_catches_a_violation(tmp_path: Path):
    bad = tmp_path / "bad.py"
    bad.write_text("import runpy\nexec('1')\nsys.path.insert(0, 'x')\n")
    found = [what for _node, what in _calls_and_imports(bad)]
    assert found == ["import runpy", "exec", "sys.path.insert"]
