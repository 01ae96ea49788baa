"""The shadow model: real ``orm`` tables and mapped classes built from the model index.

The SQL preview builds statements with ``orm``'s own constructs and compilers, so it needs mapped
classes that behave like the user's.  They are made here from the index's data only (the user's
modules are never imported): one isolated :class:`orm.registry` and :class:`orm.MetaData` per
index generation, cached, with columns (types from the index's type names), primary and foreign
keys, association tables and relationships (``secondary``, ``back_populates``, backrefs, ``lazy``,
``uselist``, ``order_by`` and join arguments interpreted, never evaluated).

A model that cannot be built (a relationship to a missing class, a foreign key to a missing
column, an ambiguous join) is degraded (the relationship or key is left out) or skipped; what was
left out is listed in :attr:`ShadowModel.problems`.  Building never raises.

Example::

    shadow = shadow_model(ws.project)
    User = shadow.class_for("app.models.User")
    print(orm.select(User).where(User.name == "x"))
    shadow.incomplete          # qualnames whose entity SELECT cannot be reproduced exactly
    shadow.caveats             # qualname -> what a preview involving it should say
"""
from __future__ import annotations

import ast
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import orm
from orm import types as orm_types
from orm.dialects import mysql as _mysql
from orm.dialects import postgresql as _postgresql
from orm.dialects import sqlite as _sqlite

from analysis.index.model import ColumnInfo, ModelInfo, ProjectIndex, RelationshipInfo, TableInfo

log = logging.getLogger("ormlens")

# where type names are looked up, in order (the index keeps the class name as written)
_TYPE_MODULES = (orm_types, _postgresql, _mysql, _sqlite)
_LAZY = {"select", "joined", "selectin", "subquery", "raise", "raise_on_sql", "noload", "dynamic",
         "write_only", "immediate"}
# rebuild attempts after a configuration error before giving up on relationships altogether
_MAX_REBUILDS = 6
_CACHE_SIZE = 4


@dataclass(eq=False)
class ShadowModel:
    """The mapped classes and tables of one index generation (see the module docstring)."""

    project: ProjectIndex
    generation: int
    registry: Any
    metadata: Any
    classes: dict[str, type] = field(default_factory=dict)       # model qualname -> class
    tables: dict[str, Any] = field(default_factory=dict)         # table name -> orm Table
    incomplete: set[str] = field(default_factory=set)            # qualnames (see module doc)
    caveats: dict[str, str] = field(default_factory=dict)        # qualname -> what to know
    problems: list[str] = field(default_factory=list)
    models: dict[type, ModelInfo] = field(default_factory=dict)  # class -> its ModelInfo
    table_variables: dict[str, str] = field(default_factory=dict)  # variable qualname -> table

    def class_for(self, qualname: str) -> Optional[type]:
        """The shadow class of the model ``qualname`` (None when it could not be built)."""
        return self.classes.get(qualname)

    def model_of(self, cls: Any) -> Optional[ModelInfo]:
        return self.models.get(cls)

    def table(self, name: str) -> Optional[Any]:
        return self.tables.get(name)

    def is_incomplete(self, cls: Any) -> bool:
        model = self.models.get(cls)
        return model is None or model.qualname in self.incomplete


# ---------------------------------------------------------------------------------------- cache
_cache: list[ShadowModel] = []
_lock = threading.Lock()


SourceOf = Callable[[str], Optional[str]]


def shadow_model(project: ProjectIndex, source_of: Optional[SourceOf] = None) -> ShadowModel:
    """The shadow model of ``project``, built once per index generation (thread-safe).

    ``source_of(path)`` gives a model file's text (the editor's when open); it is read for what
    the index does not keep (column defaults).  Without it files are read from disk.
    """
    with _lock:
        for entry in _cache:
            if entry.project is project and entry.generation == project.generation:
                return entry
    built = build_shadow(project, source_of)
    with _lock:
        _cache[:] = [e for e in _cache if not (e.project is project)]
        _cache.insert(0, built)
        for old in _cache[_CACHE_SIZE:]:
            _dispose(old)
        del _cache[_CACHE_SIZE:]
    return built


