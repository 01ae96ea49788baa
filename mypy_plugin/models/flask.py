"""Flask-SQLAlchemy: ``class User(db.Model)`` as a valid mapped class, and ``db.Column``,
``db.Integer``, ``db.relationship``, ...: the ``sqlalchemy`` (or ``sqlalchemy.orm``) names the
extension object hands out at runtime.

``db.Model``. ``db = SQLAlchemy()`` makes the model base at runtime, as an attribute of an
object. mypy accepts only names it can look up as base classes, and a name cannot be looked up
through a variable that has a type (``Name "db.Model" is not defined``); no plugin hook runs before
the bases of a class are analysed. So the plugin works on the syntax tree when mypy parses a module
(``get_additional_deps`` receives each parsed tree before its analysis):

- ``db = SQLAlchemy(...)`` at module level: the semantic analyser's call hook creates a class
  ``_ormlens_db_Model`` in that module: a declarative base deriving from Flask-SQLAlchemy's
  ``Model`` (``query``, ``query_class``) and from SQLAlchemy's declarative base (or from the
  ``model_class=`` given), so its subclasses are mapped like ``declarative_base()`` ones.
- ``class User(db.Model)``, where ``db`` is assigned ``SQLAlchemy(...)`` in the module or imported
  by ``from ... import db``, derives from ``_ormlens_db_Model`` instead (imported along with
  ``db``). The class name is the assigned one: ``from app import db as database`` finds
  ``_ormlens_db_Model`` in ``app``; a module passing ``db`` on (``from .extensions import db``)
  passes the class on too.

A module whose tree mypy did not parse in this run comes from the cache, already rewritten.
But mypy also checks an unchanged module again, from its source, when a module it imports changed
its interface or a module of its import cycle changed, and it parses that source without calling
``get_additional_deps``: the bases would stay ``db.Model``, and no other hook runs before they
are analysed. So a rewritten module is never taken as fresh (``parse_again``): each run parses it
with the other changed modules, through ``get_additional_deps``. The price: the modules using or
passing on ``db.Model``, and their import cycle, are checked in every run.

``db.Column`` & co. Flask-SQLAlchemy types them as ``Any`` (``SQLAlchemy.__getattr__``); typed
as the names they stand for, the model hooks treat them as they treat ``Column(Integer)``.

Example::

    db = SQLAlchemy()
    class User(db.Model):                          # valid base; User is mapped
        id = db.Column(db.Integer, primary_key=True)   # User().id: int
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

from mypy.nodes import (
    GDEF,
    AssignmentStmt,
    Block,
    CallExpr,
    ClassDef,
    Expression,
    FuncDef,
    IfStmt,
    ImportFrom,
    MemberExpr,
    MypyFile,
    NameExpr,
    OverloadedFuncDef,
    PlaceholderNode,
    RefExpr,
    Statement,
    StrExpr,
    SymbolTableNode,
    TypeInfo,
    Var,
)
from mypy.plugin import AttributeContext, DynamicClassDefContext, MethodContext
from mypy.types import AnyType, Instance, Type, get_proper_type
from mypy.util import correct_relative_import

from .. import names
from ..records import read_record, record_path, write_record
from . import columns
from .calls import keyword
from .facts import class_facts, new_class, writable_facts

_SOURCES = ("sqlalchemy", "sqlalchemy.orm")
_EXTENSION_CLASS = "SQLAlchemy"
_RECORD = "ormlens-flask.json"


def model_base_name(variable: str) -> str:
    """The name of the class standing for ``<variable>.Model``, in the module of the variable."""
    return f"_ormlens_{variable}_Model"


# -- parse time: ``db.Model`` bases become references to a class ------------------------------

def _body_statements(body: list[Statement]) -> Iterator[Statement]:
    """Module-level statements, including those under ``if`` (``if TYPE_CHECKING:``)."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, IfStmt):
            for block in stmt.body:
                yield from _body_statements(block.body)
            if isinstance(stmt.else_body, Block):
                yield from _body_statements(stmt.else_body.body)


def _is_extension_call(expr: Optional[Expression]) -> bool:
    if not isinstance(expr, CallExpr):
        return False
    callee = expr.callee
    # ``SQLAlchemy(...)``, and subclasses named after it (``CustomSQLAlchemy``, ``SQLAlchemyExt``)
    return isinstance(callee, (NameExpr, MemberExpr)) and _EXTENSION_CLASS in callee.name


