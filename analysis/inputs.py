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


_FIELDS: dict[type, tuple[str, ...]] = {}
_SCALARS = (str, int, float, bool, type(None))


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)
                                     if f.compare and f.name not in _POSITION_FIELDS)
    return names


def _plain(value: Any) -> Any:
    """``value`` as nested tuples of plain values, without positions, in a stable order (sets
    sorted: their iteration order changes from one process to the next)."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, Range):
        return None
    cls = type(value)
    if dataclasses.is_dataclass(cls):
        return (cls.__name__, *[_plain(getattr(value, name)) for name in _fields(cls)])
    if isinstance(value, Mapping):
        return tuple(sorted((repr(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(_plain(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple([_plain(v) for v in value])
    return value


def model_fingerprint(project: "ProjectIndex", paths: Optional[Collection[str]] = None) -> str:
    """A digest of every mapped class, table, abstract base, declarative base and Flask-SQLAlchemy
    object of ``project``: what rules read from other files.  Positions are left out.  With
    ``paths``: only the classes and tables those files define.

    Example: renaming a column, changing ``lazy=`` or adding a relationship changes it; inserting
    a blank line above a model does not.  Computed once per model index (it is asked per file).
    """
    per_path, shared = _digests(project)
    chosen = sorted(per_path.items()) if paths is None else \
        sorted((p, per_path.get(p, "")) for p in paths)
    parts = (chosen, shared if paths is None else None)
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


# id(project) -> (project, {path: digest of its facts}, digest of the project-wide facts); the
# project itself is kept so that the id cannot be reused by another object while cached
_DIGESTS: dict[int, tuple["ProjectIndex", dict[str, str], str]] = {}


def _digests(project: "ProjectIndex") -> tuple[dict[str, str], str]:
    cached = _DIGESTS.get(id(project))
    if cached is not None and cached[0] is project:
        return cached[1], cached[2]
    grouped: dict[str, list[Any]] = {}
    for kind, facts in (("model", project.models), ("table", project.tables),
                        ("abstract", project.abstract)):
        for name, fact in sorted(facts.items()):
            grouped.setdefault(getattr(fact, "path", "") or "", []).append((kind, name, _plain(fact)))
    per_path = {path: hashlib.blake2b(repr(items).encode("utf-8", "surrogatepass"),
                                      digest_size=16).hexdigest()
                for path, items in grouped.items()}
    shared = repr((_plain(project.bases), _plain(project.flask_dbs)))
    _DIGESTS.clear()        # one model index at a time (the workspace's current one)
    _DIGESTS[id(project)] = (project, per_path, shared)
    return per_path, shared


def reads_fingerprint(ws: "Workspace", reads: Mapping[str, str]) -> str:
    """A digest of the *current* text hashes of the files in ``reads`` (path -> hash when read).

    Equal to ``reads_fingerprint`` taken right after the check as long as none of those files
    changed; a file that disappeared counts as changed.
    """
    current = sorted((path, ws.content_hash_of(path) or "-") for path in reads)
    return hashlib.blake2b(repr(current).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


__all__ = ["model_fingerprint", "reads_fingerprint"]