def _dispose(shadow: ShadowModel) -> None:
    try:
        shadow.registry.dispose()
    except Exception:   # disposing is best effort: the classes are garbage anyway
        log.debug("disposing a shadow registry failed", exc_info=True)


# ---------------------------------------------------------------------------------------- build
def build_shadow(project: ProjectIndex, source_of: Optional[SourceOf] = None) -> ShadowModel:
    """Build a fresh shadow model of ``project`` (uncached; never raises)."""
    dropped: set[tuple[str, str]] = set()
    problems: list[str] = []
    source_of = source_of or _read_file
    for _attempt in range(_MAX_REBUILDS):
        shadow = _Builder(project, dropped, problems, source_of=source_of).build()
        failure = _configure(shadow)
        if failure is None:
            return shadow
        _dispose(shadow)
        culprits = _culprits(failure, shadow, dropped)
        problems.append(f"configuration failed: {failure}")
        if not culprits:
            # the error names no relationship: find one by halving the relationships
            culprits = _bisect(project, dropped, source_of)
        if not culprits:
            break
        problems.append("left out: " + ", ".join(f"{q}.{k}" for q, k in sorted(culprits)))
        dropped.update(culprits)
    # last resort: no relationships at all, so that column-level previews still work
    shadow = _Builder(project, dropped, problems, relationships=False,
                      source_of=source_of).build()
    failure = _configure(shadow)
    if failure is not None:
        _dispose(shadow)
        problems.append(f"configuration failed without relationships: {failure}")
        shadow = ShadowModel(project, project.generation, orm.registry(), orm.MetaData(),
                             problems=problems)
    return shadow


def _configure(shadow: ShadowModel) -> Optional[str]:
    try:
        shadow.registry.configure()
    except Exception as exc:   # any mapping error: reported, the culprit dropped, rebuilt
        return f"{type(exc).__name__}: {exc}"
    return None


def _culprits(message: str, shadow: ShadowModel, dropped: set[tuple[str, str]]
              ) -> set[tuple[str, str]]:
    """The relationships a configuration error names (``User.addresses``)."""
    found = set()
    for cls, model in shadow.models.items():
        for key in model.all_relationships():
            pair = (model.qualname, key)
            if pair in dropped:
                continue
            if re.search(rf"\b{re.escape(cls.__name__)}\.{re.escape(key)}\b", message):
                found.add(pair)
    return found


