"""ormlens' mypy plugin: typing of ORM models and queries, and ormlens findings as mypy errors.

Enable it in the mypy configuration (mypy.ini / setup.cfg ``[mypy]``, or pyproject.toml)::

    [tool.mypy]
    plugins = ["mypy_plugin"]

It understands code written against ``orm`` and against SQLAlchemy 2.x (``sqlalchemy``).
The plugin only translates: the ORM facts come from the models' source as mypy sees it, the
findings from ``analysis``. See ``plugin.py`` for how the hooks are routed.
"""
from __future__ import annotations

from mypy.plugin import Plugin

# Imported before ``plugin`` is defined below: importing the submodule ``mypy_plugin.plugin`` sets
# the package attribute ``plugin`` to the module, and the function must be what mypy finds there.
from .plugin import OrmlensPlugin


def plugin(version: str) -> type[Plugin]:
    """The entry point mypy calls with its version string; returns the plugin class."""
    return OrmlensPlugin
