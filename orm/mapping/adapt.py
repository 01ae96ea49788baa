"""Rewriting expressions against another FROM: the columns of a table become the columns of an alias.

``aliased(User)`` reuses the mapper's SQL (column properties, relationship join conditions,
discriminator criteria) by copying those expressions with every column of ``users`` replaced by the
corresponding column of ``users AS users_1``.

Example::

    adapter = ColumnAdapter(users.alias("u"))
    adapter.traverse(users.c.id == 5)        # u.id = :id_1
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from orm.sql.base import AnonLabel, ClauseElement

# Memoised values that describe the node they were computed for; a copy must compute its own.
_NODE_MEMOS = ("_cpn", "_columns", "_comparator", "_memo")


def replace(element: Any, fn: Callable[[Any], Any]) -> Any:
    """A copy of ``element`` in which every node for which ``fn(node)`` returns something other than
    None is replaced by that value.  Unchanged subtrees are shared, not copied."""
    memo: dict[int, Any] = {}

    def visit(node: Any) -> Any:
        key = id(node)
        if key in memo:
            return memo[key]
        rep = fn(node)
        if rep is None:
            rep = _copy_children(node, visit)
        memo[key] = rep
        return rep

    return visit(element)


def _copy_children(node: Any, visit: Callable[[Any], Any]) -> Any:
    changes: dict[str, Any] = {}
    cls = type(node)
    for name in node._children:
        if isinstance(getattr(cls, name, None), property):
            continue  # computed from other attributes; nothing to rewrite here
        value = getattr(node, name, None)
        new = _visit_value(value, visit)
        if new is not value:
            changes[name] = new
    if not changes:
        return node
    copy: Any = object.__new__(cls)
    copy.__dict__ = node.__dict__.copy()
    for k in _NODE_MEMOS:
        copy.__dict__.pop(k, None)
    copy.__dict__.update(changes)
    if isinstance(copy.__dict__.get("name"), AnonLabel) and getattr(node, "__visit_name__", "") == "label":
        # a copied anonymous label is a different column of the statement: give it its own name
        copy.__dict__["name"] = copy.__dict__["key"] = AnonLabel(node.name.base)
    return copy


def _visit_value(value: Any, visit: Callable[[Any], Any]) -> Any:
    if isinstance(value, ClauseElement):
        return visit(value)
    if isinstance(value, (tuple, list)):
        items = [_visit_value(v, visit) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items)
    return value


class ColumnAdapter:
    """Rewrites expressions so that columns (and FROM references) of the tables under
    ``selectable``'s source point at ``selectable`` instead.

    ``selectable`` is an alias or subquery of a table or join, or a join of aliases (a "flat"
    alias of a joined-inheritance mapping); ``equivalents`` lists extra (source column -> target
    column) pairs.
    """

    def __init__(self, selectable: Any, equivalents: Optional[dict[Any, Any]] = None,
                 adapt_on_names: bool = False) -> None:
        self.selectable = selectable
        self._cols: dict[int, Any] = {}
        self._froms: dict[int, Any] = {}
        self._names: Optional[dict[str, Any]] = None
        for alias in _aliases_in(selectable):
            self._index(alias)
        if adapt_on_names:
            # a subquery that re-selects the columns (not derived from them) matches by name
            self._names = {c.name: c for a in _aliases_in(selectable) for c in a.c if hasattr(c, "name")}
        for src, dst in (equivalents or {}).items():
            self._cols[id(src)] = dst

    def _index(self, alias: Any) -> None:
        source = alias.element
        self._froms[id(source)] = alias
        for col in alias.c:
            for p in _original_columns(col):
                self._cols.setdefault(id(p), col)
        # a subquery of a join stands for each table of the join as well
        for t in _tables_under(source):
            self._froms.setdefault(id(t), alias)

    def column(self, col: Any) -> Any:
        """The adapted column, or ``col`` itself when it is not from an adapted table."""
        got = self._replace(col)
        return col if got is None else got

    def _replace(self, node: Any) -> Any:
        visit = getattr(node, "__visit_name__", "")
        if visit == "column":
            got = self._cols.get(id(node))
            if got is None and self._names is not None and getattr(node, "table", None) is not None:
                got = self._names.get(node.name)
            return got
        if visit in ("table", "join", "alias", "subquery"):
            return self._froms.get(id(node))
        return None

    def traverse(self, element: Any) -> Any:
        if element is None:
            return None
        return replace(element, self._replace)

    __call__ = traverse


def _aliases_in(selectable: Any) -> list[Any]:
    if getattr(selectable, "__visit_name__", "") == "join":
        return _aliases_in(selectable.left) + _aliases_in(selectable.right)
    if getattr(selectable, "_is_derived", False):
        return [selectable]
    return []


def _tables_under(source: Any) -> list[Any]:
    visit = getattr(source, "__visit_name__", "")
    if visit == "join":
        return _tables_under(source.left) + _tables_under(source.right)
    if visit in ("select", "compound_select"):
        out: list[Any] = []
        for f in source.get_final_froms() if visit == "select" else []:
            out.extend(_tables_under(f))
        return out
    return [source]


def _original_columns(col: Any) -> list[Any]:
    """The columns ``col`` (a column of an alias/subquery) was derived from, nearest first."""
    out = []
    stack = list(getattr(col, "_proxies", ()))
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(getattr(c, "_proxies", ()))
    return out
