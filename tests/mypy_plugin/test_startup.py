"""What mypy's process pays for the plugin before any file is checked: loading it imports none of
the checker (libcst, the index, the rules), and the warm-run state digest reads no project."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mypy_plugin.config import PluginConfig
from mypy_plugin.project import Project

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_plugin_imports_no_checker_and_a_warm_state_reads_no_project(tmp_path: Path) -> None:
    # mypy's process loads the plugin in every run; the checker (libcst, the index, the rules)
    # is imported only when a file is checked or indexed in that process
    (tmp_path / "app.py").write_text("import os\n", encoding="utf-8")
    code = ("import sys\n"
            "import mypy_plugin\n"
            "from mypy_plugin.config import PluginConfig\n"
            "from mypy_plugin.project import Project\n"
            f"project = Project(PluginConfig(root=__import__('pathlib').Path({str(tmp_path)!r})))\n"
            f"assert project.covers({str(tmp_path / 'app.py')!r})\n"
            "project.state_digest()\n"
            "print(sorted(m for m in sys.modules if m.startswith(('analysis.workspace', "
            "'analysis.index.builder', 'analysis.rules'))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_the_state_digest_lists_the_files_the_workspace_would(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "build").mkdir()      # excluded by default
    (tmp_path / "build" / "gen.py").write_text("y = 2\n", encoding="utf-8")
    project = Project(PluginConfig(root=tmp_path))
    assert sorted(project._stamps_once()) == sorted(project.workspace.discover())
