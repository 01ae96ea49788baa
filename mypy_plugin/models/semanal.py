"""Semantic-analysis hooks: declarative bases, the facts of class bodies, backref attributes.

- ``Base = declarative_base()`` (and ``registry.generate_base``) becomes a real class for mypy,
  as if written ``class Base(DeclarativeBaseNoMeta)`` (its ``metadata``, ``registry``,
  ``__table__`` are then typed), so ``class User(Base)`` is a valid class definition.
- Each ``name = Column(...)`` / ``relationship(...)`` / ``mapped_column(...)`` in a class body
  (mapped classes and mixins alike) is recorded, so the type checker can type that call as the
  mapped attribute it is; foreign keys go into the class's facts.
- A mapped class gets its facts (table name, hybrids' expressions, backrefs) and the attributes
  that ``backref=`` declares on it, or that it declares on others.

Everything that cannot be resolved is left alone: mypy then types it as it would without us.
"""
from __future__ import annotations

from typing import Any, Optional

from mypy.nodes import (
    GDEF,
    AssignmentStmt,
    CallExpr,
    ClassDef,
    Decorator,
    MemberExpr,
    NameExpr,
    PlaceholderNode,
    RefExpr,
    SymbolTableNode,
    TypeInfo,
)
from mypy.plugin import ClassDefContext, DynamicClassDefContext, SemanticAnalyzerPluginInterface
from mypy.types import Instance

from .. import names
from . import flask, relationships
from .calls import (
    assigned_name,
    callee_fullname,
    class_body_assignments,
    column_name,
    foreign_key_specs,
    keyword,
    literal_str,
    relationship_args,
)
from .facts import (
    MappedCall,
    class_facts,
    is_declarative_base,
    is_library_base,
    new_class,
    state_of,
    writable_facts,
)

RECORDED_CALLS = (names.COLUMN | names.MAPPED_COLUMN_FUNC | names.RELATIONSHIP_FUNC | names.DYNAMIC_LOADER_FUNC
                  | names.DEFERRED_FUNC | names.COLUMN_PROPERTY_FUNC | names.SYNONYM_FUNC)
# the short names of RECORDED_CALLS, for calls through an object (``db.Column``)
RECORDED_SHORT_NAMES = frozenset(n.rsplit(".", 1)[1] for n in RECORDED_CALLS)


def _enclosing_class(api: SemanticAnalyzerPluginInterface, name: str) -> Optional[TypeInfo]:
    """The class whose body holds the assignment to ``name`` being analysed, or None."""
    current = getattr(api, "type", None)  # SemanticAnalyzer.type: the class being analysed
    if isinstance(current, TypeInfo):
        return current
    qualified = api.qualified_name(name)
    owner = qualified.rpartition(".")[0]
    if not owner or owner == api.cur_mod_id:
        return None
    sym = api.lookup_fully_qualified_or_none(owner)
    return sym.node if sym is not None and isinstance(sym.node, TypeInfo) else None


def _module_path(api: SemanticAnalyzerPluginInterface) -> str:
    tree = api.modules.get(api.cur_mod_id)
    return tree.path if tree is not None else api.cur_mod_id


# -- class-body calls -------------------------------------------------------------------------

def record_class_body_call(plugin: Any, ctx: DynamicClassDefContext) -> None:
    info = _enclosing_class(ctx.api, ctx.name)
    if info is None:
        return
    stmt = next((s for s in class_body_assignments(info.defn) if s.rvalue is ctx.call), None)
    if stmt is None:
        return  # not the direct value of an assignment of this class body
    state_of(plugin).record_call(_module_path(ctx.api), MappedCall(ctx.call, info.fullname, ctx.name, stmt))
    callee = callee_fullname(ctx.call)
    if not callee and isinstance(ctx.call.callee, MemberExpr):
        callee = ctx.call.callee.name  # through an object (``db.relationship``): no full name
    if callee in names.COLUMN or callee in names.MAPPED_COLUMN_FUNC or _short(callee) in ("Column", "mapped_column"):
        facts = writable_facts(info)
        specs = foreign_key_specs(ctx.call) or flask.foreign_key_specs(ctx.call)
        if specs:
            facts.setdefault("fks", {})[ctx.name] = specs
        colname = column_name(ctx.call)
        if colname is not None and colname != ctx.name:
            facts.setdefault("colnames", {})[colname] = ctx.name
    elif callee in names.RELATIONSHIP_FUNC or callee in names.DYNAMIC_LOADER_FUNC or _short(callee) in (
            "relationship", "dynamic_loader"):
        rel = relationship_args(ctx.call)
        if rel["backref"] is not None:
            writable_facts(info).setdefault("backrefs", {})[ctx.name] = rel
    if class_facts(info).get("registry_mapped"):
        _mapped_class(plugin, ctx.api, info.defn)


def _short(fullname: str) -> str:
    return fullname.rsplit(".", 1)[-1]


# -- declarative bases ------------------------------------------------------------------------

