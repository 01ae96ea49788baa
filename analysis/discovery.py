"""Which files a project is: the ``.py`` files under its roots, and the file an import reaches.

The workspace reads no file it was not given or led to: a whole-project run walks the root
(skipping the configured exclusions); a check of a few files follows their imports to the
project modules they reach (their models, helpers), so one file of a big project can be
checked without reading all of it.  Only names are looked at here: nothing is read or parsed.

Example::

    discover([Path("app")], root, config)                  # ['/repo/app/models.py', ...]
    module_file("app.models", "app.views", False, "/repo/app/views.py", root)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Sequence

from analysis.config import Config

# imports of these never reach a project file
_LIBRARIES = ("orm", "sqlalchemy", "flask_sqlalchemy")


def discover(paths: Sequence[str | Path], root: Optional[Path], config: Config) -> list[str]:
    """The ``.py`` files under ``paths`` (files are taken as given), excluded directories and
    files skipped; exclusions are relative to ``root`` when a path is under it."""
    out: list[str] = []
    for start in (Path(p) for p in paths):
        start = Path(os.path.abspath(start))
        if start.is_file():
            out.append(str(start))
            continue
        if not start.is_dir():
            raise FileNotFoundError(f"no such file or directory: {start}")
        base = root if root and is_under(start, root) else start
        for directory, dirnames, filenames in os.walk(start):
            rel_dir = os.path.relpath(directory, base).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir + "/"
            dirnames[:] = sorted(d for d in dirnames if not config.excluded(rel_dir + d))
            for name in sorted(filenames):
                if name.endswith(".py") and not config.excluded(rel_dir + name):
                    out.append(os.path.join(directory, name))
    return out


def module_file(target: str, module_name: str, is_package: bool, path: str,
                root: Optional[Path]) -> Optional[str]:
    """The file of the project module an import of ``target`` reaches (longest prefix), from
    the module ``module_name`` at ``path``; None for libraries and modules not found."""
    parts = target.split(".")
    if parts[0] in _LIBRARIES:
        return None
    depth = module_name.count(".") + (0 if is_package else 1)
    base = Path(path).parent
    for _ in range(max(depth - 1, 0)):
        base = base.parent
    # the importer's package root, its own directory (scripts), the workspace root
    bases = list(dict.fromkeys([base, Path(path).parent] + ([root] if root else [])))
    for cut in range(len(parts), 0, -1):
        rel = Path(*parts[:cut])
        for directory in bases:
            for candidate in (directory / rel.with_suffix(".py"), directory / rel / "__init__.py"):
                if candidate.is_file():
                    return os.path.abspath(os.fspath(candidate))
    return None


def is_under(path: Path, root: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(root)
        return True
    except ValueError:
        return False


__all__ = ["discover", "is_under", "module_file"]
