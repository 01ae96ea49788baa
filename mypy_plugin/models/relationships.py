"""Relationships: the target class, the side the foreign key is on, and the Python type of the
attribute on both ends (``relationship("Post")`` -> ``list[Post]``; its ``backref``).

The shape follows the relationship's direction, as in SQLAlchemy: many-to-one gives
``Post | None``; one-to-many and many-to-many (``secondary=``) a collection; ``uselist`` decides
when given. This module only gathers the facts from mypy's view of the two classes (their tables,
foreign keys, ``foreign_keys=`` entries, whether ``remote_side=`` is given); the direction itself
is decided by the checker (:mod:`analysis.relationship_direction`). A direction that cannot be
known (no foreign key found, keys both ways without a hint, a custom ``primaryjoin`` without
foreign keys) gives no type: the attribute stays ``Any``.

Example::

    direction = direction_of(plugin, user_info, post_info, relationship_args(call))  # "ONETOMANY"
    value_type(direction, None, None, None, Instance(post_info, []), make)          # list[Post]
"""
from __future__ import annotations

from typing import Any, Optional

from mypy.nodes import MDEF, SymbolTableNode, TypeInfo, Var
from mypy.plugin import SemanticAnalyzerPluginInterface
from mypy.types import AnyType, Instance, NoneType, Type, TypeOfAny, UnionType

from analysis.relationship_direction import (
    BOTH,
    OWNER,
    REFERENCED,
    TARGET,
    is_collection,
    opposite,
    relationship_direction,
)

from .. import names
from .coltypes import Maker
from .facts import class_facts, declarative_root, foreign_keys, library_of, mro_facts, state_of


def resolve_target(plugin: Any, spec: Optional[str], owner: TypeInfo) -> Optional[TypeInfo]:
    """The class a relationship names: ``"=full.Name"`` (named directly), ``"pkg.mod.Post"``, or
    ``"Post"`` - looked up in the owner's module (defined or imported there), then among the
    mapped classes of the build with that name (one, preferably under the same declarative base).
    """
    if not spec:
        return None
    if spec.startswith("="):
        return _type_info(plugin, spec[1:])
    if not spec.replace(".", "").replace("_", "").isalnum():
        return None  # an expression in a string ("and_(...)"), not a class name
    if "." in spec:
        found = _type_info(plugin, spec)
        if found is not None:
            return found
        spec = spec.rsplit(".", 1)[1]
    found = _type_info(plugin, f"{owner.module_name}.{spec}")
    if found is not None:
        return found
    state = state_of(plugin)
    candidates = _candidates(plugin, spec)
    if not candidates:
        state.index_modules(plugin.modules)
        candidates = _candidates(plugin, spec)
    if len(candidates) > 1:
        root = declarative_root(owner)
        candidates = [c for c in candidates if declarative_root(c) is root]
    return candidates[0] if len(candidates) == 1 else None


def _candidates(plugin: Any, name: str) -> list[TypeInfo]:
    found = []
    for fullname in sorted(state_of(plugin).classes.get(name, ())):
        info = _type_info(plugin, fullname)
        if info is not None and info.name == name and class_facts(info):
            found.append(info)
    return found


def _type_info(plugin: Any, fullname: str) -> Optional[TypeInfo]:
    try:
        sym = plugin.lookup_fully_qualified(fullname)
    except (AssertionError, KeyError):
        return None
    return sym.node if sym is not None and isinstance(sym.node, TypeInfo) else None


def _tables(info: TypeInfo) -> set[str]:
    """The tables of the class and of its mapped parents (joined inheritance: several)."""
    return {str(facts["table"]) for _, facts in mro_facts(info) if facts.get("table")}


def _points_at(plugin: Any, spec: str, source: TypeInfo, target: TypeInfo) -> Optional[bool]:
    """Whether the foreign key ``spec`` of ``source`` references ``target`` (None: unknown)."""
    if spec.startswith("@"):
        cls = spec[1:].split(".", 1)[0]
        found = resolve_target(plugin, cls, source)
        return None if found is None else found is target or target.has_base(found.fullname)
    table = spec.rsplit(".", 1)[0] if "." in spec else None
    target_tables = _tables(target)
    if table is None or not target_tables:
        return None
    # "schema.table.column": compare the table part
    return table in target_tables or table.rsplit(".", 1)[-1] in target_tables


def _fks_towards(plugin: Any, source: TypeInfo, target: TypeInfo) -> Optional[bool]:
    verdicts = [_points_at(plugin, spec, source, target)
                for specs in foreign_keys(source).values() for spec in specs]
    if any(v is True for v in verdicts):
        return True
    if any(v is None for v in verdicts):
        return None
    return False


def direction_of(plugin: Any, owner: TypeInfo, target: TypeInfo, rel: dict[str, Any]) -> Optional[str]:
    """The direction (``ONETOMANY``, ``MANYTOONE``, ``MANYTOMANY``, None: unknown) of the
    relationship ``rel`` of ``owner``: the facts gathered from mypy's view of the two classes,
    decided by the checker's :func:`analysis.relationship_direction.relationship_direction`."""
    if rel.get("secondary"):
        return relationship_direction(secondary=True)
    own_tables, target_tables = _tables(owner), _tables(target)
    return relationship_direction(
        self_referential=owner is target or bool(own_tables & target_tables),
        remote_side=REFERENCED if rel.get("remote_side") else None,
        fks_to_target=_fks_towards(plugin, owner, target),
        fks_from_target=_fks_towards(plugin, target, owner),
        foreign_side=_foreign_side(plugin, owner, target, rel.get("foreign_keys") or []))


