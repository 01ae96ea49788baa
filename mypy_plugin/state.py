"""The plugin's per-process state shared by the findings and incremental providers: the
configuration and the :class:`~mypy_plugin.project.Project`, made on first use.

A configuration error stops mypy with a message naming the file and key (exit status 2, as mypy
does for its own bad options): a CI gate must not silently check with other settings than the
ones written.
"""
from __future__ import annotations

import sys
from typing import Any, Optional

from analysis.config import ConfigError

from .config import PluginConfig
from .project import Project

_KEY = "project"


def project_of(plugin: Any) -> Optional[Project]:
    """The plugin's Project (made on first call from ``plugin.options``)."""
    project = plugin.state.get(_KEY)
    if project is None:
        try:
            config = PluginConfig.from_mypy_options(plugin.options)
        except ConfigError as exc:
            sys.stderr.write(f"mypy_plugin (ormlens): configuration error: {exc}\n")
            sys.stderr.flush()
            raise SystemExit(2) from exc
        project = plugin.state[_KEY] = Project(config)
    return project


__all__ = ["project_of"]
