"""Module dependencies for backrefs, so a class and the attributes others' backrefs give it are
cached together.

``posts = relationship("Post", backref="author")`` in ``users.py`` adds ``author`` to ``Post`` in
``posts.py``. mypy writes each group of mutually importing modules to its cache as soon as it is
processed; if ``posts.py`` is written before ``users.py`` is analysed, the cached ``Post`` lacks
``author`` and a later incremental run reports ``"Post" has no attribute "author"``. So the module
defining a backref's target depends on the module declaring the backref (``get_additional_deps``):
the two are processed, and cached, as one group.

Which classes a module's backrefs target is read from the syntax when mypy parses the module
(before analysis). mypy may parse the target's module first; then the dependency can only be added
in a later run. ``report_config_data`` makes that run happen: a module's cache records the backref
dependencies it was built with, and a module whose known needs differ is processed again. The
needs are kept in ``<cache_dir>/ormlens-models.json`` between runs.

Example: ``get_additional_deps(<posts.py>)`` -> ``[(10, "users", -1)]``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator, Optional

from mypy.nodes import AssignmentStmt, Block, CallExpr, ClassDef, IfStmt, MemberExpr, MypyFile, NameExpr, Statement

from ..records import read_record, record_path, write_record
from .calls import keyword, positional, literal_str
from .facts import state_of

PRIORITY = 10  # mypy's suggested priority for plugin dependencies
_RELATIONSHIP_NAMES = ("relationship", "relation", "dynamic_loader")
_RECORD = "ormlens-models.json"
# 3: installed packages' modules never get backref dependencies; records of format 2 may hold
# such a dependency, which would keep tying a cached library module to user code
_FORMAT = 3


def _classes(body: list[Statement]) -> Iterator[ClassDef]:
    for stmt in body:
        if isinstance(stmt, ClassDef):
            yield stmt
        elif isinstance(stmt, IfStmt):
            for block in stmt.body:
                yield from _classes(block.body)
            if isinstance(stmt.else_body, Block):
                yield from _classes(stmt.else_body.body)


def _backref_targets(defn: ClassDef) -> Iterator[str]:
    """Short names of the classes this class body's backrefs are declared on (syntax only)."""
    for stmt in defn.defs.body:
        if not isinstance(stmt, AssignmentStmt) or not isinstance(stmt.rvalue, CallExpr):
            continue
        call = stmt.rvalue
        callee = call.callee
        name = callee.name if isinstance(callee, (NameExpr, MemberExpr)) else None
        if name not in _RELATIONSHIP_NAMES or keyword(call, "backref") is None:
            continue
        args = positional(call)
        target = literal_str(args[0]) if args else literal_str(keyword(call, "argument"))
        if target is None and args and isinstance(args[0], NameExpr):
            target = args[0].name
        if target:
            yield target.strip().rsplit(".", 1)[-1]


class BackrefDeps:
    """The per-build registry: which modules declare backrefs on which class names."""

    def __init__(self, cache_dir: Optional[str]) -> None:
        self.declarers: dict[str, set[str]] = {}  # class short name -> declaring modules
        self.defines: dict[str, set[str]] = {}  # module -> class short names it defines
        self.added: dict[str, set[str]] = {}  # module -> backref deps given to it when parsed
        self.paths: dict[str, str] = {}  # module -> its file, for the modules scanned
        self.path = record_path(cache_dir, _RECORD)
        # module -> {declaring module: its file}, learnt in earlier runs
        self.known: dict[str, dict[str, str]] = self._load()

    def _load(self) -> dict[str, dict[str, str]]:
        data = read_record(self.path)
        needs = data.get("needs") if isinstance(data, dict) and data.get("format") == _FORMAT else None
        if not isinstance(needs, dict):
            return {}
        return {module: {str(d): str(p) for d, p in declarers.items()}
                for module, declarers in needs.items() if isinstance(declarers, dict)}

    def _remembered(self, module: str) -> set[str]:
        """Declarers earlier runs found for ``module`` that were not scanned in this build and
        whose file still exists (a deleted module must not become an import)."""
        return {d for d, path in self.known.get(module, {}).items()
                if d not in self.defines and os.path.exists(path)}

    def scan(self, tree: MypyFile) -> list[str]:
        """Register ``tree``'s backref declarations; the declaring modules it must depend on."""
        module = tree.fullname
        self.paths[module] = tree.path
        defined = set()
        for defn in _classes(tree.defs):
            defined.add(defn.name)
            for target in _backref_targets(defn):
                self.declarers.setdefault(target, set()).add(module)
        self.defines[module] = defined
        needs = self._remembered(module)
        for name in defined:
            needs |= self.declarers.get(name, set())
        needs.discard(module)
        self.added[module] = needs
        return sorted(needs)

    def needs(self, module: str) -> list[str]:
        """The declaring modules ``module`` should depend on, as far as this build knows: what
        the modules parsed in this build declare, and what earlier runs learnt of the others."""
        found = self._remembered(module)
        for name in self.defines.get(module, ()):
            found |= self.declarers.get(name, set())
        found.discard(module)
        return sorted(found)

    def config_value(self, module: str, is_check: bool) -> Optional[list[str]]:
        if is_check:
            value = self.needs(module)  # the dependencies the module should have been built with
        else:
            value = sorted(self.added.get(module, ()))
            needs = {d: self.paths.get(d) or self.known.get(module, {}).get(d, "") for d in self.needs(module)}
            if needs != self.known.get(module, {}):
                if needs:
                    self.known[module] = needs
                else:
                    self.known.pop(module, None)
                self.save()
        return value or None

    def save(self) -> None:
        # without the record a later run only learns the dependency later
        write_record(self.path, {"format": _FORMAT, "needs": self.known})


def registry(plugin: Any) -> BackrefDeps:
    state = state_of(plugin)
    if state.backref_deps is None:
        state.backref_deps = BackrefDeps(getattr(plugin.options, "cache_dir", None))
    return state.backref_deps


def additional_deps(plugin: Any, tree: MypyFile) -> list[tuple[int, str, int]]:
    if _installed(tree):
        # targets are matched by short name: redash's ``db.relationship(Query, backref=...)``
        # made sqlalchemy.orm.query and flask_sqlalchemy.query depend on redash.models, one
        # import cycle with the libraries, analysed in an order where ``from flask_sqlalchemy
        # import BaseQuery`` (a module ``__getattr__`` name) was not ready: "not valid as a type"
        return []
    return [(PRIORITY, module, -1) for module in registry(plugin).scan(tree)]


def _installed(tree: MypyFile) -> bool:
    """A module of an installed package or of typeshed: mypy caches it once, user code does
    not declare backrefs in it, and a dependency on user code would tie the two together."""
    parts = Path(tree.path or "").parts
    return "site-packages" in parts or "dist-packages" in parts or "typeshed" in parts


def config_data(plugin: Any, module: str, is_check: bool) -> Optional[list[str]]:
    return registry(plugin).config_value(module, is_check)
