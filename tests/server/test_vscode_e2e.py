"""The packaged extension in a real VS Code (code-server, headless Chromium): hover SQL, N+1 fix.

Runs vscode-extension/e2e/run-e2e.sh, which installs code-server from the npm registry into
$ORMLENS_CODE_SERVER_HOME (default ~/.cache/ormlens/code-server) the first time, packages the
.vsix, opens e2e/sample, hovers a query and applies the N+1 quick fix.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parents[2] / "vscode-extension" / "e2e" / "run-e2e.sh"


def _node_major() -> int | None:
    if shutil.which("node") is None:
        return None
    done = subprocess.run(["node", "-v"], capture_output=True, text=True)
    return int(done.stdout.strip().lstrip("v").split(".")[0]) if done.returncode == 0 else None


def _skip_reason() -> str | None:
    if shutil.which("npm") is None or _node_major() != 20:
        return "code-server 4.100 needs Node.js 20 and npm (not found): the VS Code e2e cannot run"
    if shutil.which("chromium") is None:
        return "chromium is not installed (apt-get install chromium): the VS Code e2e cannot run"
    return None


@pytest.mark.slow
@pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))
def test_extension_in_code_server(tmp_path: Path) -> None:
    home = os.environ.get("ORMLENS_CODE_SERVER_HOME",
                          str(Path.home() / ".cache" / "ormlens" / "code-server"))
    env = {**os.environ, "CS_HOME": home, "SHOT_DIR": str(tmp_path),
           "ORMLENS_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(E2E)], env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, f"{done.stdout[-6000:]}\n{done.stderr[-4000:]}"
    assert "PASS" in done.stdout
    assert "SELECT posts.title" in done.stdout          # the hover text it read
    for shot in ("hover.png", "diagnostic.png", "quickfix.png"):
        assert (tmp_path / shot).stat().st_size > 10_000, shot
