"""The cheap pre-filter: could any ORM rule find something in a module's text?

Most modules of a project (utilities, CLI glue, tests of other things) never touch the ORM.
Scanning the text for ORM words and the project's mapped names costs microseconds; parsing and
running the rules costs milliseconds.  Rules that declare ``requires_orm_text`` are skipped on
modules this filter rejects (the workspace, the mypy plugin and the parallel checker ask it).

Example::

    mentions_orm("def add(a, b):\\n    return a + b\\n")          # False
    mentions_orm("from sqlalchemy import select\\n")               # True
    mentions_orm("for u in users: u.posts", project)               # True: a relationship name
"""
from __future__ import annotations

import re
from typing import Optional

from analysis.index.model import ProjectIndex

# words that any ORM rule's finding needs somewhere in the module (see mentions_orm), matched
# against the set of the module's names: a regex alternation scanned over every module (and one
# of every mapped class name of the project) cost several times the whole test
_ORM_NAMES = frozenset({"query", "scalar", "scalars", "relationship", "Column", "mapped_column",
                        "Mapped", "filter_by", "engine", "exec_driver_sql"})
_ORM_CALLS = frozenset({"select", "execute", "text", "insert", "update", "delete"})
_WORD = re.compile(r"[A-Za-z_]\w*")
_CALLED = re.compile(r"\b(?:select|execute|text|insert|update|delete)\s*\(")
_ORM_IMPORT = re.compile(r"\b(?:from|import)\s+orm\b")
_DB_DOT = re.compile(r"\bdb\.")
_AFTER_DOT = re.compile(r"\.([A-Za-z_]\w*)")


def mentions_orm(text: str, project: Optional[ProjectIndex] = None) -> bool:
    """Cheap pre-filter: could any ORM rule find something in this module?

    True when the text mentions an ORM word (``session``, ``select``, ``sqlalchemy``, ...), a mapped
    class name, or a relationship / deferred column name as an attribute (``.posts``).  Files
    without any of these (utilities, CLI glue, tests of other things) skip the rules that declare
    ``requires_orm_text``.
    """
    if "sqlalchemy" in text:
        return True
    words = set(_WORD.findall(text))
    if not words.isdisjoint(_ORM_NAMES) or \
            any(word.endswith(("session", "Session")) for word in words):
        return True
    if not words.isdisjoint(_ORM_CALLS) and _CALLED.search(text):
        return True
    if "orm" in words and _ORM_IMPORT.search(text):
        return True
    if "db" in words and _DB_DOT.search(text):
        return True
    if project is None:
        return False
    names, attributes = _project_names(project)
    if not words.isdisjoint(names):
        return True
    return not words.isdisjoint(attributes) and \
        not attributes.isdisjoint(_AFTER_DOT.findall(text))


_NAMES: dict[int, tuple] = {}


def _project_names(project: ProjectIndex) -> tuple[frozenset, frozenset]:
    """(mapped class and table variable names, relationship and deferred column names)."""
    key = id(project)
    found = _NAMES.get(key)
    if found is None or found[0] is not project:
        names = {m.name for m in project.models.values()}
        names.update(t.qualname_of_variable.rsplit(".", 1)[-1] for t in project.tables.values()
                     if t.qualname_of_variable)
        attrs = set()
        for model in project.models.values():
            attrs.update(model.relationships)
            attrs.update(k for k, c in model.columns.items() if c.deferred)
        _NAMES.clear()
        found = _NAMES[key] = (project, (frozenset(names), frozenset(attrs)))
    return found[1]


__all__ = ["mentions_orm"]
