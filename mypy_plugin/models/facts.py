"""Per-class ORM facts kept in ``TypeInfo.metadata["ormlens"]``, and the plugin's per-run state.

The facts are what typing needs beyond mypy's own types and what only the class body says:
the table name, the foreign keys of each column, the relationships that declare a ``backref``,
the hybrids' expression functions, and whether the class is a declarative base or mapped.
mypy serialises ``metadata`` with the class into its cache, so a class read back from the cache
(incremental mode, the daemon) has the same facts as one analysed in this run.

Example::

    facts = class_facts(info)          # {} for a class the plugin never saw
    facts.get("table")                 # "users"
    facts.get("fks")                   # {"user_id": ["users.id"]}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from mypy.mro import MroError, calculate_mro
from mypy.nodes import AssignmentStmt, CallExpr, MypyFile, TypeInfo
from mypy.types import Instance

from .. import names

KEY = "ormlens"


def class_facts(info: TypeInfo) -> dict[str, Any]:
    """The facts of ``info`` (read-only view; empty when none were recorded)."""
    return info.metadata.get(KEY, {})


def writable_facts(info: TypeInfo) -> dict[str, Any]:
    """The facts of ``info`` for recording (created when missing)."""
    return info.metadata.setdefault(KEY, {})


def is_library_base(info: TypeInfo) -> bool:
    return info.fullname in names.DECLARATIVE_BASE_CLASS or info.fullname in names.DECLARATIVE_BASE_NO_META


def is_declarative_base(info: TypeInfo) -> bool:
    """A class models derive from: the library's ``DeclarativeBase``, a ``declarative_base()``
    result, an ``@as_declarative()`` class, or a direct subclass of ``DeclarativeBase``."""
    return is_library_base(info) or bool(class_facts(info).get("base"))


def declarative_root(info: TypeInfo) -> Optional[TypeInfo]:
    """The declarative base ``info`` derives from (itself included), or None: not ORM-mapped."""
    for base in info.mro:
        if is_declarative_base(base) or class_facts(base).get("mapped"):
            return base
    return None


def library_of(info: TypeInfo) -> str:
    """``"orm"`` or ``"sqlalchemy"``: the library the class's declarative base comes from."""
    for base in info.mro:
        lib = class_facts(base).get("lib")
        if lib:
            return str(lib)
        found = names.library_of(base.fullname)
        if found:
            return found
    return names.ORM


def mro_facts(info: TypeInfo) -> Iterator[tuple[TypeInfo, dict[str, Any]]]:
    """``(class, facts)`` along the MRO, the class first, skipping classes without facts."""
    for base in info.mro:
        facts = class_facts(base)
        if facts:
            yield base, facts


def table_name(info: TypeInfo) -> Optional[str]:
    """The ``__tablename__`` of the class or of the nearest mapped parent that names one."""
    for _, facts in mro_facts(info):
        if facts.get("table"):
            return str(facts["table"])
    return None


def foreign_keys(info: TypeInfo) -> dict[str, list[str]]:
    """attribute -> the ``"table.column"`` / ``"Class.attr"`` targets of its ForeignKeys, along the
    MRO (mixins' columns included)."""
    found: dict[str, list[str]] = {}
    for _, facts in reversed(list(mro_facts(info))):
        for attr, targets in facts.get("fks", {}).items():
            found[attr] = list(targets)
    return found


# -- per-run state ----------------------------------------------------------------------------

@dataclass
class MappedCall:
    """A call (``Column(...)``, ``relationship(...)``, ...) that is the value of an assignment in
    a class body, as found by the semantic analyser: the type checker types it as a mapped
    attribute of ``owner``."""

    call: CallExpr
    owner: str  # the class's fullname
    attr: str
    stmt: Optional[AssignmentStmt]  # None when the statement could not be found

    @property
    def annotated(self) -> bool:
        # ``unanalyzed_type`` is the annotation as written (``type`` may be one mypy inferred)
        return self.stmt is not None and self.stmt.unanalyzed_type is not None


