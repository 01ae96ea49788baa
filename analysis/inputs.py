"""What a file's findings depend on besides its own text, for front-ends that keep findings in a
cache of their own (the mypy plugin keeps them in mypy's incremental cache).

A file's findings are a function of its text, the text of the modules the rules read while
checking it (``Workspace.check_with_reads``), the model index, the configuration and the checker
itself.  This module turns the model index into one digest that ignores positions: moving a
model down a file (an edit above it) changes no other file's findings, so it must not make a
cache throw them away.

Example::

    findings, reads = ws.check_with_reads("app/views.py")
    key = (model_fingerprint(ws.project), reads_fingerprint(ws, reads), ws.config.fingerprint())
    # ... a later run: same key (and same text of app/views.py) -> same findings
"""
from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING, Any, Collection, Mapping, Optional

from analysis.findings import Range

if TYPE_CHECKING:
    from analysis.index.model import ProjectIndex
    from analysis.workspace import Workspace

# fields that locate a fact rather than describe it
_POSITION_FIELDS = frozenset({"range"})


def _plain(value: Any) -> Any:
    """``value`` as nested tuples of plain values, without positions, in a stable order."""
    if isinstance(value, Range):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple(
            (f.name, _plain(getattr(value, f.name))) for f in dataclasses.fields(value)
            if f.compare and f.name not in _POSITION_FIELDS)
    if isinstance(value, Mapping):
        return tuple(sorted(((repr(k), _plain(v)) for k, v in value.items()), key=lambda kv: kv[0]))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(_plain(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def model_fingerprint(project: "ProjectIndex", paths: Optional[Collection[str]] = None) -> str:
    """A digest of every mapped class, table, abstract base, declarative base and Flask-SQLAlchemy
    object of ``project``: what rules read from other files.  Positions are left out.  With
    ``paths``: only the classes and tables those files define.

    Example: renaming a column, changing ``lazy=`` or adding a relationship changes it; inserting
    a blank line above a model does not.
    """
    def kept(facts: Mapping[str, Any]) -> dict[str, Any]:
        if paths is None:
            return dict(facts)
        return {k: v for k, v in facts.items() if getattr(v, "path", None) in paths}

    parts = (_plain(kept(project.models)), _plain(kept(project.tables)),
             _plain(kept(project.abstract)),
             _plain(project.bases) if paths is None else None,
             _plain(project.flask_dbs) if paths is None else None)
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def reads_fingerprint(ws: "Workspace", reads: Mapping[str, str]) -> str:
    """A digest of the *current* text hashes of the files in ``reads`` (path -> hash when read).

    Equal to ``reads_fingerprint`` taken right after the check as long as none of those files
    changed; a file that disappeared counts as changed.
    """
    current = sorted((path, ws.content_hash_of(path) or "-") for path in reads)
    return hashlib.blake2b(repr(current).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


__all__ = ["model_fingerprint", "reads_fingerprint"]
