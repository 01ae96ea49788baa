"""Facts about mapped classes the query rules need beyond the model index.

Not a rule.  :func:`model_is_complete` says whether the index can know every attribute and column
of a class (not when it is reflected, automapped, or derives from a class outside the project);
:func:`runtime_attributes` the attributes a class's methods set on it; :func:`fk_targets` the
tables a mapped class's foreign keys point at.  (Which ``__init__`` a constructor call runs is
the index's: ``ModelInfo.constructor``.)

Example::

    model_is_complete(index.models["app.models.User"], index)       # True
    fk_targets(index.models["app.models.Post"], index)              # {"users"}
"""
from __future__ import annotations

import ast
import os
import threading
from typing import TYPE_CHECKING, Optional

from analysis.index.model import ModelInfo, ProjectIndex
from analysis.index.syntax import parse_python
from analysis.sqlcheck.schema import model_is_complete

if TYPE_CHECKING:
    from analysis.rules.base import RuleContext

_ASSIGNED: dict[tuple, dict[str, Optional[set[str]]]] = {}
_FACTS_LOCK = threading.Lock()


def constraint_fks(model: ModelInfo) -> bool:
    """True when the tables of ``model`` declare foreign-key constraints the index could not
    read (so its foreign keys are not all known)."""
    return any(each.unread_foreign_keys for each in model.ancestors())


def _module_text(ctx: "RuleContext", module: str) -> Optional[tuple[tuple, str]]:
    """``(cache key, source)`` of a project module (the module being checked: its own text)."""
    if module == ctx.module.module_name:
        return ("current", ctx.module.path, ctx.module.content_hash, module), ctx.module.source
    path = ctx.project.module_paths.get(module)
    if not path:
        return None
    try:
        stat = os.stat(path)
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    return (path, stat.st_mtime_ns, stat.st_size, module), text


def _class_assignments(ctx: "RuleContext", module: str) -> dict[str, Optional[set[str]]]:
    """Per class of ``module``: the attributes its methods assign on the class
    (``cls.total = column_property(...)`` in ``__declare_last__``); None when a method sets
    attributes it names at runtime (``setattr(cls, name, ...)``)."""
    found = _module_text(ctx, module)
    if found is None:
        return {}
    key, text = found
    key = ("assignments", *key)
    with _FACTS_LOCK:
        cached = _ASSIGNED.get(key)
    if cached is not None:
        return cached
    out: dict[str, Optional[set[str]]] = {}
    try:
        tree = parse_python(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    for node in tree.body if tree is not None else ():
        if isinstance(node, ast.ClassDef):
            out[node.name] = _assigned_in(node)
    with _FACTS_LOCK:
        if len(_ASSIGNED) > 256:
            _ASSIGNED.clear()
        _ASSIGNED[key] = out
    return out


def _assigned_in(cls: ast.ClassDef) -> Optional[set[str]]:
    names: set[str] = set()
    owners = {"cls", cls.name}
    for method in cls.body:
        if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(method):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = list(node.targets)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                targets = [node.target]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id == "setattr" and node.args and \
                    isinstance(node.args[0], ast.Name) and node.args[0].id in owners:
                if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and \
                        isinstance(node.args[1].value, str):
                    names.add(node.args[1].value)
                else:
                    return None
            for target in targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id in owners:
                    names.add(target.attr)
    return names


def runtime_attributes(ctx: "RuleContext", model: ModelInfo) -> Optional[set[str]]:
    """Attributes the methods of ``model``, its parents and its project bases add to the class
    at runtime; None when some are named only at runtime (``setattr(cls, name, ...)``)."""
    out: set[str] = set()
    todo = [m.qualname for m in model.ancestors()]
    for each in model.ancestors():
        todo.extend(each.bases)
        if each.base:
            todo.append(each.base)
    seen: set[str] = set()
    for qualname in todo:
        if qualname in seen or qualname.startswith(("orm.", "flask_sqlalchemy.")):
            continue
        seen.add(qualname)
        module, _, name = qualname.rpartition(".")
        if not module:
            continue
        assigned = _class_assignments(ctx, module).get(name, set())
        if assigned is None:
            return None
        out |= assigned
    return out


def table_names(model: ModelInfo) -> list[str]:
    """The tables a mapped class selects from (its own and, joined inheritance, its parents')."""
    out: list[str] = []
    for each in model.ancestors():
        if each.tablename and each.tablename not in out:
            out.append(each.tablename)
    return out


def fk_targets(model: ModelInfo, project: ProjectIndex) -> Optional[set[str]]:
    """Lower-case names of the tables ``model``'s tables have foreign keys to (None: unknown)."""
    targets: set[str] = set()
    tables = {t.lower() for t in table_names(model)}
    for other in project.models.values():
        if not other.tablename or other.tablename.lower() not in tables:
            continue
        for column in other.columns.values():
            for fk in column.foreign_keys:
                if fk.startswith(("@", "?")):
                    return None
                parts = fk.split(".")
                if len(parts) < 2:
                    return None
                targets.add(parts[-2].lower())
    return targets


__all__ = ["constraint_fks", "fk_targets", "model_is_complete", "runtime_attributes",
           "table_names"]