def declarative_base_hook(plugin: Any, ctx: DynamicClassDefContext) -> None:
    """``Base = declarative_base(cls=..., ...)``: create the class ``Base``."""
    api = ctx.api
    existing = api.lookup_qualified(ctx.name, ctx.call, suppress_errors=True)
    if existing is not None and isinstance(existing.node, TypeInfo) and class_facts(existing.node).get("base"):
        return  # made in an earlier pass
    lib = names.library_of(callee_fullname(ctx.call))
    if lib is None:
        callee = ctx.call.callee
        lib = _library_of_variable(api, callee.expr if isinstance(callee, MemberExpr) else None)
    no_meta = next(n for n in names.DECLARATIVE_BASE_NO_META if n.startswith(lib + "."))
    base_sym = api.lookup_fully_qualified_or_none(no_meta)
    if base_sym is None or not isinstance(base_sym.node, TypeInfo):
        return
    bases: list[Instance] = []
    unknown_base = False
    cls_arg = keyword(ctx.call, "cls")
    if isinstance(cls_arg, RefExpr):
        cls_node = cls_arg.node
        if isinstance(cls_node, PlaceholderNode) and not api.final_iteration:
            api.defer()  # defined later in the module: wait for it
            return
        if isinstance(cls_node, TypeInfo):
            if cls_node.fullname != "builtins.object":
                bases.append(Instance(cls_node, []))
        else:
            unknown_base = True  # Any (a missing import), a variable: attributes may come from it
    bases.append(Instance(base_sym.node, []))
    info = new_class(api, ctx.name, bases, ctx.call.line)
    if info is None:
        return
    info.fallback_to_any = unknown_base
    writable_facts(info).update({"base": True, "lib": lib})
    api.add_symbol_table_node(ctx.name, SymbolTableNode(GDEF, info, plugin_generated=True))


def _library_of_variable(api: SemanticAnalyzerPluginInterface, expr: object) -> str:
    """The library of the registry a module-level variable holds (``mapper_registry =
    registry()``), read from its assignment; ``orm`` when it cannot be told."""
    tree = api.modules.get(api.cur_mod_id)
    if isinstance(expr, NameExpr) and tree is not None:
        for stmt in tree.defs:
            if isinstance(stmt, AssignmentStmt) and assigned_name(stmt) == expr.name \
                    and isinstance(stmt.rvalue, CallExpr):
                found = names.library_of(callee_fullname(stmt.rvalue))
                if found:
                    return found
    return names.ORM


def declarative_subclass_hook(plugin: Any, ctx: ClassDefContext) -> None:
    """A class deriving from a declarative base or a mapped class (base class hook)."""
    info = ctx.cls.info
    if any(is_library_base(base.type) for base in info.bases):
        writable_facts(info).update({"base": True, "lib": names.library_of(info.bases[0].type.fullname)
                                     or names.ORM})
        return
    _mapped_class(plugin, ctx.api, ctx.cls)


def mapped_decorator_hook(plugin: Any, ctx: ClassDefContext) -> None:
    """``@registry.mapped`` / ``@mapper_registry.mapped`` classes are mapped."""
    writable_facts(ctx.cls.info)["mapped"] = True
    _mapped_class(plugin, ctx.api, ctx.cls)


def registry_mapped_hook(plugin: Any, ctx: ClassDefContext) -> None:
    """A class decorated ``@<registry>.mapped`` (or ``.mapped_as_dataclass``) is mapped."""
    for decorator in ctx.cls.decorators:
        if isinstance(decorator, CallExpr):
            decorator = decorator.callee
        if isinstance(decorator, MemberExpr) and decorator.name in ("mapped", "mapped_as_dataclass"):
            lib = _library_of_variable(ctx.api, decorator.expr)
            facts = writable_facts(ctx.cls.info)
            facts.update({"mapped": True, "registry_mapped": True, "lib": facts.get("lib", lib)})
            if decorator.name == "mapped_as_dataclass":
                facts["dataclass"] = True
            # the body is not analysed yet: its calls complete the facts as they are recorded
            return


def as_declarative_hook(plugin: Any, ctx: ClassDefContext) -> None:
    """``@as_declarative()`` makes the class a declarative base."""
    lib = names.library_of(ctx.reason.callee.fullname if isinstance(ctx.reason, CallExpr)
                           and isinstance(ctx.reason.callee, RefExpr) else "") or names.ORM
    writable_facts(ctx.cls.info).update({"base": True, "lib": lib})


def _mapped_class(plugin: Any, api: SemanticAnalyzerPluginInterface, defn: ClassDef) -> None:
    info = defn.info
    facts = writable_facts(info)
    for stmt in class_body_assignments(defn):
        name = assigned_name(stmt)
        if name == "__tablename__":
            table = literal_str(stmt.rvalue)
            if table is not None:
                facts["table"] = table
        elif name == "__abstract__":
            facts["abstract"] = True
    if not facts.get("abstract") and not is_declarative_base(info):
        facts["mapped"] = True
        if "table" not in facts:
            table = flask.automatic_table_name(info)
            if table is not None:
                facts["table"] = table
    hybrids = _hybrid_expressions(defn)
    if hybrids:
        facts["hybrid_expressions"] = hybrids
    state = state_of(plugin)
    state.register_class(info)
    relationships.install_backrefs(plugin, api, info)


def _hybrid_expressions(defn: ClassDef) -> dict[str, str]:
    """hybrid name -> the method giving its SQL expression (``@name.inplace.expression`` or
    ``@name.expression``)."""
    found = {}
    for stmt in defn.defs.body:
        if not isinstance(stmt, Decorator):
            continue
        for decorator in stmt.original_decorators:
            node = decorator
            if isinstance(node, MemberExpr) and node.name == "expression":
                inner = node.expr
                if isinstance(inner, MemberExpr) and inner.name == "inplace":
                    inner = inner.expr
                if isinstance(inner, RefExpr):
                    found[inner.name] = stmt.func.name
    return found
