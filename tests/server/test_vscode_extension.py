"""The VS Code extension builds from a clean tree and its configuration tests pass (npm)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "vscode-extension"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed: cannot build the "
                    "VS Code extension (install Node.js 20 and npm)")
def test_extension_installs_builds_and_passes_its_unit_tests(tmp_path: Path) -> None:
    # a clean copy, as a fresh clone has it (and no race with a build in the working tree)
    clean = tmp_path / "vscode-extension"
    shutil.copytree(EXTENSION, clean, ignore=shutil.ignore_patterns(
        "node_modules", "dist", "out", "*.vsix", "e2e", "images"))
    for step in (["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "build"], ["npm", "test"]):
        done = subprocess.run(step, cwd=clean, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{' '.join(step)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    bundle = clean / "dist" / "extension.js"
    assert bundle.stat().st_size > 10_000
    # the bundle carries vscode-languageclient; only `vscode` is left to the host
    text = bundle.read_text(encoding="utf-8")
    assert 'require("vscode")' in text and 'require("vscode-languageclient' not in text
    passed = re.search(r"^# pass (\d+)$", done.stdout, re.M)
    assert passed and int(passed.group(1)) >= 10 and "\n# fail 0\n" in done.stdout