def rewrite_model_bases(plugin: Any, tree: MypyFile) -> None:
    """Replace ``db.Model`` base expressions of the classes of ``tree`` (see the module docstring).

    Syntax only: ``db`` counts when this module assigns it ``SQLAlchemy(...)`` (the semantic hook
    checks that this is Flask-SQLAlchemy's) or imports it with ``from ... import``."""
    if getattr(tree, "raw_data", None) is not None:
        return  # only the imports of a module parsed for parallel workers: nothing to read here
    statements = list(_body_statements(tree.defs))
    local: set[str] = set()
    imports: dict[str, tuple[ImportFrom, str]] = {}
    for stmt in statements:
        if isinstance(stmt, AssignmentStmt) and _is_extension_call(stmt.rvalue):
            local.update(lvalue.name for lvalue in stmt.lvalues if isinstance(lvalue, NameExpr))
        elif isinstance(stmt, ImportFrom):
            for name, alias in stmt.names:
                imports[alias or name] = (stmt, name)
    for stmt in statements:
        if not isinstance(stmt, ClassDef):
            continue
        for index, base in enumerate(stmt.base_type_exprs):
            if not (isinstance(base, MemberExpr) and base.name == "Model" and isinstance(base.expr, NameExpr)):
                continue
            variable = base.expr.name
            if variable in local:
                hidden = model_base_name(variable)
            elif variable in imports:
                importer, original = imports[variable]
                hidden = model_base_name(original)
            else:
                continue
            ref = NameExpr(hidden)
            ref.set_line(base)
            stmt.base_type_exprs[index] = ref
            _reexports(plugin).edited.add(tree.fullname)
            if variable not in local:
                entry = _import_along(importer, original, None)

                def undo(cls: ClassDef = stmt, index: int = index, base: Expression = base,
                         importer: ImportFrom = importer, entry: tuple[str, Optional[str]] = entry) -> None:
                    cls.base_type_exprs[index] = base
                    if entry in importer.names:
                        importer.names.remove(entry)

                _want(plugin, _source_module(tree, importer), original, undo)
    reexports = _reexports(plugin)
    reexports.trees[tree.fullname] = tree
    # kept, not popped: the daemon parses a module again after an edit, and the new tree must
    # pass the class on as the old one did
    for name in sorted(reexports.wanted.get(tree.fullname, ())):
        reexports.verdict.pop((tree.fullname, name), None)  # this tree decides again
        _provide(plugin, tree, name)


class _Reexports:
    """Modules that pass ``db`` on (``app/__init__.py``: ``from .extensions import db``) must pass
    its model class on too, for the modules importing ``db`` from them. A module is asked when
    both it and a module importing ``db`` from it are parsed, in either order.

    The module an imported ``db`` comes from also tells whether it is an extension object at all:
    when it is not (``db = FlaskDB(app)`` of another library), the rewrite is undone, and mypy
    says what it says without the plugin. mypy parses every module before analysing any, so this
    happens in time. For a module read from the cache, the verdict of the run that parsed it is
    kept in ``<cache_dir>/ormlens-flask.json``; without one the rewrite stays."""

    def __init__(self, cache_dir: Optional[str]) -> None:
        self.trees: dict[str, MypyFile] = {}  # module -> its tree, as parsed in this run
        self.wanted: dict[str, set[str]] = {}  # module -> names asked of it
        # (id(tree), name) provided -> the tree (held, so that its id is not reused)
        self.done: dict[tuple[int, str], MypyFile] = {}
        # (module, name) -> whether it is an extension object, once known
        self.verdict: dict[tuple[str, str], bool] = {}
        # (module, name) -> what undoes the rewrites relying on it, until the verdict is known
        self.undo: dict[tuple[str, str], list[Callable[[], None]]] = {}
        self.edited: set[str] = set()  # modules whose trees this run rewrote
        self.path = record_path(cache_dir, _RECORD)
        self.earlier: dict[str, bool] = self._load()  # "module:name" -> verdict of earlier runs

    def settle(self, key: tuple[str, str], verdict: bool) -> None:
        self.verdict[key] = verdict
        callbacks = self.undo.pop(key, [])
        if not verdict:
            for callback in callbacks:
                callback()
        if self.earlier.get(":".join(key)) is not verdict:
            self.earlier[":".join(key)] = verdict
            self._save()

    def _load(self) -> dict[str, bool]:
        data = read_record(self.path)
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, bool)}

    def _save(self) -> None:
        # without the record a cached module's verdict is unknown: the rewrite stays
        write_record(self.path, self.earlier)


def _reexports(plugin: Any) -> _Reexports:
    found = plugin.state.get("flask")
    if found is None:
        found = plugin.state["flask"] = _Reexports(getattr(plugin.options, "cache_dir", None))
    return found


