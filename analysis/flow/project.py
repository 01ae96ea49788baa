"""The project as the flow inference sees it: other modules, their top-level names, classes.

The checked module is the ``ModuleInfo`` the rules were given (an editor's unsaved text wins).
Other modules come from the index's loader (``project.module_loader(name) -> ModuleInfo | None``,
set by the workspace: its cache, editor overlays, and a record of what the check read), or else
from disk through the index's module table (a process-wide cache keyed by path, size and
modification time).  What another module defines is first read from a cheap ``ast`` summary; its
libcst tree is built only when a function or class of it must be walked.

Example::

    view = ProjectView(module_info, project)
    view.resolve_name(module_info, "serialize_user")     # FunctionRef of a helper
    view.find_method(user_model, "post_count")            # FunctionRef of a model method
"""
from __future__ import annotations

import ast
import os
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

import libcst as cst

from analysis.flow.values import (UNKNOWN, ClassRef, FunctionRef, LazyRef, ModelRef, ModuleRef,
                                  Value)
from analysis.index.names import dotted_name, resolve_dotted
from analysis.index.syntax import parse_python

if TYPE_CHECKING:
    from analysis.index.model import ModelInfo, ProjectIndex
    from analysis.index.parse import ModuleInfo

_CACHE: "OrderedDict[tuple, ModuleInfo]" = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 256
_TOPS: "weakref.WeakKeyDictionary[ModuleInfo, TopLevel]" = weakref.WeakKeyDictionary()
# id(project) -> (a weak reference to that project, the value): the reference tells a live index
# from a dead one whose id a new index reused (a long-lived server or daemon builds many)
_PREFIXES: dict[int, tuple[weakref.ref, frozenset]] = {}
_SUMMARIES: "OrderedDict[tuple, Summary]" = OrderedDict()
_HINTS: dict[int, tuple[weakref.ref, re.Pattern]] = {}
# words of code that builds, runs or reads ORM queries (a cheap pre-filter, never a finding)
_ORM_WORDS = (r"select|query|scalars?|execute|options|selectinload|joinedload|subqueryload|"
              r"contains_eager|raiseload|lazyload|defaultload|immediateload|aliased|paginate|"
              r"get_or_404|first_or_404|one_or_404|stream|stream_scalars|session|awaitable_attrs")


@dataclass
class Summary:
    """What a module defines at top level, read with ``ast`` (ten times faster than libcst).

    ``kinds``: name -> ``"def"``, ``"class"`` or ``"assign"``; ``orm``: the functions, methods
    (``"Class.method"``) and assigned names whose text mentions ORM query words or a
    relationship of the project: only those are worth parsing the module with libcst for.
    ``bases``: class -> the dotted names of its bases.
    """

    kinds: dict[str, str] = field(default_factory=dict)
    orm: set[str] = field(default_factory=set)
    methods: dict[str, set[str]] = field(default_factory=dict)
    bases: dict[str, list[str]] = field(default_factory=dict)


def _hint_pattern(project: "ProjectIndex") -> re.Pattern:
    key = id(project)
    cached = _HINTS.get(key)
    found = cached[1] if cached is not None and cached[0]() is project else None
    if found is None:
        attrs = set()
        for model in project.models.values():
            attrs.update(model.relationships)
            attrs.update(k for k, c in model.columns.items() if c.deferred or c.kind == "hybrid")
        parts = [_ORM_WORDS] + [r"\." + re.escape(a) for a in sorted(attrs)]
        found = re.compile(r"\b(?:" + "|".join(parts) + r")\b")
        if len(_HINTS) > 8:
            _HINTS.clear()
        _HINTS[key] = (weakref.ref(project), found)
    return found


