"""Column defaults for the shadow model: what ``default=``/``insert_default=``/``onupdate=`` add to
an INSERT or UPDATE.

The runtime sends a column's Python-side default as a bound parameter (``:created``) and a SQL
default inline (``now()``), even when the statement's ``values()`` do not name the column; the
model index only says that *some* default exists.  The column's definition is read here from the
model's source (``ast``, never imported): a SQL expression (``func.now()``) is interpreted with the
statement whitelist, anything else (a constant, ``datetime.utcnow``, a lambda) is a Python-side
default whose value the preview does not need.

Example::

    column_defaults(source_text, column_info, context)   # {"default": <now()>, "onupdate": None}
"""
from __future__ import annotations

import ast
from typing import Any, Callable, Optional

from analysis.index.model import ColumnInfo
from analysis.reconstruct.source import SourceTree
from analysis.reconstruct.values import Dynamic, DynamicValue, Unsupported

KEYWORDS = {"default": "default", "insert_default": "default", "onupdate": "onupdate"}
_COLUMN_CALLS = {"Column", "mapped_column", "column_property", "deferred"}


def python_default(source: str) -> Callable[[], DynamicValue]:
    """Stands for a Python-side default computed when the statement runs (``datetime.utcnow``,
    a lambda): the runtime binds its value; the preview's parameter shows its source."""
    def default() -> DynamicValue:
        return DynamicValue(source)

    return default


def column_calls(tree: SourceTree) -> dict[tuple[int, str], ast.Call]:
    """``(0-based line, attribute name) -> Column(...)/mapped_column(...) call`` of every class
    body assignment of a module (one pass; parsed blocks when the module does not parse)."""
    cached = tree.memo.get("column_calls")
    if cached is not None:
        return cached  # type: ignore[return-value]
    out: dict[tuple[int, str], ast.Call] = {}
    for nodes in tree.classes().values():
        for node in nodes:
            for stmt in node.body:
                if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    call = _column_call(stmt.value)
                    if call is None:
                        continue
                    for target in targets:
                        if isinstance(target, ast.Name):
                            out[(target.lineno - 1, target.id)] = call
    tree.memo["column_calls"] = out     # complete before it is shared
    return out


def property_calls(tree: SourceTree) -> dict[tuple[int, str], ast.Call]:
    """``(0-based line, attribute name) -> column_property(...) call`` of class bodies."""
    cached = tree.memo.get("property_calls")
    if cached is not None:
        return cached  # type: ignore[return-value]
    out: dict[tuple[int, str], ast.Call] = {}
    for nodes in tree.classes().values():
        for node in nodes:
            for stmt in node.body:
                if not isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                    continue
                value = stmt.value
                name = value.func.attr if isinstance(value, ast.Call) and \
                    isinstance(value.func, ast.Attribute) else \
                    getattr(getattr(value, "func", None), "id", None)
                if name != "column_property":
                    continue
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        out[(target.lineno - 1, target.id)] = value  # type: ignore[assignment]
    tree.memo["property_calls"] = out   # complete before it is shared
    return out


def find_column_call(calls: dict[tuple[int, str], ast.Call], col: ColumnInfo
                     ) -> Optional[ast.Call]:
    """The call defining ``col`` (by the line of its range and its attribute name)."""
    return calls.get((col.range.start.line, col.key))


def _column_call(value: Optional[ast.expr]) -> Optional[ast.Call]:
    depth = 0
    while isinstance(value, ast.Call) and depth < 4:
        name = value.func.attr if isinstance(value.func, ast.Attribute) else \
            getattr(value.func, "id", None)
        if name in ("Column", "mapped_column"):
            return value
        if name in _COLUMN_CALLS and value.args:
            value = value.args[0]
            depth += 1
            continue
        return None
    return None


def column_defaults(call: ast.Call, evaluate: Callable[[ast.expr], Any],
                    segment: Callable[[ast.AST], str] = ast.unparse) -> dict[str, Any]:
    """``{"default": ..., "onupdate": ...}`` for the keywords present: a constant, an orm SQL
    expression, or :func:`python_default` for anything computed in Python."""
    out: dict[str, Any] = {}
    for keyword in call.keywords:
        target = KEYWORDS.get(keyword.arg or "")
        if target is None:
            continue
        if isinstance(keyword.value, ast.Constant) and keyword.value.value is None:
            continue
        out[target] = _sql_or_python(keyword.value, evaluate, segment)
    return out


def _sql_or_python(node: ast.expr, evaluate: Callable[[ast.expr], Any],
                   segment: Callable[[ast.AST], str]) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool, bytes)):
        return node.value
    if isinstance(node, (ast.Lambda, ast.Name, ast.Attribute)):
        return python_default(segment(node))
    try:
        value = evaluate(node)
    except Unsupported:
        return python_default(segment(node))
    if isinstance(value, Dynamic) or not hasattr(value, "_compiler"):
        return python_default(segment(node))
    return value


__all__ = ["column_calls", "column_defaults", "find_column_call", "property_calls",
           "python_default"]
