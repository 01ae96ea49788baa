"""The dependency direction of DESIGN.md: orm <- analysis <- server / mypy_plugin.

Checked on the source (every import statement of every module), so a violation is caught even in a
module no test imports.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package -> top-level names it must never import
FORBIDDEN = {
    "orm": {"analysis", "server", "mypy_plugin", "sqlalchemy", "pygls", "lsprotocol", "mypy", "libcst"},
    "analysis": {"server", "mypy_plugin", "pygls", "lsprotocol", "mypy", "sqlalchemy"},
    "server": {"mypy_plugin", "mypy", "sqlalchemy"},
    "mypy_plugin": {"server", "pygls", "lsprotocol", "sqlalchemy"},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name.split(".")[0]) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_follow_the_dependency_direction(package: str) -> None:
    modules = _modules(package)
    assert modules, f"package {package} has no modules"
    violations = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in modules
        for line, name in _imports(path)
        if name in FORBIDDEN[package]
    ]
    assert violations == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom server import handlers\n", encoding="utf-8")
    assert _imports(bad) == [(1, "os"), (2, "server")]