def _want(plugin: Any, module: Optional[str], name: str, undo: Callable[[], None]) -> None:
    """Ask ``module`` for the model class of its ``name``; ``undo`` when it has none."""
    if not module:
        return
    reexports = _reexports(plugin)
    key = (module, name)
    verdict = reexports.verdict.get(key)
    if verdict is None and module not in reexports.trees:
        # not parsed (yet): what an earlier run found, if it found anything; parsed later in this
        # run, the module decides again (an undone rewrite then stays undone until the next run)
        verdict = reexports.earlier.get(f"{module}:{name}")
    if verdict is False:
        undo()
        return
    if verdict is None:
        reexports.undo.setdefault(key, []).append(undo)
    reexports.wanted.setdefault(module, set()).add(name)
    tree = reexports.trees.get(module)
    if tree is not None:
        _provide(plugin, tree, name)


def _provide(plugin: Any, tree: MypyFile, name: str) -> None:
    """Make ``_ormlens_<name>_Model`` importable from ``tree``'s module: where ``name`` is imported
    (``from .extensions import db as name``) the model class is imported along; where it is
    assigned, the semantic hook makes it."""
    reexports = _reexports(plugin)
    if (id(tree), name) in reexports.done:
        return
    reexports.done[(id(tree), name)] = tree
    key = (tree.fullname, name)
    statements = list(_body_statements(tree.defs))
    for stmt in statements:
        if isinstance(stmt, AssignmentStmt) and _is_extension_call(stmt.rvalue) \
                and any(isinstance(lvalue, NameExpr) and lvalue.name == name for lvalue in stmt.lvalues):
            reexports.settle(key, True)
            return
    for stmt in statements:
        if isinstance(stmt, ImportFrom):
            for original, alias in list(stmt.names):
                if (alias or original) == name:
                    entry = _import_along(stmt, original, name)
                    reexports.edited.add(tree.fullname)

                    def undo(stmt: ImportFrom = stmt, entry: tuple[str, Optional[str]] = entry) -> None:
                        if entry in stmt.names:
                            stmt.names.remove(entry)
                        reexports.settle(key, False)

                    _want(plugin, _source_module(tree, stmt), original, undo)
                    return
    reexports.settle(key, False)  # neither made nor imported here: not an extension object


def _import_along(stmt: ImportFrom, original: str, alias: Optional[str]) -> tuple[str, Optional[str]]:
    """Add ``_ormlens_<original>_Model [as _ormlens_<alias>_Model]`` to ``stmt``'s names."""
    hidden = model_base_name(original)
    as_name = model_base_name(alias) if alias and alias != original else None
    entry = (hidden, as_name)
    if all((a or n) != (as_name or hidden) for n, a in stmt.names):
        stmt.names.append(entry)
    return entry


def _source_module(tree: MypyFile, stmt: ImportFrom) -> Optional[str]:
    module, ok = correct_relative_import(tree.fullname, stmt.relative, stmt.id, tree.is_package_init_file())
    return module if ok else None


# -- semantic analysis: ``db = SQLAlchemy(...)`` makes the class ------------------------------

def extension_hook(plugin: Any, ctx: DynamicClassDefContext) -> None:
    """``db = SQLAlchemy(...)``: create ``_ormlens_db_Model``, the class ``db.Model`` is."""
    api = ctx.api
    if getattr(api, "type", None) is not None or getattr(api, "is_func_scope", lambda: False)():
        return  # only module-level extension objects are reachable from other modules
    hidden = model_base_name(ctx.name)
    existing = api.lookup_qualified(hidden, ctx.call, suppress_errors=True)
    if existing is not None and isinstance(existing.node, TypeInfo) and class_facts(existing.node).get("flask"):
        return  # made in an earlier pass
    fsa_model = api.lookup_fully_qualified_or_none(names.FLASK_MODEL)
    # at runtime ``db.Model`` is a legacy ``declarative_base(cls=Model, metaclass=DefaultMeta)``
    # class, whose mapped subclasses always have a ``__table__``; DeclarativeBase says so
    # (``ClassVar[FromClause]``), DeclarativeBaseNoMeta does not (``FromClause | None``)
    declarative = api.lookup_fully_qualified_or_none(names.FLASK_DECLARATIVE_BASE)
    if fsa_model is None or not isinstance(fsa_model.node, TypeInfo):
        return
    bases: list[Instance] = []
    model_class = keyword(ctx.call, "model_class")
    if isinstance(model_class, RefExpr):
        node = model_class.node
        if isinstance(node, PlaceholderNode) and not api.final_iteration:
            api.defer()
            return
        if isinstance(node, TypeInfo) and node.fullname != fsa_model.node.fullname \
                and not node.has_base(fsa_model.node.fullname):
            bases.append(Instance(node, []))
    bases.append(Instance(fsa_model.node, []))
    if not any(class_facts(b.type).get("base") or _is_library_base(b.type) for b in bases) \
            and declarative is not None and isinstance(declarative.node, TypeInfo):
        bases.append(Instance(declarative.node, []))
    info = new_class(api, hidden, bases, ctx.call.line)
    if info is None:
        return
    writable_facts(info).update({"base": True, "lib": names.SQLALCHEMY, "flask": True})
    api.add_symbol_table_node(hidden, SymbolTableNode(GDEF, info, plugin_generated=True))


