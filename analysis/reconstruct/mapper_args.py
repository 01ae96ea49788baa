"""``__mapper_args__`` of a mapped class, read from its source for the shadow model.

The index keeps only ``polymorphic_identity``; the SQL of an inheritance hierarchy also depends on
``polymorphic_on`` (the discriminator a single-table subclass filters on: ``WHERE employees.type
IN (...)``), ``with_polymorphic``, ``version_id_col`` (UPDATE/DELETE criteria) and the
included/excluded properties.  A literal ``__mapper_args__ = {...}`` of the class body is read
(never evaluated); anything else makes :func:`mapper_args` report it unreadable.

Example::

    read = mapper_args(tree, "Employee", line=12)
    read.values     # {"polymorphic_on": ColumnRef("type"), "polymorphic_identity": "employee"}
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Optional

from analysis.reconstruct.source import SourceTree

# keys whose literal values change SQL and that the shadow model passes on
CONSTANT_KEYS = {"polymorphic_identity", "with_polymorphic", "polymorphic_abstract",
                 "include_properties", "exclude_properties", "eager_defaults"}
COLUMN_KEYS = {"polymorphic_on", "version_id_col"}
# keys that change the SQL in ways the shadow model does not rebuild
UNSUPPORTED_KEYS = {"concrete", "inherit_condition", "inherit_foreign_keys", "primary_key",
                    "properties", "polymorphic_load"}


@dataclass(frozen=True)
class ColumnRef:
    """A column named by its attribute key (``polymorphic_on: type``) in the class body."""

    key: str


@dataclass
class MapperArgs:
    """``values``: what to pass to the shadow class; ``readable``: False when the class has a
    ``__mapper_args__`` the reader cannot follow (computed, or with unsupported keys)."""

    values: dict[str, Any] = field(default_factory=dict)
    readable: bool = True
    present: bool = False


def find_class(tree: SourceTree, name: str, line: int) -> Optional[ast.ClassDef]:
    """The class statement ``name`` nearest to 0-based ``line`` (the index's range of it)."""
    best: Optional[ast.ClassDef] = None
    for node in tree.classes().get(name, ()):
        if best is None or abs(node.lineno - 1 - line) < abs(best.lineno - 1 - line):
            best = node
    return best


def mapper_args(tree: SourceTree, name: str, line: int) -> MapperArgs:
    """The literal ``__mapper_args__`` of class ``name`` (see the module docstring)."""
    node = find_class(tree, name, line)
    out = MapperArgs()
    if node is None:
        return out
    for stmt in node.body:
        value = _assigned(stmt, "__mapper_args__")
        if value is None:
            if _defines(stmt, "__mapper_args__"):
                out.present, out.readable = True, False     # a declared_attr / method
            continue
        out.present = True
        if not isinstance(value, ast.Dict):
            out.readable = False
            continue
        for key_node, value_node in zip(value.keys, value.values):
            if not isinstance(key_node, ast.Constant) or not isinstance(key_node.value, str):
                out.readable = False
                continue
            key = key_node.value
            if key in UNSUPPORTED_KEYS:
                out.readable = False
            elif key in COLUMN_KEYS:
                ref = _column_ref(value_node)
                if ref is None:
                    out.readable = False
                else:
                    out.values[key] = ref
            elif key in CONSTANT_KEYS:
                try:
                    out.values[key] = ast.literal_eval(value_node)
                except (ValueError, SyntaxError, TypeError, RecursionError):
                    out.readable = False
    return out


def _assigned(stmt: ast.stmt, name: str) -> Optional[ast.expr]:
    if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name
                                            for t in stmt.targets):
        return stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and \
            stmt.target.id == name:
        return stmt.value
    return None


def _defines(stmt: ast.stmt, name: str) -> bool:
    return isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name


def _column_ref(node: ast.expr) -> Optional[ColumnRef]:
    if isinstance(node, ast.Name):
        return ColumnRef(node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return ColumnRef(node.value)
    return None


__all__ = ["ColumnRef", "MapperArgs", "find_class", "mapper_args"]