def _bisect(project: ProjectIndex, dropped: set[tuple[str, str]], source_of: SourceOf,
            budget: int = 10) -> set[tuple[str, str]]:
    """One relationship whose presence makes configuration fail (by halving the suspects;
    empty when ``budget`` builds do not isolate one)."""
    suspects = [(m.qualname, key) for m in project.models.values()
                for key in m.relationships if (m.qualname, key) not in dropped]
    while len(suspects) > 1 and budget > 0:
        half = suspects[:len(suspects) // 2]
        others = set(suspects[len(suspects) // 2:])
        trial = _Builder(project, dropped | others, [], source_of=source_of).build()
        failed = _configure(trial) is not None
        _dispose(trial)
        budget -= 1
        suspects = half if failed else sorted(others)
    return set(suspects) if len(suspects) == 1 and budget > 0 else set()


def _read_file(path: str) -> Optional[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError, ValueError):
        return None


class _Builder:
    def __init__(self, project: ProjectIndex, dropped: set[tuple[str, str]], problems: list[str],
                 relationships: bool = True, source_of: SourceOf = _read_file) -> None:
        self.project = project
        self.source_of = source_of
        self._calls: dict[str, dict] = {}
        self.discriminated: set[str] = set()   # models with a known polymorphic_on
        self.dropped = dropped
        self.problems = problems
        self.with_relationships = relationships
        registry = orm.registry(metadata=orm.MetaData())
        self.shadow = ShadowModel(project, project.generation, registry, registry.metadata,
                                  problems=problems)
        self.base = registry.generate_base(name="ShadowBase")
        self.columns_by_table: dict[str, set[str]] = {}

    # -------------------------------------------------------------------------- driver
    def build(self) -> ShadowModel:
        self._index_table_columns()
        for info in self.project.tables.values():
            if info.model is None:
                self._association_table(info)
        for model in self._ordered_models():
            try:
                self._map(model)
            except Exception as exc:   # a class the orm refuses: skipped, the rest still mapped
                self.problems.append(f"{model.qualname}: not mapped ({type(exc).__name__}: {exc})")
        for name, info in self.project.tables.items():
            if info.qualname_of_variable:
                self.shadow.table_variables[info.qualname_of_variable] = name
        return self.shadow

    def _index_table_columns(self) -> None:
        for name, info in self.project.tables.items():
            self.columns_by_table[name] = {c.name for c in info.columns.values()}
        for model in self.project.models.values():
            if model.tablename:
                self.columns_by_table.setdefault(model.tablename, set()).update(
                    c.name for c in model.all_columns().values() if c.kind == "column")

    def _ordered_models(self) -> list[ModelInfo]:
        """Parents before their subclasses (mapped inheritance needs the parent class)."""
        out: list[ModelInfo] = []
        done: set[str] = set()

        def visit(model: ModelInfo, depth: int = 0) -> None:
            if model.qualname in done or depth > 50:
                return
            if model.inherits and model.inherits in self.project.models:
                visit(self.project.models[model.inherits], depth + 1)
            done.add(model.qualname)
            out.append(model)

        for model in self.project.models.values():
            visit(model)
        return out

    # -------------------------------------------------------------------------- tables
    def _association_table(self, info: TableInfo) -> None:
        if info.name in self.shadow.tables:
            return
        try:
            columns = [self._column(c, info.name) for c in info.columns.values()]
            self.shadow.tables[info.name] = orm.Table(info.name, self.shadow.metadata, *columns)
        except Exception as exc:
            self.problems.append(f"table {info.name}: not built ({type(exc).__name__}: {exc})")

    def _column(self, col: ColumnInfo, table: Optional[str]) -> Any:
        fks = [orm.ForeignKey(target) for target in col.foreign_keys if self._fk_ok(target, col)]
        kwargs: dict[str, Any] = {"primary_key": col.primary_key}
        if not col.primary_key:
            kwargs["nullable"] = col.nullable
        kwargs.update(self._defaults(col))
        return orm.Column(col.name, sql_type(col), *fks, **kwargs)

    def _defaults(self, col: ColumnInfo) -> dict[str, Any]:
        """``default``/``onupdate`` of the column as its source defines them (they add columns to
        INSERT and UPDATE statements); nothing when the source cannot be read."""
        if not col.path:
            return {}
        try:
            from analysis.reconstruct.defaults import column_defaults, find_column_call

            calls = self._column_calls(col.path)
            call = find_column_call(calls, col) if calls else None
            if call is None:
                return {}
            return column_defaults(call, *self._evaluator(col))
        except Exception as exc:   # unreadable source: the column keeps no default
            self.problems.append(f"{col.owner}.{col.key}: default not read ({exc})")
            return {}

    def _column_calls(self, path: str) -> dict:
        if path not in self._calls:
            from analysis.reconstruct.defaults import column_calls
            from analysis.reconstruct.source import source_tree

            text = self.source_of(path)
            self._calls[path] = column_calls(source_tree(text)) if text else {}
        return self._calls[path]

    def _evaluator(self, col: ColumnInfo) -> tuple[Callable[[Any], Any], Callable[[Any], str]]:
        from analysis.reconstruct.interpreter import Interpreter, ModuleContext
        from analysis.reconstruct.source import source_tree

        owner = self.project.models.get(col.owner) or self.project.abstract.get(col.owner)
        module = owner.module if owner is not None else ""
        context = ModuleContext(module, self.project.module_imports.get(module, {}),
                                self.project.module_defs.get(module, set()), self.project,
                                self.shadow)
        tree = source_tree(self.source_of(col.path) or "")
        return Interpreter(context, tree).evaluate, tree.segment

    def _fk_ok(self, target: str, col: ColumnInfo) -> bool:
        table, _, column = target.rpartition(".")
        if table in self.columns_by_table and column in self.columns_by_table[table]:
            return True
        self.problems.append(f"{col.owner or '?'}.{col.key}: foreign key {target!r} to a missing "
                             "table or column left out")
        return False

    # -------------------------------------------------------------------------- classes
    def _map(self, model: ModelInfo) -> None:
        parent_cls: Optional[type] = None
        if model.inherits:
            parent_cls = self.shadow.classes.get(model.inherits)
            if parent_cls is None:
                self.problems.append(f"{model.qualname}: parent {model.inherits} not mapped")
                return
        if not model.tablename and parent_cls is None:
            self.problems.append(f"{model.qualname}: no table name")
            return
        if model.tablename and parent_cls is None and model.tablename in self.shadow.tables:
            self.problems.append(f"{model.qualname}: table {model.tablename} already mapped")
            return
        namespace: dict[str, Any] = {"__module__": model.module, "__qualname__": model.name}
        own_table = bool(model.tablename) and (
            parent_cls is None or self.project.models[model.inherits].tablename != model.tablename)
        if own_table:
            namespace["__tablename__"] = model.tablename
        incomplete = False
        if model.unknown_bases:
            # a base outside the project (flask_login's UserMixin, ...): it rarely maps columns,
            # so the preview is shown, with the caveat
            outside = [b.rpartition(".")[2] for b in model.bases
                       if b not in self.project.models and b not in self.project.abstract
                       and b not in self.project.bases]
            self.shadow.caveats[model.qualname] = (
                f"{model.name} derives from classes outside the project"
                + (f" ({', '.join(outside)})" if outside else "")
                + ": columns they might map are not shown")
        for col in self._ordered_columns(model):
            if col.kind == "column":
                column = self._column(col, model.tablename)
                namespace[col.key] = orm.deferred(column) if col.deferred else column
            elif col.kind == "synonym" and col.synonym_for:
                namespace[col.key] = orm.synonym(col.synonym_for)
            elif col.kind == "column_property":
                prop = self._column_property(model, col, namespace)
                if prop is None:
                    incomplete = True       # an entity SELECT would lack it
                else:
                    namespace[col.key] = prop
        if not self._apply_mapper_args(model, namespace, parent_cls):
            incomplete = True
        if parent_cls is not None and not own_table and _polymorphic(model, self.project) and \
                model.inherits not in self.discriminated:
            # single-table subclass: its SELECT filters on the discriminator (polymorphic_on),
            # which the hierarchy's source did not let us read
            incomplete = True
        if self.with_relationships:
            for key, rel in model.relationships.items():
                if (model.qualname, key) in self.dropped:
                    continue
                prop = self._relationship(model, rel)
                if prop is not None:
                    namespace[key] = prop
        cls = type(model.name, (parent_cls or self.base,), namespace)
        self.shadow.classes[model.qualname] = cls
        self.shadow.models[cls] = model
        if incomplete:
            self.shadow.incomplete.add(model.qualname)
        if own_table:
            self.shadow.tables[model.tablename] = cls.__table__  # type: ignore[attr-defined]

    def _apply_mapper_args(self, model: ModelInfo, namespace: dict[str, Any],
                           parent_cls: Optional[type]) -> bool:
        """Put the class's literal ``__mapper_args__`` into ``namespace``; False when it has
        some the shadow model cannot follow (its entity SELECT may then differ)."""
        from analysis.reconstruct.mapper_args import ColumnRef, mapper_args
        from analysis.reconstruct.source import source_tree

        text = self.source_of(model.path) if model.path else None
        if not text:
            return model.polymorphic_identity is None
        read = mapper_args(source_tree(text), model.name, model.range.start.line)
        if not read.present:
            if model.inherits in self.discriminated:
                self.discriminated.add(model.qualname)
            return True
        args: dict[str, Any] = {}
        for key, value in read.values.items():
            if isinstance(value, ColumnRef):
                column = self._column_of(value.key, namespace, parent_cls)
                if column is None:
                    return False
                args[key] = column
            else:
                args[key] = value
        if "polymorphic_on" in args or model.inherits in self.discriminated:
            self.discriminated.add(model.qualname)
        if args:
            namespace["__mapper_args__"] = args
        return read.readable

    def _column_of(self, key: str, namespace: dict[str, Any], parent_cls: Optional[type]) -> Any:
        value = namespace.get(key)
        if value is not None:
            columns = getattr(value, "columns", None)
            return columns[0] if columns else value
        table = getattr(parent_cls, "__table__", None) if parent_cls is not None else None
        if table is not None:
            prop = getattr(parent_cls, key, None)
            name = getattr(getattr(prop, "property", None), "columns", [None])[0]
            if name is not None:
                return name
        return None

    def _ordered_columns(self, model: ModelInfo) -> list[ColumnInfo]:
        """Columns in the order the runtime's declarative scan gives them: the class's own, then
        each mixin's; within a class, assigned attributes in source order with annotation-only
        ones (``name: Mapped[str]``) placed as the runtime places them."""
        groups: dict[str, list[ColumnInfo]] = {}
        for col in model.columns.values():
            groups.setdefault(col.owner or model.qualname, []).append(col)
        owners = sorted(groups, key=lambda o: (o != model.qualname, _base_rank(model, o)))
        out: list[ColumnInfo] = []
        for owner in owners:
            out.extend(self._class_order(groups[owner], model, owner))
        return out

    def _class_order(self, columns: list[ColumnInfo], model: ModelInfo, owner: str
                     ) -> list[ColumnInfo]:
        columns = sorted(columns, key=lambda c: (c.range.start.line, c.range.start.column))
        order = _runtime_key_order()
        path = columns[0].path if columns else ""
        calls = self._column_calls(path) if (order is not None and path) else {}
        if not calls:
            return columns
        entries: list[tuple[int, str, bool, bool]] = []     # (line, key, assigned, annotated)
        for col in columns:
            assigned = (col.range.start.line, col.key) in calls
            entries.append((col.range.start.line, col.key, assigned,
                            col.annotation_text is not None))
        declaring = self.project.models.get(owner) or self.project.abstract.get(owner)
        for rel in (declaring.relationships.values() if declaring is not None else ()):
            if rel.owner in ("", owner) and not rel.generated_from_backref:
                entries.append((rel.range.start.line, rel.key, True, rel.mapped_kind is not None))
        entries.sort()
        assigned_keys = {e[1]: None for e in entries if e[2]}
        annotated = {e[1]: None for e in entries if e[3]}
        try:
            keys = order(assigned_keys, annotated)
        except Exception:   # the runtime's helper changed shape: source order
            return columns
        by_key = {c.key: c for c in columns}
        ordered = [by_key[k] for k in keys if k in by_key]
        return ordered + [c for c in columns if c not in ordered]

    def _column_property(self, model: ModelInfo, col: ColumnInfo, namespace: dict[str, Any]
                         ) -> Any:
        """``column_property(<expression>)`` of the source, interpreted in the class body being
        built (None, with the problem noted, when it cannot be)."""
        from analysis.reconstruct.defaults import property_calls
        from analysis.reconstruct.source import source_tree
        from analysis.reconstruct.text import evaluate_class_body

        try:
            text = self.source_of(col.path) if col.path else None
            tree = source_tree(text or "")
            call = property_calls(tree).get((col.range.start.line, col.key))
            if call is None or any(k.arg not in ("deferred", "group") for k in call.keywords):
                raise ValueError("not a plain column_property(...)")
            args = [evaluate_class_body(self.shadow, model, tree, a, col.range.start.line,
                                        namespace) for a in call.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
            return orm.column_property(*args, **kwargs)
        except Exception as exc:   # not interpretable: the entity SELECT would differ
            self.problems.append(f"{model.qualname}.{col.key}: column_property not rebuilt "
                                 f"({type(exc).__name__}: {exc})")
            return None

    def _relationship(self, model: ModelInfo, rel: RelationshipInfo) -> Any:
        target = self.project.models.get(rel.target_qualname) if rel.target_qualname else None
        if target is None:
            self.problems.append(f"{model.qualname}.{rel.key}: target {rel.target!r} unknown")
            return None
        classes = self.shadow.classes
        kwargs: dict[str, Any] = {}
        if rel.secondary:
            if rel.secondary not in self.project.tables:
                self.problems.append(f"{model.qualname}.{rel.key}: secondary {rel.secondary!r} "
                                     "unknown")
                return None
            kwargs["secondary"] = (lambda name=rel.secondary: self.shadow.tables[name])
        partner = _partner(self.project, model, rel, target)
        if partner is not None and (target.qualname, partner) not in self.dropped:
            kwargs["back_populates"] = partner
        lazy = rel.lazy if rel.lazy in _LAZY else "select"
        kwargs["lazy"] = lazy
        if rel.uselist is not None:
            kwargs["uselist"] = rel.uselist
        if rel.viewonly:
            kwargs["viewonly"] = True
        for arg, text in (("order_by", rel.order_by_text), ("primaryjoin", rel.primaryjoin_text),
                          ("secondaryjoin", rel.secondaryjoin_text),
                          ("foreign_keys", rel.foreign_keys_text),
                          ("remote_side", rel.remote_side_text)):
            if text:
                kwargs[arg] = _deferred_expression(self.shadow, model, text, arg,
                                                   rel.range.start.line)
        return orm.relationship(lambda q=target.qualname: classes[q], **kwargs)


def _runtime_key_order() -> Optional[Callable[[dict, dict], list]]:
    """The runtime's ordering of a class's attribute names (assigned names, annotated names)."""
    try:
        from orm.mapping.decl_scan import _ordered_keys
    except ImportError:
        return None
    return _ordered_keys


def _base_rank(model: ModelInfo, owner: str) -> int:
    """Position of a mixin among the class's bases (the MRO order declarative follows)."""
    short = owner.rpartition(".")[2]
    for index, base in enumerate(model.bases):
        if base == owner or base.rpartition(".")[2] == short:
            return index
    return len(model.bases)


def _polymorphic(model: ModelInfo, project: ProjectIndex) -> bool:
    seen = 0
    current: Optional[ModelInfo] = model
    while current is not None and seen < 50:
        if current.polymorphic_identity is not None:
            return True
        current = project.models.get(current.inherits) if current.inherits else None
        seen += 1
    return False


def _partner(project: ProjectIndex, model: ModelInfo, rel: RelationshipInfo,
             target: ModelInfo) -> Optional[str]:
    """The other side's key, when the target really declares (or is given by backref) it."""
    name = rel.back_populates or rel.backref
    if rel.generated_from_backref:
        # the generated side points back at the relationship whose backref made it
        for other in target.all_relationships().values():
            if other.backref == rel.key and other.target_qualname == model.qualname:
                return other.key
        return rel.back_populates
    if not name:
        return None
    if name in target.all_relationships():
        return name
    return None


def _deferred_expression(shadow: ShadowModel, model: ModelInfo, text: str, what: str,
                         line: int) -> Callable[[], Any]:
    """A callable the orm calls at configuration: ``text`` interpreted against the shadow model.

    Relationship arguments given as strings or lambdas are Python source; they are interpreted
    with the statement whitelist (never evaluated), so ``"Post.created.desc()"``, ``[id]`` and
    ``lambda: Address.user_id`` work and anything else makes the relationship fail (and be
    dropped by :func:`build_shadow`).
    """
    def resolve() -> Any:
        from analysis.reconstruct.text import evaluate_argument

        return evaluate_argument(shadow, model, text, line)

    resolve.__name__ = f"{model.name}_{what}"
    return resolve


# ---------------------------------------------------------------------------------------- types
def sql_type(col: ColumnInfo) -> Any:
    """The orm type of an index column: its class by name with its literal arguments, else
    ``NullType`` (a user TypeDecorator or anything the index could not name)."""
    name = (col.sql_type or "").rpartition(".")[2]
    if not name:
        return orm_types.NullType()
    for module in _TYPE_MODULES:
        klass = getattr(module, name, None)
        if isinstance(klass, type) and issubclass(klass, orm_types.TypeEngine):
            args = tuple(a for a in col.type_args if isinstance(a, (int, float, str, bool)))
            for attempt in (args, ()):
                try:
                    return klass(*attempt)
                except Exception:   # wrong arguments for this type: try without
                    continue
            break
    return orm_types.NullType()


__all__ = ["ShadowModel", "build_shadow", "shadow_model", "sql_type"]