def _foreign_side(plugin: Any, owner: TypeInfo, target: TypeInfo, entries: list[str]) -> Optional[str]:
    """Where ``foreign_keys=`` puts the foreign columns (None: not given, or an entry unknown)."""
    sides = {_fk_entry_side(plugin, entry, owner, target) for entry in entries}
    if not sides or None in sides:
        return None
    return BOTH if len(sides) > 1 else sides.pop()


def _fk_entry_side(plugin: Any, entry: str, owner: TypeInfo, target: TypeInfo) -> Optional[str]:
    if "." not in entry:
        return OWNER if entry in owner.names or entry in foreign_keys(owner) else None
    cls = resolve_target(plugin, entry.split(".", 1)[0], owner)
    if cls is None:
        return None
    if cls is owner:
        return OWNER
    return TARGET if cls is target else None


def _collection(kind: Optional[str], element: Type, make: Maker) -> Optional[Type]:
    if kind in (None, "list"):
        return make("builtins.list", [element])
    if kind == "set":
        return make("builtins.set", [element])
    if kind == "dict":
        return make("builtins.dict", [AnyType(TypeOfAny.special_form), element])
    return None  # a custom collection class: not known here


def value_type(direction: Optional[str], uselist: Optional[bool], collection: Optional[str],
               lazy: Optional[str], element: Type, make: Maker) -> Optional[Type]:
    """The instance-level type of a relationship attribute whose elements are ``element``."""
    collects = is_collection(direction, uselist)
    if collects is None:
        return None
    if not collects:
        return UnionType.make_union([element, NoneType()])
    if lazy in ("dynamic", "write_only"):
        return None  # a query / write-only collection object, typed by the library when annotated
    return _collection(collection, element, make)


def relationship_type(plugin: Any, owner: TypeInfo, rel: dict[str, Any], make: Maker) -> Optional[Type]:
    """The instance-level type of the relationship ``rel`` declared on ``owner``."""
    target = resolve_target(plugin, rel.get("target"), owner)
    if target is None:
        return None
    return value_type(direction_of(plugin, owner, target, rel), rel.get("uselist"), rel.get("collection"), rel.get("lazy"), Instance(target, []), make)


def backref_type(plugin: Any, owner: TypeInfo, target: TypeInfo, rel: dict[str, Any], make: Maker) -> Optional[Type]:
    """The instance-level type of the attribute ``rel``'s backref creates on ``target``."""
    backref = rel["backref"]
    reverse = opposite(direction_of(plugin, owner, target, rel))
    return value_type(reverse, backref.get("uselist"), backref.get("collection"), backref.get("lazy"),
                      Instance(owner, []), make)


def instance_maker(plugin: Any) -> Maker:
    """A maker of instance types that finds classes through the plugin's view of all modules
    (the checker's own lookup only follows names the current module can reach)."""

    def make(fullname: str, args: list[Type]) -> Optional[Type]:
        info = _type_info(plugin, fullname)
        if info is None or len(info.defn.type_vars) != len(args):
            return None
        return Instance(info, args)

    return make


def mapped_attribute(make: Maker, lib: str, value: Optional[Type]) -> Optional[Type]:
    """``Mapped[value]`` of the library ``lib`` (``Any`` inside when the value is unknown)."""
    inner = value if value is not None else AnyType(TypeOfAny.special_form)
    return make(next(n for n in names.MAPPED if n.startswith(lib + ".")), [inner])


# -- backref attributes (semantic analysis) ----------------------------------------------------

def install_backrefs(plugin: Any, api: SemanticAnalyzerPluginInterface, info: TypeInfo) -> None:
    """Give classes the attributes backrefs create: those ``info`` declares on its targets, and
    those declared on ``info`` by classes analysed earlier (whichever of the two classes is
    analysed second has the facts of both)."""

    make = instance_maker(plugin)
    state = state_of(plugin)
    # declarers read from mypy's cache ran no class hook in this build: register them first, or
    # a target analysed again while its declarer stays cached loses the backref attribute
    state.index_modules(plugin.modules)
    for rel in class_facts(info).get("backrefs", {}).values():
        target = resolve_target(plugin, rel.get("target"), info)
        if target is not None:
            _install(plugin, info, target, rel, make)
    for declarer_name in sorted(state.backref_declarers):
        declarer = _type_info(plugin, declarer_name)
        if declarer is None or declarer is info:
            continue
        for rel in class_facts(declarer).get("backrefs", {}).values():
            if resolve_target(plugin, rel.get("target"), declarer) is info:
                _install(plugin, declarer, info, rel, make)


def _install(plugin: Any, owner: TypeInfo, target: TypeInfo, rel: dict[str, Any], make: Maker) -> None:
    name = rel["backref"]["name"]
    existing = target.names.get(name)
    if existing is not None and not existing.plugin_generated:
        return  # the class defines it itself
    typ = mapped_attribute(make, library_of(target), backref_type(plugin, owner, target, rel, make))
    if typ is not None:
        add_attribute(target, name, typ)


def add_attribute(info: TypeInfo, name: str, typ: Type) -> None:
    """Add the attribute ``name: typ`` to the class (replacing one added earlier, from fewer
    facts: a class's facts grow while its body is analysed)."""
    existing = info.names.get(name)
    if existing is not None and existing.plugin_generated and isinstance(existing.node, Var):
        existing.node.type = typ
        return
    var = Var(name, typ)
    var.info = info
    var._fullname = f"{info.fullname}.{name}"
    var.is_initialized_in_class = True
    info.names[name] = SymbolTableNode(MDEF, var, plugin_generated=True)
