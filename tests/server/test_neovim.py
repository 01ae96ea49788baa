"""A second real client: headless Neovim's built-in LSP client against `python -m server`."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lsp_harness import BLOG, position_of, write_project

SCRIPT = Path(__file__).with_name("nvim_client.lua")
NVIM = shutil.which("nvim")

VIEW = textwrap.dedent(BLOG["blog/views.py"]) + """
def unfinished(session: Session):
    return session.get(User, 1).name +
"""


@pytest.mark.slow
@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (Debian package `neovim`): the "
                    "Neovim client test cannot run")
def test_neovim_gets_diagnostics_and_a_hover(tmp_path: Path) -> None:
    files = write_project(tmp_path, {**BLOG, "blog/views.py": VIEW})
    views = files["blog/views.py"]
    text = views.read_text()
    hover_at = position_of(text, "User.name", 6)
    out = tmp_path / "nvim-result.json"
    env = {**os.environ, "ORMLENS_PYTHON": sys.executable, "ORMLENS_ROOT": str(tmp_path),
           "ORMLENS_FILE": str(views), "ORMLENS_OUT": str(out),
           "ORMLENS_HOVER_LINE": str(hover_at.line), "ORMLENS_HOVER_COL": str(hover_at.character),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([NVIM, "--headless", "--clean", "-n", "-i", "NONE",
                           "-c", f"luafile {SCRIPT}"], env=env, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert out.exists(), f"nvim wrote no result (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
    result = json.loads(out.read_text())
    assert "error" not in result, result["error"]
    assert result["initialized"] and result["got_diagnostics"], result
    (diag,) = result["diagnostics"]
    assert diag["source"] == "ormlens" and diag["code"] == "ORM000"
    assert diag["lnum"] == text.count("\n", 0, text.index("name +"))
    assert result["hover"].startswith("**User.name**: column `users.name`"), result
