"""Typing of mapped classes (the provider ``PROVIDERS`` routes model hooks to).

Filled in by the modules of this package; see ``mypy_plugin/plugin.py`` for the provider protocol.
"""
from __future__ import annotations
