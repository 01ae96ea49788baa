"""Foreign keys declared as table constraints: ``ForeignKeyConstraint`` in ``__table_args__``
or among a ``Table(...)``'s arguments.

A constraint names its local columns (strings are column names; in a class body a bare name is
the class attribute) and the referenced ones (``"table.column"`` strings, or ``User.id`` /
``users.c.id`` expressions, written as the builder's ``@module:dotted`` markers and resolved
with the other foreign keys).  :func:`apply_constraints` adds them to the columns'
``foreign_keys``, so joins and relationship directions see them as if written on the column.

Example::

    reader = ConstraintReader(resolve=lambda e: builder.resolve(e, "app.models"), module="app.models")
    found = reader.read(table_args_expr)     # [ForeignKeyPairs(local=[("name", "user_id")],
                                             #   targets=["users.id"])], complete=True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from analysis.index.facts import Expr
from analysis.index.model import ColumnInfo

FK_CONSTRAINT = "orm.ForeignKeyConstraint"


@dataclass
class ConstraintScan:
    """What a table's constraints say about foreign keys.

    ``pairs`` holds ``(("name" | "key", local), target)``: a local column by column name (a
    string) or by attribute key (a bare name in a class body), and the ``"table.column"`` (or
    ``@module:dotted`` marker) it references.  ``complete`` is False when a foreign-key
    constraint (or something that may hide one) could not be read.
    """

    pairs: list[tuple[tuple[str, str], str]] = field(default_factory=list)
    complete: bool = True


class ConstraintReader:
    """Reads ``ForeignKeyConstraint`` calls with the names of one module."""

    def __init__(self, resolve: Callable[[Optional[Expr]], Optional[str]], module: str) -> None:
        self.resolve = resolve
        self.module = module

    def table_args(self, expr: Optional[Expr]) -> ConstraintScan:
        """``__table_args__``: a tuple of constraints (optionally ending in a dict), or a dict."""
        scan = ConstraintScan()
        if expr is None or expr.kind == "dict":
            return scan
        if expr.kind != "seq":
            # built some other way (a helper's call, a variable, a concatenation): it may hold
            # foreign keys
            scan.complete = False
            return scan
        self.items(expr.items, scan)
        return scan

    def items(self, items: Iterable[Optional[Expr]], scan: ConstraintScan) -> None:
        """The constraint arguments among ``items``: ``ForeignKeyConstraint`` calls are read,
        other ``orm``/``sqlalchemy`` constructs (columns, indexes, unique and check
        constraints) and plain values ignored; anything else (a helper's result, a variable,
        ``*more``) may hold foreign keys."""
        for item in items:
            if item is None or item.kind in ("dict", "str", "const"):
                continue
            name = self.resolve(item.func) if item.kind == "call" else None
            if name == FK_CONSTRAINT:
                self._constraint(item, scan)
            elif name is None or not name.startswith("orm."):
                scan.complete = False

    def _constraint(self, call: Expr, scan: ConstraintScan) -> None:
        columns = call.items[0] if call.items else call.keyword("columns")
        refs = call.items[1] if len(call.items) > 1 else call.keyword("refcolumns")
        if columns is None or refs is None or columns.kind != "seq" or refs.kind != "seq" or \
                len(columns.items) != len(refs.items):
            scan.complete = False
            return
        for local, ref in zip(columns.items, refs.items):
            local_id = _local(local)
            target = _target(ref, self.module)
            if local_id is None or target is None:
                scan.complete = False
                continue
            scan.pairs.append((local_id, target))


def _local(expr: Optional[Expr]) -> Optional[tuple[str, str]]:
    if expr is None:
        return None
    if expr.kind == "str":
        return ("name", expr.value)
    if expr.kind == "name" and "." not in expr.value:
        return ("key", expr.value)
    return None


def _target(expr: Optional[Expr], module: str) -> Optional[str]:
    if expr is None:
        return None
    if expr.kind == "str":
        return expr.value
    if expr.kind == "name" and "." in expr.value:
        return f"@{module}:{expr.value}"
    return None


def apply_constraints(scan: ConstraintScan, columns: dict[str, ColumnInfo]) -> bool:
    """Add the scanned foreign keys to ``columns`` (key -> column of one table or class);
    False when a local column is not among them."""
    ok = True
    for (how, local), target in scan.pairs:
        column = columns.get(local) if how == "key" else next(
            (c for c in columns.values() if c.name == local and c.kind == "column"), None)
        if column is None:
            ok = False
            continue
        if target not in column.foreign_keys:
            column.foreign_keys = (*column.foreign_keys, target)
    return ok


__all__ = ["ConstraintReader", "ConstraintScan", "apply_constraints"]
