"""ormlens analysis: the static checker (see DESIGN.md).

The main entry points, importable from here (loaded on first use, so ``import analysis.findings``
stays light for the front-ends)::

    from analysis import Workspace, Config, Finding
    ws = Workspace("/path/to/project")
    ws.index()
    for path, findings in ws.check_all().items(): ...
"""
from __future__ import annotations

from typing import Any

def _load(module: str) -> Any:
    # static imports (no importlib): the safety scan can see every module analysis loads
    if module == "workspace":
        from analysis import workspace as loaded
    elif module == "config":
        from analysis import config as loaded
    elif module == "findings":
        from analysis import findings as loaded
    elif module == "model":
        from analysis.index import model as loaded
    else:
        from analysis.index import parse as loaded
    return loaded


_LAZY = {
    "Workspace": "workspace", "Config": "config", "ConfigError": "config",
    "Finding": "findings", "Fix": "findings", "Position": "findings", "Range": "findings",
    "TextEdit": "findings", "ProjectIndex": "model", "ModelInfo": "model", "ModuleInfo": "parse",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(_load(module), name)
    globals()[name] = value
    return value


__all__ = sorted(_LAZY)