@dataclass
class State:
    """What the semantic analysis pass tells the type checking pass, per plugin instance (one per
    mypy build; the daemon keeps one across updates, so entries are checked on use)."""

    # (path, line, column) of a class-body call -> the call
    calls: dict[tuple[str, int, int], MappedCall] = field(default_factory=dict)
    # short class name -> fullnames of mapped classes of that name seen in this run
    classes: dict[str, set[str]] = field(default_factory=dict)
    # table name -> fullnames of mapped classes with that __tablename__
    tables: dict[str, set[str]] = field(default_factory=dict)
    # fullnames of classes declaring relationships with a backref
    backref_declarers: set[str] = field(default_factory=set)
    # module id -> backref targets its class bodies name (syntactic, for get_additional_deps)
    module_backrefs: dict[str, set[str]] = field(default_factory=dict)
    # the modules each scanned module registered, by id(tree): rescans only changed trees
    scanned: dict[int, Any] = field(default_factory=dict)
    index_size: int = -1
    backref_deps: Any = None  # deps.BackrefDeps, made on first use

    def record_call(self, path: str, mapped: MappedCall) -> None:
        self.calls[(path, mapped.call.line, mapped.call.column)] = mapped

    def find_call(self, path: str, call: object) -> Optional[MappedCall]:
        if not isinstance(call, CallExpr):
            return None
        found = self.calls.get((path, call.line, call.column))
        # the daemon re-parses changed modules: an entry of an older tree must be this call too
        if found is None or _callee(found.call) != _callee(call) or len(found.call.args) != len(call.args):
            return None
        return found

    def register_class(self, info: TypeInfo) -> None:
        self.classes.setdefault(info.name, set()).add(info.fullname)
        table = class_facts(info).get("table")
        if table:
            self.tables.setdefault(str(table), set()).add(info.fullname)
        if class_facts(info).get("backrefs"):
            self.backref_declarers.add(info.fullname)

    def index_modules(self, modules: dict[str, MypyFile]) -> None:
        """Register the mapped classes of modules read from the cache (their class hooks do not
        run in this build). Runs when a lookup misses and new modules were loaded since."""
        if len(modules) == self.index_size:
            return
        self.index_size = len(modules)
        for tree in list(modules.values()):
            if self.scanned.get(id(tree)) is tree:
                continue
            self.scanned[id(tree)] = tree
            if not _may_hold_models(tree):
                continue
            for node in _module_classes(tree):
                if class_facts(node):
                    self.register_class(node)


def _callee(call: CallExpr) -> str:
    callee = call.callee
    return getattr(callee, "fullname", None) or getattr(callee, "name", "")


_LIBRARY_DIRS = ("site-packages", "dist-packages", "typeshed")


def _may_hold_models(tree: MypyFile) -> bool:
    """Libraries (stubs, installed packages, orm and sqlalchemy) define no user models: not
    scanned, which is most of the modules of a build."""
    if tree.is_stub or names.library_of(tree.fullname) is not None:
        return False
    path = tree.path.replace("\\", "/")
    return not any(f"/{part}/" in path for part in _LIBRARY_DIRS)


def _module_classes(tree: MypyFile) -> Iterator[TypeInfo]:
    for sym in list(tree.names.values()):
        node = sym.node
        if isinstance(node, TypeInfo) and node.module_name == tree.fullname:
            yield node
            for inner in list(node.names.values()):  # classes nested in classes
                if isinstance(inner.node, TypeInfo):
                    yield inner.node


def state_of(plugin: Any) -> State:
    state = plugin.state.get("models")
    if state is None:
        state = plugin.state["models"] = State()
    return state


def new_class(api: Any, name: str, bases: list[Instance], line: int) -> Optional[TypeInfo]:
    """A class made by the plugin (a declarative base, Flask's ``db.Model`` stand-in) with all of
    ``bases`` in its MRO; None when they admit no MRO."""
    info = api.basic_new_typeinfo(name, bases[0], line)
    info.bases = bases
    # basic_new_typeinfo fills the MRO from the first base alone, and calculate_mro keeps an MRO
    # it finds: without this the other bases (DeclarativeBaseNoMeta: ``metadata``, ...) are missing
    info.mro = []
    try:
        calculate_mro(info)
    except MroError:
        return None
    info.metaclass_type = info.calculate_metaclass_type()
    return info
