"""The plugin's per-process state shared by the findings and incremental providers: the
configuration and the :class:`~mypy_plugin.project.Project`, made on first use.

A configuration error stops mypy with a message naming the file and key (exit status 2, as mypy
does for its own bad options): a CI gate must not silently check with other settings than the
ones written.
"""
from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable, Optional, TypeVar

from analysis.config import ConfigError

from .config import PluginConfig
from .project import Project

_KEY = "project"
_F = TypeVar("_F", bound=Callable[..., Any])


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
        project = plugin.state[_KEY] = Project(config, plugin.options)
    return project


def shielded(fallback: Any) -> Callable[[_F], _F]:
    """For the whole-module hooks the router calls unguarded (``get_additional_deps``,
    ``report_config_data``): a bug of ours gives ``fallback`` instead of crashing mypy (tests set
    ``ORMLENS_MYPY_RAISE=1`` to see it).  A configuration error still stops mypy on purpose."""
    def wrap(function: _F) -> _F:
        @functools.wraps(function)
        def run(*args: Any) -> Any:
            try:
                return function(*args)
            except Exception:
                if os.environ.get("ORMLENS_MYPY_RAISE") == "1":
                    raise
                return fallback
        return run  # type: ignore[return-value]
    return wrap


__all__ = ["project_of", "shielded"]
