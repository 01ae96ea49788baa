"""Cartesian products involving a subquery or CTE (ORM206's entity graph follows mapped classes
only; a statement naming ``totals.c.n`` is given up there).

``select(Author.name, counts.c.n).where(counts.c.n > 0)`` has two FROM elements, ``authors``
and the subquery, and nothing links them: SQLAlchemy's from linter warns "cartesian product".
The FROM elements are the entities and the subqueries (built from ``select(...)`` nearby, see
:mod:`analysis.rules.orm2_derived`) the top level of the statement names; a comparison links
every element its sides name (as the linter does), a ``join(target, onclause)`` links the
target with the elements of its ON clause, a ``join(target)`` without one links the target to
everything (SQLAlchemy finds the foreign key or raises).  Nested statements (``in_(select(...))``,
``exists()``, scalar subqueries) keep their FROMs to themselves.  When any part cannot be read
the answer is "no problem".
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from analysis.rules.orm2_derived import derived_columns
from analysis.rules.orm2_scan import ModuleScan, Scope
from analysis.rules.orm2_statements import SUBQUERY_CALLS, Statement

_JOINS = frozenset({"join", "outerjoin", "join_from", "outerjoin_from"})
_CRITERIA = frozenset({"where", "filter", "having"})
_NEUTRAL = frozenset({"order_by", "group_by", "limit", "offset", "options", "distinct",
                      "execution_options", "params", "unique", "with_for_update", "select_from",
                      "correlate", "correlate_except", "scalars", "all", "first", "one",
                      "one_or_none", "scalar", "count"})
_COMPARISON_METHODS = frozenset({"in_", "not_in", "notin_", "between", "is_", "is_not",
                                 "like", "ilike", "contains", "startswith", "endswith"})


class _Froms:
    def __init__(self, scan: ModuleScan, scope: Scope) -> None:
        self.scan = scan
        self.scope = scope
        self.parent: dict[tuple, tuple] = {}
        self.subqueries: set[tuple] = set()
        self.ok = True

    def key_of(self, node: cst.BaseExpression) -> Optional[tuple]:
        """The FROM element a column expression's leaf names: an entity or a subquery."""
        scan = self.scan
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Attribute) and \
                node.value.attr.value in ("c", "columns") and \
                isinstance(node.value.value, cst.Name):
            name = node.value.value
            if derived_columns(scan, name, self.scope) is None:
                self.ok = False
                return None
            key = ("subquery", name.value)
            self.subqueries.add(key)
            return key
        if isinstance(node, (cst.Name, cst.Attribute)):
            target = node.value if isinstance(node, cst.Attribute) else node
            entity = scan.entity(target, self.scope) if isinstance(node, cst.Attribute) \
                else scan.entity(node, self.scope)
            if entity is not None:
                return ("entity", entity.model.qualname, entity.alias)
            if isinstance(node, cst.Name) and derived_columns(scan, node, self.scope):
                key = ("subquery", node.value)
                self.subqueries.add(key)
                return key
        return None

    def keys_in(self, node: cst.CSTNode, depth: int = 0) -> set[tuple]:
        """The FROM elements an expression names at its level (not in nested statements)."""
        if depth > 30:
            self.ok = False
            return set()
        if isinstance(node, cst.Call) and \
                self.scan.orm_name(node.func, self.scope) in SUBQUERY_CALLS:
            return set()
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
                node.func.attr.value in ("scalar_subquery", "exists", "subquery", "cte"):
            return set()
        if isinstance(node, (cst.Name, cst.Attribute)):
            key = self.key_of(node)
            if key is not None:
                return {key}
            if isinstance(node, cst.Name):
                return set()
        out: set[tuple] = set()
        for child in node.children:
            if isinstance(child, (cst.BaseExpression, cst.Arg, cst.ComparisonTarget,
                                  cst.Element, cst.BaseSlice, cst.SubscriptElement)):
                out |= self.keys_in(child, depth + 1)
        return out

    def add(self, key: tuple) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: tuple) -> tuple:
        self.add(key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def link(self, keys: set[tuple]) -> None:
        items = list(keys)
        for key in items:
            self.add(key)
        for other in items[1:]:
            self.parent[self.find(other)] = self.find(items[0])

    def link_comparisons(self, node: cst.CSTNode, depth: int = 0) -> None:
        """Each comparison links the elements its sides name."""
        if depth > 30:
            return
        if isinstance(node, cst.Call) and \
                self.scan.orm_name(node.func, self.scope) in SUBQUERY_CALLS:
            return
        if isinstance(node, cst.Comparison) or isinstance(node, cst.Call) and \
                isinstance(node.func, cst.Attribute) and \
                node.func.attr.value in _COMPARISON_METHODS:
            self.link(self.keys_in(node))
        for child in node.children:
            self.link_comparisons(child, depth + 1)


def subquery_cartesian(scan: ModuleScan, stmt: Statement) -> Optional[str]:
    """The message for a subquery no join or condition links to the statement's other FROM
    elements, or None."""
    if stmt.kind != "select" or stmt.extra:
        return None
    froms = _Froms(scan, stmt.scope)
    for column in stmt.columns:
        for key in froms.keys_in(column):
            froms.add(key)
    everything: set[tuple] = set(froms.parent)
    for step in stmt.steps:
        args = [a.value for a in step.call.args if a.keyword is None and not a.star]
        if step.name in _CRITERIA:
            for arg in args:
                keys = froms.keys_in(arg)
                for key in keys:
                    froms.add(key)
                froms.link_comparisons(arg)
        elif step.name in _JOINS:
            if not args:
                return None
            target_at = 1 if step.name.endswith("_from") else 0
            if len(args) <= target_at:
                return None
            target = froms.key_of(args[target_at])
            if target is None:
                return None
            froms.add(target)
            if step.name.endswith("_from"):
                left = froms.key_of(args[0])
                if left is not None:
                    froms.link({left, target})
            if len(args) > target_at + 1:
                froms.link({target} | froms.keys_in(args[target_at + 1]))
            else:
                froms.link({target} | set(froms.parent))   # the foreign key links it
        elif step.name not in _NEUTRAL:
            return None
        everything = set(froms.parent)
    if not froms.ok or not froms.subqueries or len(everything) < 2:
        return None
    groups: dict[tuple, list[tuple]] = {}
    for key in everything:
        groups.setdefault(froms.find(key), []).append(key)
    if len(groups) < 2:
        return None
    ordered = sorted(groups.values(), key=len, reverse=True)
    stray = [k for group in ordered[1:] for k in group]
    if not any(k[0] == "subquery" for k in stray + ordered[0]):
        return None
    return (f"cartesian product: {_names(stray)} {'is' if len(stray) == 1 else 'are'} not "
            f"linked to {_names(ordered[0])} by any join or condition, so every row pairs with "
            f"every row of the other (SQLAlchemy's from linter warns at runtime); add a join "
            f"(`.join(subquery, onclause)`) or a join condition")


def _names(keys: list[tuple]) -> str:
    return ", ".join(f"`{k[1] if k[0] == 'subquery' else (k[2] or k[1].rpartition('.')[2])}`"
                     for k in sorted(keys))
