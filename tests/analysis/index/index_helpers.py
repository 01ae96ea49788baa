"""Write a small project under tmp_path and index it (one helper for the index tests)."""
from __future__ import annotations

import textwrap
from pathlib import Path

from analysis.index.model import ProjectIndex
from analysis.workspace import Workspace


def write_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def index_project(root: Path, files: dict[str, str]) -> ProjectIndex:
    ws = Workspace(write_project(root, files))
    ws.index()
    return ws.project
