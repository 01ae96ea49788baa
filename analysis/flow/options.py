"""Loader options as a tree of relationship paths, and the strategy each path ends up with.

``select(User).options(selectinload(User.posts).joinedload(Post.comments), raiseload("*"))``
becomes, for the ``User`` entity::

    OptNode(propagate="raise", children={"posts": OptNode("selectin",
                                         children={"comments": OptNode("joined")})})

Facts about the loaders (observed with SQLAlchemy 2.0, and matched by ``orm``):

- an explicit option on a path wins over wildcards and over ``relationship(lazy=...)``;
- an unbound wildcard (``raiseload("*")``, ``selectinload("*")``,
  ``defaultload(A.b).lazyload("*")``) applies at its level and at every deeper level reached
  through eager loaders, while a bound one (``Load(User).raiseload("*")``) applies at its own
  level only;
- a wildcard overrides ``relationship(lazy=...)`` except for ``dynamic`` and ``write_only``;
- options the inference cannot read make the node ``opaque``: anything may be loaded there.

Example::

    node = add_path(EMPTY, ("posts", "comments"), ("selectin", "joined"))
    strategy_for(child(node, "posts"), comments_rel)      # "joined"
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Optional, Sequence

# strategies after which reading the attribute emits no SQL
EAGER = frozenset({"joined", "selectin", "subquery", "immediate", "contains_eager", "loaded",
                   "opaque", "selectin_polymorphic"})
NO_SQL = frozenset({"noload"})
RAISE = frozenset({"raise", "raise_on_sql"})
LAZY = frozenset({"select"})
DYNAMIC = frozenset({"dynamic", "write_only"})

# the loader option functions, by canonical name, and the strategy they set
LOADER_FUNCTIONS = {
    "orm.joinedload": "joined", "orm.selectinload": "selectin", "orm.subqueryload": "subquery",
    "orm.immediateload": "immediate", "orm.contains_eager": "contains_eager",
    "orm.lazyload": "select", "orm.noload": "noload", "orm.raiseload": "raise",
    "orm.defaultload": None,
}
COLUMN_FUNCTIONS = {"orm.defer", "orm.undefer", "orm.load_only", "orm.undefer_group"}
# options that change nothing the N+1 rules look at
NEUTRAL_FUNCTIONS = {"orm.with_loader_criteria", "orm.with_expression",
                     "orm.selectin_polymorphic", "orm.with_polymorphic"}
LOADER_METHODS = {name.split(".", 1)[1]: strategy for name, strategy in LOADER_FUNCTIONS.items()}
COLUMN_METHODS = {name.split(".", 1)[1] for name in COLUMN_FUNCTIONS}

_LAZY_ALIASES = {"True": "select", "False": "joined", "None": "noload", "true": "select",
                 "false": "joined"}


@dataclass(frozen=True, eq=False)
class OptNode:
    """Loader options at one level of a path (see the module docstring)."""

    strategy: Optional[str] = None
    children: tuple = ()            # ((key, OptNode), ...)
    wildcard: Optional[str] = None  # "*" at this level only
    propagate: Optional[str] = None  # "*" at this level and below
    opaque: bool = False
    defer: frozenset = frozenset()
    undefer: frozenset = frozenset()
    load_only: Optional[frozenset] = None
    undefer_all: bool = False

    def get(self, key: str) -> Optional["OptNode"]:
        for name, node in self.children:
            if name == key:
                return node
        return None

    def __repr__(self) -> str:   # pragma: no cover - debugging aid
        parts = []
        if self.strategy:
            parts.append(self.strategy)
        if self.opaque:
            parts.append("opaque")
        if self.wildcard:
            parts.append(f"*={self.wildcard}")
        if self.propagate:
            parts.append(f"**={self.propagate}")
        if self.children:
            parts.append("{" + ", ".join(f"{k}: {v!r}" for k, v in self.children) + "}")
        return "Opt(" + " ".join(parts) + ")"


EMPTY = OptNode()
OPAQUE = OptNode(opaque=True)


def normalise_lazy(lazy: Any) -> str:
    """``relationship(lazy=...)`` as a strategy name (``True`` -> ``"select"``)."""
    text = str(lazy) if lazy is not None else "select"
    return _LAZY_ALIASES.get(text, text)


def _rank(strategy: Optional[str]) -> int:
    if strategy is None:
        return 0
    if strategy in EAGER:
        return 3
    if strategy in NO_SQL:
        return 2
    return 1


def _pick(a: Optional[str], b: Optional[str]) -> Optional[str]:
    """Two options name one path: the one that loads wins (precision first), else the later."""
    if a is None:
        return b
    if b is None:
        return a
    return a if _rank(a) > _rank(b) else b


def merge(a: OptNode, b: OptNode) -> OptNode:
    """Both option trees applied to one statement (or either of two branches)."""
    if a is EMPTY:
        return b
    if b is EMPTY or a is b:
        return a
    children = dict(a.children)
    for key, node in b.children:
        children[key] = merge(children[key], node) if key in children else node
    if a.load_only is not None and b.load_only is not None:
        load_only: Optional[frozenset] = a.load_only | b.load_only
    else:
        load_only = a.load_only if a.load_only is not None else b.load_only
    return OptNode(strategy=_pick(a.strategy, b.strategy), children=tuple(children.items()),
                   wildcard=_pick(a.wildcard, b.wildcard),
                   propagate=_pick(a.propagate, b.propagate),
                   opaque=a.opaque or b.opaque, defer=(a.defer | b.defer) - (a.undefer | b.undefer),
                   undefer=a.undefer | b.undefer, load_only=load_only,
                   undefer_all=a.undefer_all or b.undefer_all)


union = merge


def at_path(node: OptNode, path: Sequence[str], update) -> OptNode:
    """``node`` with the node at ``path`` replaced by ``update(old_node)``."""
    if not path:
        return update(node)
    key, rest = path[0], path[1:]
    old = node.get(key) or EMPTY
    new = at_path(old, rest, update)
    children = tuple((k, v) for k, v in node.children if k != key) + ((key, new),)
    return replace(node, children=children)


def add_path(node: OptNode, path: Sequence[str], strategies: Sequence[Optional[str]]) -> OptNode:
    """Set ``strategies[i]`` on the i-th step of ``path`` (None leaves a step's strategy)."""
    for depth, strategy in enumerate(strategies):
        if strategy is None:
            continue
        node = at_path(node, path[:depth + 1],
                       lambda n, s=strategy: replace(n, strategy=_pick(n.strategy, s)
                                                     if n.strategy else s))
    if len(strategies) < len(path):
        node = at_path(node, path, lambda n: n)
    return node


def set_wildcard(node: OptNode, path: Sequence[str], strategy: str, bound: bool) -> OptNode:
    if bound:
        return at_path(node, path, lambda n: replace(n, wildcard=_pick(n.wildcard, strategy)))
    return at_path(node, path, lambda n: replace(n, propagate=_pick(n.propagate, strategy)))


def set_columns(node: OptNode, path: Sequence[str], kind: str, keys: Iterable[str]) -> OptNode:
    keys = frozenset(keys)

    def update(n: OptNode) -> OptNode:
        if kind == "defer":
            return replace(n, defer=n.defer | keys, undefer=n.undefer - keys)
        if kind == "undefer":
            if "*" in keys:
                return replace(n, undefer_all=True)
            return replace(n, undefer=n.undefer | keys, defer=n.defer - keys)
        if kind == "undefer_group":
            return replace(n, undefer_all=True)
        if kind == "load_only":
            return replace(n, load_only=(n.load_only | keys) if n.load_only is not None
                           else keys)
        return n

    return at_path(node, path, update)


def make_opaque(node: OptNode, path: Sequence[str] = ()) -> OptNode:
    return at_path(node, path, lambda n: replace(n, opaque=True))


def child(node: OptNode, key: str) -> OptNode:
    """The options that apply to objects reached through relationship ``key``."""
    found = node.get(key) or EMPTY
    if node.opaque and not found.opaque:
        found = replace(found, opaque=True)
    if node.propagate and not found.propagate:
        found = replace(found, propagate=node.propagate)
    return found


def strategy_for(node: OptNode, rel: Any) -> str:
    """How reading relationship ``rel`` (a RelationshipInfo) behaves on an object at ``node``."""
    lazy = normalise_lazy(getattr(rel, "lazy", "select"))
    if lazy in DYNAMIC:
        return lazy           # options cannot change a dynamic / write-only collection
    if node.opaque:
        return "opaque"
    found = node.get(rel.key)
    if found is not None and found.strategy:
        return found.strategy
    if node.wildcard:
        return node.wildcard
    if node.propagate:
        return node.propagate
    return lazy


def column_deferred(node: OptNode, column: Any) -> bool:
    """True when reading ``column`` (a ColumnInfo) on an object at ``node`` emits a SELECT."""
    if node.opaque or node.undefer_all or column.key in node.undefer:
        return False
    if getattr(column, "primary_key", False):
        return False
    if column.key in node.defer:
        return True
    if node.load_only is not None and column.key not in node.load_only and \
            getattr(column, "kind", "column") in ("column", "column_property"):
        return True
    return bool(getattr(column, "deferred", False))


__all__ = ["COLUMN_FUNCTIONS", "COLUMN_METHODS", "DYNAMIC", "EAGER", "EMPTY", "LAZY",
           "LOADER_FUNCTIONS", "LOADER_METHODS", "NEUTRAL_FUNCTIONS", "NO_SQL", "OPAQUE", "OptNode",
           "RAISE", "add_path", "at_path", "child", "column_deferred", "make_opaque", "merge",
           "normalise_lazy", "set_columns", "set_wildcard", "strategy_for", "union"]