def summarise(text: str, project: "ProjectIndex") -> Summary:
    """The :class:`Summary` of a module's source."""
    summary = Summary()
    try:
        tree = parse_python(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return summary
    lines = text.split("\n")
    hints = _hint_pattern(project)

    def mentions(node: ast.AST) -> bool:
        start = getattr(node, "lineno", 1) - 1
        end = getattr(node, "end_lineno", None) or start + 1
        return hints.search("\n".join(lines[start:end])) is not None

    def visit(body) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                summary.kinds[stmt.name] = "def"
                if mentions(stmt):
                    summary.orm.add(stmt.name)
            elif isinstance(stmt, ast.ClassDef):
                summary.kinds[stmt.name] = "class"
                summary.bases[stmt.name] = [ast.unparse(b) for b in stmt.bases]
                methods = summary.methods.setdefault(stmt.name, set())
                for inner in stmt.body:
                    if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        methods.add(inner.name)
                        if mentions(inner):
                            summary.orm.add(f"{stmt.name}.{inner.name}")
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        summary.kinds[target.id] = "assign"
                        if stmt.value is not None and mentions(stmt.value):
                            summary.orm.add(target.id)
            elif isinstance(stmt, ast.If):
                visit(stmt.body)
                visit(stmt.orelse)
            elif isinstance(stmt, ast.Try):
                visit(stmt.body)

    visit(tree.body)
    return summary

PROPERTY_DECORATORS = {"property", "cached_property", "functools.cached_property",
                       "orm.ext.hybrid.hybrid_property", "orm.hybrid_property",
                       "hybrid_property", "werkzeug.utils.cached_property",
                       "sqlalchemy.util.memoized_property", "orm.util.memoized_property"}
_NOT_GETTER = {"setter", "deleter", "expression", "comparator", "update_expression",
               "inplace", "overrides"}


def _load_from_disk(name: str, path: str, project: "ProjectIndex") -> Optional["ModuleInfo"]:
    from analysis.index.parse import parse_module_info
    from analysis.index.source import SourceError, read_source

    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (path, name, stat.st_size, stat.st_mtime_ns)
    with _CACHE_LOCK:
        info = _CACHE.get(key)
        if info is not None:
            _CACHE.move_to_end(key)
    if info is None:
        try:
            text = read_source(path)
        except (SourceError, OSError):
            return None
        info = parse_module_info(text, path=path, module_name=name,
                                 is_package=os.path.basename(path) == "__init__.py",
                                 project=project)
        with _CACHE_LOCK:
            _CACHE[key] = info
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    info.project = project
    return info


def top_level(info: "ModuleInfo") -> "TopLevel":
    """name -> the last top-level statement binding it (FunctionDef, ClassDef, or assigned value).

    Assignments map to ``("assign", value_node)``; ``if``/``try`` blocks at module level are
    looked into (``if TYPE_CHECKING:``, ``try: import ...``).  For a module cut into pieces
    (analysis.index.chunks) only the statements other than ``def``/``class`` are parsed up
    front; a function or class is parsed when it is asked for.
    """
    found = _TOPS.get(info)
    if found is None:
        found = _TOPS[info] = TopLevel(info)
    return found


def _visit_top(body, tops: dict, tag: int) -> None:
    for stmt in body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            tops[stmt.name.value] = (tag, stmt)
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            tops[target.target.value] = (tag, ("assign", small.value))
                elif isinstance(small, cst.AnnAssign) and small.value is not None and \
                        isinstance(small.target, cst.Name):
                    tops[small.target.value] = (tag, ("assign", small.value))
        elif isinstance(stmt, cst.If):
            _visit_top(stmt.body.body, tops, tag)
            if stmt.orelse is not None and isinstance(stmt.orelse, cst.Else):
                _visit_top(stmt.orelse.body.body, tops, tag)
        elif isinstance(stmt, cst.Try):
            _visit_top(stmt.body.body, tops, tag)


class TopLevel:
    """The top-level bindings of one module (see :func:`top_level`)."""

    def __init__(self, info: "ModuleInfo") -> None:
        self.info = info
        self.layout = None
        self.bound: dict[str, tuple[int, object]] = {}     # name -> (piece index, statement)
        if info.parse_error is not None:
            return
        layout = info.layout
        if layout is not None:
            for piece in layout.pieces:
                if piece.kind != "context":
                    continue
                found = layout.statements(piece.index)
                if found is None:
                    self.bound.clear()
                    layout = None
                    break
                _visit_top(found[0], self.bound, piece.index)
        self.layout = layout
        if layout is None:
            self._whole()

    def _whole(self) -> None:
        """Read the bindings from the module's tree (a module parsed whole)."""
        self.layout = None
        self.bound = {}
        _visit_top(self.info.module.body, self.bound, 0)

    def get(self, name: str, default=None):
        bound = self.bound.get(name)
        layout = self.layout
        if layout is not None:
            pieces = layout.by_name.get(name)
            if pieces and (bound is None or pieces[-1] > bound[0]):
                node = self.info.top_statement(name)
                if node is not None:
                    return node
                self._whole()           # the pieces did not parse alone: the whole tree
                bound = self.bound.get(name)
        return bound[1] if bound is not None else default


def _module_prefixes(project: "ProjectIndex") -> frozenset:
    key = id(project)
    cached = _PREFIXES.get(key)
    found = cached[1] if cached is not None and cached[0]() is project else None
    if found is None:
        names = set()
        for name in project.module_paths:
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                names.add(".".join(parts[:i]))
        found = frozenset(names)
        if len(_PREFIXES) > 8:
            _PREFIXES.clear()
        _PREFIXES[key] = (weakref.ref(project), found)
    return found


class ProjectView:
    """Name resolution across the project's modules (see the module docstring)."""

    def __init__(self, module: "ModuleInfo", project: "ProjectIndex") -> None:
        self.module = module
        self.project = project
        self._loaded: dict[str, Optional["ModuleInfo"]] = {module.module_name: module}
        self._canonical: dict[tuple, Optional[str]] = {}
        self._summaries: dict[str, Optional[Summary]] = {}

    # ------------------------------------------------------------------ modules
    def load(self, name: str) -> Optional["ModuleInfo"]:
        if name in self._loaded:
            return self._loaded[name]
        info = None
        loader = getattr(self.project, "module_loader", None)
        if callable(loader):
            try:
                info = loader(name)
            except Exception:   # noqa: BLE001 - an index hook must not stop the inference
                info = None
        if info is None:
            path = self.project.module_paths.get(name)
            if path:
                info = _load_from_disk(name, path, self.project)
        if info is not None and info.parse_error is not None:
            info = None
        self._loaded[name] = info
        return info

    def summary(self, name: str) -> Optional[Summary]:
        """The ``ast`` summary of module ``name`` (cached by file and modification time)."""
        if name in self._summaries:
            return self._summaries[name]
        found = self._summary(name)
        self._summaries[name] = found
        return found

    def _summary(self, name: str) -> Optional[Summary]:
        # through load(): the workspace records the module as read (its findings cache) and an
        # editor's unsaved text wins; the libcst tree is only built when something needs it
        if name == self.module.module_name:
            return None
        info = self.load(name)
        if info is None:
            return None
        # the summary depends on the text and on the project's relationship names only: the
        # same across index rebuilds that moved or added other things (an edit elsewhere)
        key = (info.path, info.content_hash, _hint_pattern(self.project).pattern)
        with _CACHE_LOCK:
            found = _SUMMARIES.get(key)
        if found is None:
            found = summarise(info.source, self.project)
            with _CACHE_LOCK:
                _SUMMARIES[key] = found
                while len(_SUMMARIES) > _CACHE_SIZE * 4:
                    _SUMMARIES.popitem(last=False)
        return found

    def force(self, lazy: LazyRef) -> Value:
        """The project value a :class:`LazyRef` stands for (parses its module)."""
        info = self.load(lazy.module)
        if info is None:
            return UNKNOWN
        value, assigned = self.resolve_name(info, lazy.name)
        if assigned is not None:
            return UNKNOWN
        return value

    # ------------------------------------------------------------------ names
    def canonical(self, info: "ModuleInfo", node: cst.CSTNode) -> Optional[str]:
        """The canonical qualified name of a dotted expression in ``info`` (``orm.select``)."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        key = (info.module_name, dotted)
        if key not in self._canonical:
            self._canonical[key] = resolve_dotted(dotted, info.module_name, info.imports,
                                                  info.defs, self.project.flask_dbs,
                                                  self.project.resolve_symbol)
        return self._canonical[key]

    def resolve_name(self, info: "ModuleInfo", name: str) -> tuple[Value, Optional[tuple]]:
        """What a module-level ``name`` of ``info`` is: a project value and, for assigned names,
        ``("assign", value_node)`` for the caller to evaluate."""
        tops = top_level(info)
        found = tops.get(name)
        if found is not None:
            if isinstance(found, cst.FunctionDef):
                return FunctionRef(found, info), None
            if isinstance(found, cst.ClassDef):
                model = self.project.models.get(f"{info.module_name}.{name}")
                if model is not None:
                    return ModelRef(model), None
                return ClassRef(found, info), None
            return UNKNOWN, found
        target = info.imports.get(name)
        if target is not None:
            return self.resolve_qualified(target), None
        return UNKNOWN, None

    def resolve_qualified(self, dotted: str) -> Value:
        """A project-level dotted name (``app.models.User``, ``app.helpers``)."""
        dotted = self.project.resolve_symbol(dotted)
        model = self.project.models.get(dotted)
        if model is not None:
            return ModelRef(model)
        if dotted in _module_prefixes(self.project):
            return ModuleRef(dotted)
        module, _, name = dotted.rpartition(".")
        if module and module in self.project.module_paths:
            summary = self.summary(module)
            if summary is not None:
                kind = summary.kinds.get(name)
                if kind is None:
                    return UNKNOWN
                return LazyRef(module, name, kind, orm=name in summary.orm)
            info = self.load(module)
            if info is not None:
                value, assigned = self.resolve_name(info, name)
                if assigned is None:
                    return value
        return UNKNOWN

    def module_attribute(self, module: ModuleRef, name: str) -> Value:
        return self.resolve_qualified(f"{module.name}.{name}")

    # ------------------------------------------------------------------ classes and methods
    def class_node(self, qualname: str, module_name: str, name: str
                   ) -> Optional[tuple[cst.ClassDef, "ModuleInfo"]]:
        info = self.load(module_name)
        if info is None:
            return None
        found = top_level(info).get(name)
        if isinstance(found, cst.ClassDef):
            return found, info
        return None

    def find_method(self, model: "ModelInfo", name: str, eager: bool = False
                    ) -> Optional[FunctionRef]:
        """The method ``name`` of a mapped class (its own, a mapped parent's, or a mixin's).

        Classes of other modules are parsed only when they define ``name`` and, unless
        ``eager``, when its text mentions ORM query words or relationships.
        """
        for ancestor in model.ancestors():
            if not self._may_define(ancestor.module, ancestor.name, name, 0, eager):
                continue
            located = self.class_node(ancestor.qualname, ancestor.module, ancestor.name)
            if located is None:
                continue
            found = self.method_of_class(located[0], located[1], name, depth=0)
            if found is not None:
                return found
        return None

    def _may_define(self, module: str, cls: str, name: str, depth: int, eager: bool) -> bool:
        """Could class ``cls`` of ``module`` (or a base) define an ORM-relevant ``name``?"""
        summary = self.summary(module)
        if summary is None or depth > 4:
            return True                 # the checked module itself, or unknown: look
        if name in summary.methods.get(cls, ()):
            return eager or f"{cls}.{name}" in summary.orm
        imports = self.project.module_imports.get(module, {})
        for base in summary.bases.get(cls, ()):
            head, _, rest = base.partition(".")
            if head in summary.kinds:
                target = f"{module}.{base}"
            elif head in imports:
                target = imports[head] + ("." + rest if rest else "")
            else:
                continue
            target = self.project.resolve_symbol(target)
            base_module, _, base_name = target.rpartition(".")
            if base_module in self.project.module_paths and \
                    self._may_define(base_module, base_name, name, depth + 1, eager):
                return True
        return False

    def method_of_class(self, cls: cst.ClassDef, info: "ModuleInfo", name: str,
                        depth: int) -> Optional[FunctionRef]:
        getter = None
        for stmt in cls.body.body:
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value == name:
                if any(self._decorator_name(info, d) in _NOT_GETTER for d in stmt.decorators):
                    continue
                getter = stmt
        if getter is not None:
            return FunctionRef(getter, info, cls=cls)
        if depth >= 4:
            return None
        for base in cls.bases:
            dotted = dotted_name(base.value)
            if dotted is None:
                continue
            head, _, rest = dotted.partition(".")
            value, _ = self.resolve_name(info, head)
            for part in rest.split(".") if rest else ():
                value = self.module_attribute(value, part) if isinstance(value, ModuleRef) \
                    else UNKNOWN
            if isinstance(value, LazyRef) and value.kind == "class":
                value = self.force(value)
            located: Optional[tuple] = None
            if isinstance(value, ClassRef):
                located = (value.node, value.module)
            elif isinstance(value, ModelRef):
                located = self.class_node(value.model.qualname, value.model.module,
                                          value.model.name)
            else:
                abstract = self._abstract(info, dotted)
                if abstract is not None:
                    located = self.class_node(abstract.qualname, abstract.module, abstract.name)
            if located is not None:
                found = self.method_of_class(located[0], located[1], name, depth + 1)
                if found is not None:
                    return found
        return None

    def _abstract(self, info: "ModuleInfo", dotted: str) -> Optional["ModelInfo"]:
        head, _, rest = dotted.partition(".")
        if head in info.defs:
            qual = f"{info.module_name}.{dotted}"
        elif head in info.imports:
            qual = info.imports[head] + ("." + rest if rest else "")
        else:
            return None
        return self.project.abstract.get(self.project.resolve_symbol(qual))

    def _decorator_name(self, info: "ModuleInfo", decorator: cst.Decorator) -> str:
        node = decorator.decorator
        if isinstance(node, cst.Call):
            node = node.func
        if isinstance(node, cst.Attribute):
            return node.attr.value
        return dotted_name(node) or ""

    def is_cached(self, fn: FunctionRef) -> bool:
        """Decorated with a cache (``functools.lru_cache``/``cache``, ``cache.memoize()``,
        ``cached_property`` ...): called again with the same arguments it runs nothing."""
        for decorator in fn.node.decorators:
            node = decorator.decorator
            if isinstance(node, cst.Call):
                node = node.func
            text = (dotted_name(node) or "").lower()
            if "cache" in text or "memoize" in text or "memoise" in text:
                return True
        return False

    def function_kind(self, fn: FunctionRef) -> str:
        """``"property"``, ``"classmethod"``, ``"staticmethod"`` or ``"function"``."""
        for decorator in fn.node.decorators:
            node = decorator.decorator
            if isinstance(node, cst.Call):
                node = node.func
            dotted = dotted_name(node) or ""
            qualified = self.canonical(fn.module, node) or dotted
            last = dotted.rsplit(".", 1)[-1]
            if dotted in PROPERTY_DECORATORS or qualified in PROPERTY_DECORATORS or \
                    last in ("cached_property", "hybrid_property", "memoized_property"):
                return "property"
            if dotted == "classmethod":
                return "classmethod"
            if dotted == "staticmethod":
                return "staticmethod"
        return "function"


def clear_cache() -> None:
    """Forget every parsed module (tests that rewrite files in place use it)."""
    with _CACHE_LOCK:
        _CACHE.clear()
    _PREFIXES.clear()


__all__ = ["PROPERTY_DECORATORS", "ProjectView", "TopLevel", "clear_cache", "top_level"]