def _is_library_base(info: TypeInfo) -> bool:
    return any(base.fullname in names.DECLARATIVE_BASE_CLASS or base.fullname in names.DECLARATIVE_BASE_NO_META
               for base in info.mro)


# -- semantic analysis: what Flask-SQLAlchemy adds to a model's facts ---------------------------

def foreign_key_specs(call: CallExpr) -> list[str]:
    """The targets of ``db.ForeignKey("users.id")`` arguments of a column (the generic reader
    knows ``ForeignKey`` by its full name, which a name reached through an object has not)."""
    specs = []
    for arg in call.args:
        if isinstance(arg, CallExpr) and isinstance(arg.callee, MemberExpr) and arg.callee.name == "ForeignKey" \
                and not (isinstance(arg.callee, RefExpr) and arg.callee.fullname) and arg.args:
            target = arg.args[0]
            if isinstance(target, StrExpr):
                specs.append(target.value)
            elif isinstance(target, MemberExpr) and isinstance(target.expr, NameExpr):
                specs.append(f"@{target.expr.name}.{target.name}")
    return specs


def automatic_table_name(info: TypeInfo) -> Optional[str]:
    """The ``__tablename__`` Flask-SQLAlchemy gives a model that names none: its class name in
    snake case (``UserProfile`` -> ``user_profile``), when the class declares a primary key
    (without one it is taken for single-table inheritance and shares its parent's table)."""
    if not any(class_facts(base).get("flask") for base in info.mro[1:]):
        return None
    if not any(_declares_primary_key(stmt) for stmt in info.defn.defs.body):
        return None
    return _snake_case(info.name)


def _declares_primary_key(stmt: Statement) -> bool:
    if not isinstance(stmt, AssignmentStmt) or not isinstance(stmt.rvalue, CallExpr):
        return False
    value = keyword(stmt.rvalue, "primary_key")
    return isinstance(value, NameExpr) and value.name == "True"


def _snake_case(name: str) -> str:
    out: list[str] = []
    for i, char in enumerate(name):
        # a capital starts a word after a lower-case letter or digit ("userId" -> "user_id"),
        # and before a lower-case letter inside a run of capitals ("HTTPCode" -> "http_code")
        if char.isupper() and i and (name[i - 1].islower() or name[i - 1].isdigit()
                                     or (i + 1 < len(name) and name[i + 1].islower())):
            out.append("_")
        out.append(char.lower())
    return "".join(out).lstrip("_")


# -- type checking: ``db.Column`` & co. --------------------------------------------------------

def proxied_name(plugin: Any, attr: str, ctx: AttributeContext) -> Type:
    if not isinstance(get_proper_type(ctx.default_attr_type), AnyType):
        return ctx.default_attr_type  # declared on the extension itself (``db.Model``, ``db.session``)
    for module in _SOURCES:
        try:
            sym = plugin.lookup_fully_qualified(f"{module}.{attr}")
        except (AssertionError, KeyError):
            sym = None
        node = sym.node if sym is not None else None
        if isinstance(node, (TypeInfo, FuncDef, OverloadedFuncDef, Var)):
            ref = NameExpr(attr)
            ref.node = node
            ref.kind = GDEF
            ref.fullname = node.fullname
            ref.set_line(ctx.context)
            # the type of a reference to that name, as mypy computes it (a class's constructor)
            return ctx.api.get_expression_type(ref)
    return ctx.default_attr_type


def subclass_relationship_hook(plugin: Any, ctx: MethodContext) -> Type:
    """``db.relationship(...)`` where ``db`` is a subclass of the extension (``class
    MySQLAlchemy(SQLAlchemy)``): typed as the extension's own; a method of that name on any
    other class keeps mypy's type."""
    receiver = get_proper_type(ctx.type)
    if isinstance(receiver, Instance) and receiver.type.has_base(names.FLASK_SQLALCHEMY):
        return columns.relationship_hook(plugin, ctx)
    return ctx.default_return_type


def parse_again(plugin: Any, module: str) -> bool:
    """Whether this run rewrote ``module``'s tree (see the module docstring): its cache then
    records a configuration the next run never reports, so that run parses it anew."""
    return module in _reexports(plugin).edited
