"""A second real client: headless Neovim's built-in LSP client against `python -m server`."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lsp_harness import BLOG, position_of, write_project

SCRIPT = Path(__file__).with_name("nvim_client.lua")
NVIM = shutil.which("nvim")



@pytest.mark.slow
@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (Debian package `neovim`): the "
                    "Neovim client test cannot run")
def test_neovim_gets_diagnostics_and_a_hover(tmp_path: Path) -> None:
    files = write_project(tmp_path, BLOG)
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
    (diag,) = result["diagnostics"]   # the N+1 of the loop over users
    n_plus_one = position_of(text, "user.posts")
    assert diag["source"] == "ormlens" and diag["code"] == "ORM101"
    assert (diag["lnum"], diag["col"]) == (n_plus_one.line, n_plus_one.character)
    # the hover: the column's facts, then the statement's SQL for the configured dialects
    assert result["hover"].startswith("**User.name**: column `users.name`"), result
    assert "**sqlite**\n```sql\nSELECT users.id, users.name, users.email" in result["hover"]
    assert "**postgresql**" in result["hover"] and "**mysql**" not in result["hover"]
