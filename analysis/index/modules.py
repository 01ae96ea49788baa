"""Module names from file paths, and absolute targets of (relative) imports.

A file inside a package (directories with ``__init__.py``) is named from the topmost package
directory: ``src/app/models/user.py`` -> ``app.models.user`` when ``src`` has no ``__init__.py``.
A file in a plain directory is named from the workspace root (``scripts/tool.py`` ->
``scripts.tool``, as a namespace package would be); imports that do not resolve that way are
then looked up next to the importing file (the script directory is on ``sys.path``) and finally by
a unique dotted suffix (see :func:`resolve_module`).

Example::

    module_name_for(Path("/w/src/app/models.py"), Path("/w"))    # ("app.models", False)
    absolute_import("app.models.user", False, level=1, module="base")   # "app.models.base"
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional


@lru_cache(maxsize=4096)
def _is_package_dir(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "__init__.py"))


def clear_package_cache() -> None:
    """Forget which directories are packages (after files were created or deleted)."""
    _is_package_dir.cache_clear()


def module_name_for(path: Path, root: Optional[Path]) -> tuple[str, bool]:
    """``(dotted module name, is_package)`` of the file ``path`` (``__init__.py`` -> package)."""
    path = Path(os.path.abspath(path))
    is_package = path.name == "__init__.py"
    parts: list[str] = [] if is_package else [path.stem]
    directory = path.parent
    in_package = False
    while _is_package_dir(str(directory)):
        in_package = True
        parts.append(directory.name)
        if directory.parent == directory:
            break
        directory = directory.parent
    if not in_package and root is not None:
        # a plain directory: name it from the workspace root, when the file is under it
        try:
            rel = directory.relative_to(Path(os.path.abspath(root)))
        except ValueError:
            rel = None
        if rel is not None and str(rel) != ".":
            parts.extend(reversed(rel.parts))
    if not parts:
        parts = [path.parent.name or "module"]
    # each directory or file name is one part: a dot or dash in it (`.github/`, `v1.2/`,
    # `custom-queries/`) would make an empty or extra part that no import can name
    name = ".".join(p.replace("-", "_").replace(".", "_") or "_" for p in reversed(parts))
    return name, is_package


def absolute_import(module_name: str, is_package: bool, level: int, module: Optional[str]) -> str:
    """The absolute module a ``from {'.' * level}{module} import ...`` in ``module_name`` means."""
    if level == 0:
        return module or ""
    package_parts = module_name.split(".") if is_package else module_name.split(".")[:-1]
    cut = level - 1
    if cut > 0:
        package_parts = package_parts[:-cut] if cut <= len(package_parts) else []
    base = ".".join(package_parts)
    if module:
        return f"{base}.{module}" if base else module
    return base


class ModuleTable:
    """The modules of a workspace: name <-> path, and the fallbacks imports need.

    Example::

        table = ModuleTable({"app.models": "/w/app/models.py"})
        table.resolve("models", importer="app.views")   # "app.models" (sibling of the importer)
    """

    def __init__(self, names_to_paths: dict[str, str] | None = None) -> None:
        self.paths: dict[str, str] = dict(names_to_paths or {})
        self._by_suffix: dict[str, list[str]] = {}
        for name in self.paths:
            self._add_suffixes(name)

    def _add_suffixes(self, name: str) -> None:
        parts = name.split(".")
        for i in range(1, len(parts)):
            self._by_suffix.setdefault(".".join(parts[i:]), []).append(name)

    def add(self, name: str, path: str) -> None:
        if name not in self.paths:
            self._add_suffixes(name)
        self.paths[name] = path

    def remove(self, name: str) -> None:
        if self.paths.pop(name, None) is not None:
            parts = name.split(".")
            for i in range(1, len(parts)):
                lst = self._by_suffix.get(".".join(parts[i:]))
                if lst and name in lst:
                    lst.remove(name)

    def __contains__(self, name: str) -> bool:
        return name in self.paths

    def names(self) -> Iterable[str]:
        return self.paths.keys()

    def resolve(self, target: str, importer: Optional[str] = None) -> Optional[str]:
        """The workspace module that an absolute import of ``target`` reaches, or None.

        Tried in order: the exact name; a sibling of the importing module (script-style
        ``from models import User`` next to ``models.py``); a unique module whose name ends with
        ``.target``; of several such, the one sharing the longest package prefix with the
        importer (one tree holding several apps).
        """
        if target in self.paths:
            return target
        if importer:
            package = importer.rpartition(".")[0]
            while package:
                candidate = f"{package}.{target}"
                if candidate in self.paths:
                    return candidate
                # only the importer's own directory is on sys.path for scripts
                break
        found = self._by_suffix.get(target, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1 and importer:
            # several services or example apps in one tree, each with its own `database`
            # package: the one nearest the importer (longest shared package prefix)
            parts = importer.split(".")

            def shared(name: str) -> int:
                count = 0
                for a, b in zip(parts, name.split(".")):
                    if a != b:
                        break
                    count += 1
                return count

            best = max(shared(name) for name in found)
            nearest = [name for name in found if shared(name) == best]
            if best > 0 and len(nearest) == 1:
                return nearest[0]
        return None


__all__ = ["ModuleTable", "absolute_import", "clear_package_cache", "module_name_for"]
