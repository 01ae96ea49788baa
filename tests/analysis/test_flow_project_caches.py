"""The per-index caches of analysis/flow/project.py answer for the index they were built from.

They are keyed by ``id(index)``; a long-lived process (the language server, dmypy) builds many
indexes, and a new one can get the id of one already freed.  A cached answer must then be
rebuilt, not reused: a stale hint pattern would not know the new index's relationships (and
the checker would skip the functions that read them).
"""
from __future__ import annotations

import re
import weakref

from analysis.flow import project as flow_project
from analysis.index.model import ProjectIndex


class _Freed:
    """Stands for an index that was freed (its weak reference still resolves to something else)."""


def test_hint_pattern_is_rebuilt_for_an_index_that_reuses_a_freed_ones_id() -> None:
    index = ProjectIndex()
    other = _Freed()
    stale = re.compile(r"\bnothing_at_all\b")
    flow_project._HINTS[id(index)] = (weakref.ref(other), stale)
    try:
        pattern = flow_project._hint_pattern(index)
        assert pattern is not stale
        assert pattern.search("session.execute(stmt)")
        assert flow_project._hint_pattern(index) is pattern    # and kept for this index
    finally:
        flow_project._HINTS.pop(id(index), None)


def test_module_prefixes_are_rebuilt_for_an_index_that_reuses_a_freed_ones_id() -> None:
    index = ProjectIndex()
    index.module_paths["app.models"] = "app/models.py"
    other = _Freed()
    flow_project._PREFIXES[id(index)] = (weakref.ref(other), frozenset({"stale"}))
    try:
        assert flow_project._module_prefixes(index) == frozenset({"app", "app.models"})
    finally:
        flow_project._PREFIXES.pop(id(index), None)
