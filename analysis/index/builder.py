"""Build the :class:`~analysis.index.model.ProjectIndex` from every module's facts.

Steps: resolve imports (relative, sibling, re-exports, ``import *``); find Flask-SQLAlchemy objects,
registries and declarative bases; classify every class (declarative base, mapped, abstract, plain
mixin) through its bases across modules; gather attributes along the bases; table names; then the
cross-model facts: foreign keys written as ``User.id``, relationship targets, ``secondary`` tables,
directions from foreign keys, and the sides ``backref`` creates.

Example::

    index = build_project([extract_facts(src, "app.models", False, "app/models.py")])
    index.models["app.models.User"].relationships["posts"].direction   # "ONETOMANY"
"""
from __future__ import annotations

import dataclasses
import re
import sys
from typing import Iterable, Optional

from analysis.index.columns import (AttrContext, TypeInfo, _column, interpret_attribute,
                                    read_annotation, read_type)
from analysis.index.constraints import ConstraintReader, ConstraintScan, apply_constraints
from analysis.index.constructors import ConstructorResolver
from analysis.index.facts import AttrFact, ClassFact, Expr, ModuleFacts
from analysis.index.factories import FactoryBases
from analysis.index.imperative import ImperativeMappings
from analysis.index.model import ColumnInfo, ModelInfo, ProjectIndex, RelationshipInfo, TableInfo
from analysis.index.modules import ModuleTable
from analysis.index.names import canonical, flask_attribute, resolve_dotted
from analysis.index.relations import direction, make_backref

LIBRARY_HEADS = frozenset({"orm", "sqlalchemy", "flask_sqlalchemy"})
BASE_CLASSES = {"orm.DeclarativeBase", "orm.DeclarativeBaseNoMeta"}
# library classes a model may derive from without hiding attributes from the index
KNOWN_LIBRARY_BASES = {"object", "typing.Generic", "abc.ABC", "orm.MappedAsDataclass",
                       "orm.ext.asyncio.AsyncAttrs", "flask_sqlalchemy.Model",
                       "orm.DeclarativeBase", "orm.DeclarativeBaseNoMeta"}
DECLARATIVE_ATTRS = {"metadata", "registry", "__table__", "__mapper__", "__tablename__",
                     "__init__", "__table_args__", "__mapper_args__"}
DECLARED_ATTR = {"orm.declared_attr", "orm.declared_attr.directive", "orm.declared_attr.cascading"}
HYBRIDS = {"orm.ext.hybrid.hybrid_property", "orm.hybrid_property"}
ENUM_BASES = frozenset({"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag",
                        "enum.ReprEnum", "strenum.StrEnum"})
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))
_SNAKE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def flask_tablename(class_name: str) -> str:
    """Flask-SQLAlchemy's automatic table name: ``OrderItem`` -> ``order_item``,
    ``HTTPResponse`` -> ``http_response``."""
    return _SNAKE.sub("_", class_name).lower().lstrip("_")


def _is_library(module: str) -> bool:
    return module.split(".")[0] in LIBRARY_HEADS


class _Builder:
    def __init__(self, facts: Iterable[ModuleFacts], generation: int,
                 memo: Optional[dict] = None) -> None:
        self.facts: dict[str, ModuleFacts] = {}
        for f in facts:
            if not _is_library(f.module):
                self.facts.setdefault(f.module, f)
        self.table = ModuleTable({m: f.path for m, f in self.facts.items()})
        self.index = ProjectIndex(generation=generation)
        self.index.module_paths = {m: f.path for m, f in self.facts.items()}
        self.classes: dict[str, tuple[ClassFact, str]] = {}
        self.class_bases: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.base_flavor: dict[str, str] = {}
        self.base_cls: dict[str, str] = {}        # declarative_base(cls=X): base -> X
        self.registries: dict[str, str] = {}
        self.mapped_by_decorator: dict[str, str] = {}
        self.extra_attrs: dict[str, set[str]] = {}
        self.table_vars: dict[str, TableInfo] = {}
        self._interpreted: dict[tuple[str, str], list] = {}
        self.constructors = ConstructorResolver(self)
        self.factories = FactoryBases()
        self.imperative = ImperativeMappings()
        # interpretations of unchanged class bodies from the previous build, valid while the
        # names every module sees (imports, definitions, index-relevant assignments) are the same
        self.memo = memo if memo is not None else {}
        names = tuple((m, tuple(sorted(f.imports.items())), tuple(sorted(f.defs)),
                       f.star_imports, tuple(sorted(f.assigns.items(), key=lambda kv: kv[0])),
                       f.attr_assigns, tuple(sorted(f.call_assigns.items())),
                       tuple(sorted(f.factories.items(), key=lambda kv: kv[0])), f.imperative)
                 for m, f in sorted(self.facts.items()))
        if self.memo.get("names") != names:
            self.memo.clear()
            self.memo["names"] = names
            self.memo["classes"] = {}
        self._memo_classes: dict = self.memo["classes"]

    # ----------------------------------------------------------------- imports and names
    def _fix_target(self, target: str, importer: str) -> str:
        head = target.split(".")[0]
        if head in LIBRARY_HEADS:
            return target
        parts = target.split(".")
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in self.table:
                return target
            if head in _STDLIB and cut == 1:
                break
            found = self.table.resolve(prefix, importer)
            if found is not None:
                return ".".join([found, *parts[cut:]])
        return target

    def resolve_imports(self) -> None:
        imports: dict[str, dict[str, str]] = {}
        for module, f in self.facts.items():
            imports[module] = {local: self._fix_target(target, module)
                               for local, target in f.imports.items()}
        self.index.module_imports = imports
        self.index.module_defs = {m: set(f.defs) for m, f in self.facts.items()}
        self.index.module_constants = {m: dict(f.constants) for m, f in self.facts.items()
                                       if f.constants}
        # `from x import *`: what x exports (its __all__, else its public names), to a fixpoint
        for _ in range(6):
            changed = False
            for module, f in self.facts.items():
                for star in f.star_imports:
                    source = self.table.resolve(star, module)
                    if source is None or source == module:
                        continue
                    sf = self.facts[source]
                    names = sf.all_names if sf.all_names is not None else [
                        n for n in (*self.index.module_defs[source], *imports[source])
                        if not n.startswith("_")]
                    own = imports[module]
                    for name in names:
                        if name not in own and name not in self.index.module_defs[module]:
                            own[name] = f"{source}.{name}"
                            changed = True
            if not changed:
                break

    def raw(self, dotted: str, module: str) -> str:
        """``dotted`` as written in ``module`` -> full dotted name (re-exports followed)."""
        head, _, rest = dotted.partition(".")
        imports = self.index.module_imports.get(module, {})
        defs = self.index.module_defs.get(module, set())
        if head in imports and head not in defs:
            full = imports[head] + ("." + rest if rest else "")
        elif head in defs:
            full = f"{module}.{dotted}"
        else:
            return dotted
        return self.index.resolve_symbol(full)

    def resolve(self, expr: Optional[Expr], module: str) -> Optional[str]:
        if expr is None:
            return None
        if expr.kind == "name":
            name = resolve_dotted(expr.value, module, self.index.module_imports.get(module, {}),
                                  self.index.module_defs.get(module, set()),
                                  self.index.flask_dbs, self.index.resolve_symbol)
            return self.factories.aliases.get(name, name)
        if expr.kind == "attr":
            base = self.resolve(expr.func, module)
            return f"{base}.{expr.value}" if base else None
        return None

    def flavor_of(self, dotted: str, module: str) -> str:
        full = self.raw(dotted, module)
        if any(full == db or full.startswith(db + ".") for db in self.index.flask_dbs):
            return "flask_sqlalchemy"
        head = full.split(".")[0]
        if head == "sqlalchemy":
            return "sqlalchemy"
        if head == "flask_sqlalchemy":
            return "flask_sqlalchemy"
        return "orm"

    # ----------------------------------------------------------------- bases
    def find_bases(self) -> None:
        for module, f in self.facts.items():
            for name, value in f.assigns.items():
                if value.kind == "call" and value.func is not None and value.func.kind == "name":
                    if canonical(self.raw(value.func.value, module)) == \
                            "flask_sqlalchemy.SQLAlchemy":
                        self.index.flask_dbs.add(f"{module}.{name}")
                        # SQLAlchemy(model_class=Base): db.Model gets Base's attributes and
                        # type_annotation_map (Flask-SQLAlchemy 3.1 with a DeclarativeBase)
                        model_class = value.keyword("model_class")
                        if model_class is not None and model_class.kind == "name":
                            self.base_cls.setdefault("flask_sqlalchemy.Model",
                                                     self.raw(model_class.value, module))
        for module, f in self.facts.items():
            for name, value in f.assigns.items():
                if value.kind != "call" or value.func is None:
                    continue
                if self.resolve(value.func, module) == "orm.registry" and \
                        value.func.kind == "name":
                    self.registries[f"{module}.{name}"] = self.flavor_of(value.func.value, module)
        self.factories = FactoryBases.find(self)
        for _ in range(3):      # aliases of bases (`Model = db.Model`) settle in a few passes
            for module, f in self.facts.items():
                for name, value in f.assigns.items():
                    self._maybe_base(f"{module}.{name}", value, module)
            for qualname, value, module in self.factories.values:
                self._maybe_base(qualname, value, module)
        for db in self.index.flask_dbs:
            self.base_flavor.setdefault("flask_sqlalchemy.Model", "flask_sqlalchemy")
        self.index.bases = self.base_flavor

    def _maybe_base(self, qualname: str, value: Expr, module: str) -> None:
        if qualname in self.base_flavor:
            return
        if value.kind == "call" and value.func is not None:
            func = self.resolve(value.func, module)
            if func == "orm.declarative_base":
                self.base_flavor[qualname] = self.flavor_of(value.func.value, module) \
                    if value.func.kind == "name" else "orm"
                cls = value.keyword("cls")
                if cls is not None:
                    cls_name = self.resolve(cls, module)
                    if cls_name:
                        self.base_cls[qualname] = cls_name
                return
            target = value.func
            if target.kind == "attr" and target.value in ("generate_base", "as_declarative_base"):
                owner = target.func
                if owner is not None and owner.kind == "call" and \
                        self.resolve(owner.func, module) == "orm.registry":
                    self.base_flavor[qualname] = self.flavor_of(owner.func.value, module) \
                        if owner.func is not None and owner.func.kind == "name" else "orm"
            elif target.kind == "name" and target.value.rsplit(".", 1)[-1] == "generate_base":
                owner_name = self.resolve(Expr("name", target.value.rsplit(".", 1)[0]), module)
                if owner_name in self.registries:
                    self.base_flavor[qualname] = self.registries[owner_name]
        elif value.kind == "name":
            target = self.resolve(value, module)
            if target in self.base_flavor:
                self.base_flavor[qualname] = self.base_flavor[target]

    # ----------------------------------------------------------------- classes
    def collect_classes(self) -> None:
        for cf, module in self.factories.classes.values():
            self._collect_class(cf, module)
        for module, f in self.facts.items():
            for cf in f.classes:
                self._collect_class(cf, module)
            for owner, attr in f.attr_assigns:
                owner_name = self.resolve(Expr("name", owner), module)
                if owner_name:
                    self.extra_attrs.setdefault(owner_name, set()).add(attr)

    def _collect_class(self, cf: ClassFact, module: str) -> None:
        self.classes[cf.qualname] = (cf, module)
        self.class_bases[cf.qualname] = [self.resolve(b, module) or "?" for b in cf.bases]
        for deco in cf.decorators:
            target = deco.func if deco.kind == "call" else deco
            name = self.resolve(target, module) or ""
            if name == "orm.as_declarative" or name.endswith(".as_declarative_base"):
                self.base_flavor[cf.qualname] = "sqlalchemy" if self.raw(
                    target.value, module).startswith("sqlalchemy") else "orm" \
                    if target.kind == "name" else "orm"
            elif name.rsplit(".", 1)[-1] in ("mapped", "mapped_as_dataclass") and \
                    name.rsplit(".", 1)[0] in self.registries:
                self.mapped_by_decorator[cf.qualname] = self.registries[name.rsplit(".", 1)[0]]

    def _enum_members(self, qualname: str) -> Optional[tuple]:
        """The member names of a project enum, or None when its body is not plain enough to
        be sure of them (an enum with members cannot be subclassed, so its own body is all)."""
        cf, _ = self.classes[qualname]
        names = []
        for attr in cf.attrs:
            if attr.key.startswith("_"):
                if attr.key in ("_ignore_", "_missing_"):
                    return None
                continue
            if attr.value is None or attr.declared_attr or attr.value.kind in ("lambda",):
                return None
            names.append(attr.key)
        return tuple(names) if names else None

    def _is_enum(self, qualname: str, seen: set) -> bool:
        seen.add(qualname)
        return any(b in ENUM_BASES or b in self.classes and b not in seen and
                   self._is_enum(b, seen) for b in self.class_bases.get(qualname, ()))

    def kind(self, qualname: str, stack: tuple = ()) -> str:
        """"base", "mapped", "abstract", "plain" (a mixin or unrelated class) or "external"."""
        if qualname in self.kinds:
            return self.kinds[qualname]
        if qualname in self.base_flavor:
            return "base"
        if qualname not in self.classes or qualname in stack:
            return "external"
        cf, module = self.classes[qualname]
        result = "plain"
        if qualname in self.imperative.by_class:
            result = "mapped"
        elif qualname in self.mapped_by_decorator:
            result = "abstract" if _abstract(cf) else "mapped"
        else:
            bases = self.class_bases[qualname]
            if any(b in BASE_CLASSES for b in bases):
                index = next(i for i, b in enumerate(bases) if b in BASE_CLASSES)
                self.base_flavor[qualname] = self.flavor_of(cf.bases[index].value, module) \
                    if cf.bases[index].kind == "name" else "orm"
                result = "base"
            else:
                kinds = [self.kind(b, stack + (qualname,)) for b in bases]
                if any(k in ("base", "mapped", "abstract") for k in kinds):
                    result = "abstract" if _abstract(cf) else "mapped"
        self.kinds[qualname] = result
        return result

    def declarative_base_of(self, qualname: str, seen: Optional[set] = None) -> Optional[str]:
        seen = seen if seen is not None else set()
        if qualname in seen:
            return None
        seen.add(qualname)
        if qualname in self.base_flavor:
            return qualname
        for b in self.class_bases.get(qualname, ()):
            found = self.declarative_base_of(b, seen)
            if found:
                return found
        return None

    def type_map(self, base: Optional[str]) -> dict[str, TypeInfo]:
        if base is not None and base not in self.classes and base in self.base_cls:
            base = self.base_cls[base]
        if base is None or base not in self.classes:
            return {}
        cf, module = self.classes[base]
        for attr in cf.attrs:
            if attr.key == "type_annotation_map" and attr.value is not None and \
                    attr.value.kind == "dict":
                out: dict[str, TypeInfo] = {}
                ctx = self._context(module, cf.qualname, {})
                for key, value in attr.value.items:
                    if key is None or value is None or key.kind != "name":
                        continue
                    info = read_type(value, ctx)
                    if info is not None:
                        resolved = self.resolve(key, module) or key.value
                        out[resolved] = info
                        out[key.value] = info
                return out
        return {}

    def _context(self, module: str, owner: str, type_map: dict[str, TypeInfo]) -> AttrContext:
        path = self.facts[module].path if module in self.facts else ""
        return AttrContext(resolve=lambda e: self.resolve(e, module), module=module, path=path,
                           owner=owner, type_annotation_map=type_map,
                           user_type=lambda q: q in self.classes)

    def interpreted(self, qualname: str, base: Optional[str]) -> list:
        """``[(key, ColumnInfo | RelationshipInfo | "other" | "hybrid")]`` of one class body."""
        memo_key = (qualname, base or "")
        if memo_key in self._interpreted:
            return self._interpreted[memo_key]
        cf, module = self.classes[qualname]
        base_fact = self.classes[base][0] if base in self.classes else None
        if base is not None and base not in self.classes and base in self.base_cls:
            target = self.base_cls[base]
            base_fact = self.classes[target][0] if target in self.classes else None
        # the same fact objects (an unchanged module keeps its facts): identity, not equality,
        # which would hash every expression of the class on each build
        lasting = self._memo_classes.get(memo_key)
        if lasting is not None and lasting[0] is cf and lasting[1] is base_fact:
            self._interpreted[memo_key] = lasting[2]
            return lasting[2]
        ctx = self._context(module, qualname, self.type_map(base))
        out: list = []
        for attr in cf.attrs:
            out.append((attr.key, interpret_attribute(attr, ctx)))
        for method in cf.methods:
            names = {self.resolve(d.func if d.kind == "call" else d, module) or ""
                     for d in method.decorators}
            if names & DECLARED_ATTR and method.returns is not None:
                fake = AttrFact(method.name, method.annotation, method.returns, method.range,
                                declared_attr=True)
                result = interpret_attribute(fake, ctx) if not method.name.startswith("__") \
                    else None
                out.append((method.name, result if result is not None else "other"))
            elif names & HYBRIDS:
                annotation = read_annotation(method.annotation, ctx) \
                    if method.annotation is not None else None
                out.append((method.name, ColumnInfo(
                    key=method.name, name=method.name, kind="hybrid", range=method.range,
                    path=ctx.path, owner=qualname,
                    python_type=annotation.python_type if annotation is not None else None)))
            else:
                out.append((method.name, "other"))
        for name in cf.other_names:
            out.append((name, "other"))
        self._interpreted[memo_key] = out
        self._memo_classes[memo_key] = (cf, base_fact, out)
        return out

    def gather(self, qualname: str, base: Optional[str], seen: set) -> list:
        """Attributes from mixins / abstract bases / the declarative base class, then own ones."""
        if qualname in seen or qualname not in self.classes:
            return []
        seen.add(qualname)
        out: list = []
        for b in reversed(self.class_bases.get(qualname, [])):
            kind = self.kind(b)
            if kind in ("plain", "abstract") or (kind == "base" and b in self.classes):
                out.extend(self.gather(b, base, seen))
            elif kind == "base" and b in self.base_cls and self.base_cls[b] in self.classes:
                out.extend(self.gather(self.base_cls[b], base, seen))
        out.extend(self.interpreted(qualname, base))
        return out

    def has_unknown_bases(self, qualname: str, seen: Optional[set] = None) -> bool:
        seen = seen if seen is not None else set()
        if qualname in seen:
            return False
        seen.add(qualname)
        for b in self.class_bases.get(qualname, ()):
            if b in KNOWN_LIBRARY_BASES or b in self.base_flavor and b not in self.classes:
                continue
            if b not in self.classes:
                if b.startswith("orm.") or b.startswith("flask_sqlalchemy."):
                    continue
                return True
            if self.has_unknown_bases(b, seen):
                return True
        return False

    def build_models(self) -> None:
        for qualname in self.classes:
            kind = self.kind(qualname)
            if kind not in ("mapped", "abstract", "plain"):
                continue
            if kind == "plain":
                continue
            self.index_model(qualname, kind)
        # mixins used by mapped classes, for navigation (not mapped themselves)
        for qualname in list(self.index.models):
            for b in self.class_bases.get(qualname, ()):
                if self.kind(b) == "plain" and b not in self.index.abstract:
                    mixin = self.model_shell(b)
                    mixin.is_mixin = True
                    self.index.abstract[b] = mixin

    def model_shell(self, qualname: str) -> ModelInfo:
        cf, module = self.classes[qualname]
        base = self.declarative_base_of(qualname)
        model = ModelInfo(name=cf.name, qualname=qualname, module=module,
                          path=self.facts[module].path, bases=self.class_bases[qualname],
                          range=cf.range, base=base)
        for key, value in self.gather(qualname, base, set()):
            self._add_attribute(model, key, value)
        return model

    def _add_attribute(self, model: ModelInfo, key: str, value) -> None:
        if isinstance(value, ColumnInfo):
            model.relationships.pop(key, None)
            model.columns[key] = dataclasses.replace(value)
            if value.kind == "hybrid":
                model.other_attributes.add(key)
        elif isinstance(value, RelationshipInfo):
            model.columns.pop(key, None)
            model.relationships[key] = dataclasses.replace(value)
        elif value == "other":
            if key in model.columns and model.columns[key].kind == "hybrid":
                return      # @name.setter / @name.expression redefine the hybrid's name
            model.columns.pop(key, None)
            model.relationships.pop(key, None)
            model.other_attributes.add(key)

    def index_model(self, qualname: str, kind: str) -> None:
        cf, module = self.classes[qualname]
        model = self.model_shell(qualname)
        model.is_abstract = kind == "abstract"
        base = model.base
        model.flavor = self.mapped_by_decorator.get(qualname) or \
            self.base_flavor.get(base or "", "orm")
        parents = [b for b in self.class_bases[qualname] if self.kind(b) == "mapped"]
        model.inherits = parents[0] if parents else None
        model.unknown_bases = self.has_unknown_bases(qualname)
        model.defines_init = any(m.name == "__init__" for m in cf.methods) or \
            any(a.key == "__init__" for a in cf.attrs)
        model.constructor = self.constructors.constructor(qualname)
        model.other_attributes |= DECLARATIVE_ATTRS
        if model.flavor == "flask_sqlalchemy":
            model.other_attributes.add("query")
        chain = [qualname, *self._all_bases(qualname)]
        for name in chain:
            model.other_attributes |= self.extra_attrs.get(name, set())
        config = self._config(qualname)
        model.tablename = config.get("tablename")
        table_args = config.get("table_args")
        model.table_args_text = table_args.text if table_args is not None else None
        mapper_args = config.get("mapper_args")
        if mapper_args is not None and mapper_args.kind == "dict":
            for key, value in mapper_args.items:
                if key is not None and key.kind == "str" and key.value == "polymorphic_identity" \
                        and value is not None and value.kind in ("str", "const"):
                    model.polymorphic_identity = value.value
        if qualname in self.imperative.by_class:
            self.imperative.apply(self, model)
            inherits = self.imperative.by_class[qualname].inherits
            if inherits in self.classes:
                model.inherits = inherits
        table = config.get("table")
        if table is not None:
            model.tablename = table.name
            for column in table.columns.values():
                model.columns.setdefault(column.key, column)
            model.unread_foreign_keys = table.unread_foreign_keys
        if table_args is not None:
            reader = ConstraintReader(lambda e, m=config["table_args_module"]: self.resolve(e, m),
                                      config["table_args_module"])
            scan = reader.table_args(table_args)
            own = {k: c for k, c in model.columns.items() if c.kind == "column"}
            if not apply_constraints(scan, own) or not scan.complete:
                model.unread_foreign_keys = True
        if model.is_abstract:
            self.index.abstract[qualname] = model
        else:
            self.index.models[qualname] = model

    def _all_bases(self, qualname: str) -> list[str]:
        out, stack, seen = [], list(self.class_bases.get(qualname, ())), set()
        while stack:
            b = stack.pop()
            if b in seen:
                continue
            seen.add(b)
            out.append(b)
            stack.extend(self.class_bases.get(b, ()))
            if b in self.base_cls:
                stack.append(self.base_cls[b])
        return out

    def _config(self, qualname: str) -> dict:
        """``__tablename__``, ``__table__``, ``__table_args__``, ``__mapper_args__`` (own or from
        a mixin/abstract base; a ``@declared_attr`` ``__tablename__`` returning
        ``cls.__name__.lower()`` is understood)."""
        out: dict = {}
        cf, module = self.classes[qualname]
        order = [qualname] + [b for b in self._all_bases(qualname)
                              if b in self.classes and self.kind(b) != "mapped"]
        for owner in reversed(order):
            ocf, omodule = self.classes[owner]
            for attr in ocf.attrs:
                if attr.value is None:
                    continue
                if attr.key == "__tablename__":
                    out["tablename"] = attr.value.value if attr.value.kind == "str" else None
                    out["tablename_owner"] = owner
                elif attr.key == "__table_args__":
                    out["table_args"] = attr.value
                    out["table_args_module"] = omodule
                elif attr.key == "__mapper_args__":
                    out["mapper_args"] = attr.value
                elif attr.key == "__table__" and owner == qualname:
                    table = self.read_table(f"{qualname}.__table__", attr.value, omodule)
                    if table is None and attr.value.kind == "name":
                        # __table__ = users_table (a module-level Table)
                        table = self.table_vars.get(self.resolve(attr.value, omodule) or "")
                    if table is not None:
                        out["table"] = table
            for method in ocf.methods:
                if method.name == "__table_args__" and method.returns is not None:
                    # @declared_attr def __table_args__(cls): return (...)
                    out["table_args"] = method.returns
                    out["table_args_module"] = omodule
                if method.name == "__tablename__":
                    text = method.returns.text.replace(" ", "") if method.returns else ""
                    out["tablename"] = cf.name.lower() if text == "cls.__name__.lower()" else None
                    out["tablename_owner"] = owner
        if "tablename" not in out and "table" not in out:
            parents = [b for b in self.class_bases[qualname] if self.kind(b) == "mapped"]
            flask = self.base_flavor.get(self.declarative_base_of(qualname) or "") == \
                "flask_sqlalchemy"
            own_pk = any(isinstance(v, ColumnInfo) and v.primary_key
                         for _, v in self.interpreted(qualname, None))
            if flask and (not parents or own_pk):
                out["tablename"] = flask_tablename(cf.name)
            elif parents:
                parent = self.classes[parents[0]][0].qualname
                out["tablename"] = self._config(parent).get("tablename") \
                    if parent in self.classes else None
        return out

    # ----------------------------------------------------------------- tables
    def read_table(self, qualname: Optional[str], value: Expr, module: str) -> Optional[TableInfo]:
        if value.kind != "call" or self.resolve(value.func, module) != "orm.Table":
            return None
        if not value.items or value.items[0] is None or value.items[0].kind != "str":
            return None
        name = value.items[0].value
        ctx = self._context(module, qualname or name, {})
        table = TableInfo(name=name, qualname_of_variable=qualname, path=ctx.path,
                          range=value.range or value.items[0].range)
        constraints = ConstraintScan()
        # Table(name, metadata, *columns and constraints)
        ConstraintReader(lambda e: self.resolve(e, module), module).items(value.items[2:],
                                                                          constraints)
        for item in value.items[1:]:
            if item is None or item.kind != "call" or \
                    self.resolve(item.func, module) != "orm.Column":
                continue
            if not item.items or item.items[0] is None or item.items[0].kind != "str":
                continue
            key_kw = item.keyword("key")
            # Column("lbl", ..., key="label"): mapped (and reached through .c) as `label`
            key = key_kw.value if key_kw is not None and key_kw.kind == "str" else \
                item.items[0].value
            column = _column(AttrFact(key, None, None, item.range), item, None, ctx)
            table.columns[column.name] = column
        if not apply_constraints(constraints, table.columns) or not constraints.complete:
            table.unread_foreign_keys = True
        return table

    def collect_tables(self) -> None:
        for module, f in self.facts.items():
            for name, value in f.assigns.items():
                table = self.read_table(f"{module}.{name}", value, module)
                if table is not None:
                    self.table_vars[table.qualname_of_variable or name] = table
                    self.index.tables.setdefault(table.name, table)

    # ----------------------------------------------------------------- cross-model facts
    def link(self) -> None:
        index = self.index
        for model in index.models.values():
            if model.inherits and model.inherits in index.models:
                model.parent = index.models[model.inherits]
        index.reindex()
        for model in list(index.models.values()) + list(index.abstract.values()):
            for column in model.columns.values():
                if any(fk.startswith(("@", "?")) for fk in column.foreign_keys):
                    column.foreign_keys = tuple(self._resolve_fk(fk) for fk in column.foreign_keys)
        for table in index.tables.values():
            for column in table.columns.values():
                if any(fk.startswith(("@", "?")) for fk in column.foreign_keys):
                    column.foreign_keys = tuple(self._resolve_fk(fk) for fk in column.foreign_keys)
        # a Column(ForeignKey(...)) without a type takes the type of the column it references
        for column in self._all_columns():
            if column.sql_type is None and column.kind == "column" and column.foreign_keys:
                referenced = self._column_at(column.foreign_keys[0])
                if referenced is not None and referenced.sql_type is not None:
                    column.sql_type = referenced.sql_type
                    column.type_args = referenced.type_args
                    if column.python_type is None:
                        column.python_type = referenced.python_type
        for model in index.models.values():
            for column in model.columns.values():
                if column.kind == "synonym" and column.synonym_for:
                    target = model.attribute(column.synonym_for)
                    if isinstance(target, ColumnInfo):
                        column.python_type = target.python_type
                        column.sql_type = target.sql_type
        # tables of mapped classes (single-table subclasses add their columns to the parent's)
        for model in index.models.values():
            if not model.tablename:
                continue
            table = index.tables.get(model.tablename)
            if table is None:
                table = TableInfo(name=model.tablename, qualname_of_variable=None,
                                  path=model.path, range=model.range, model=model.qualname)
                index.tables[model.tablename] = table
            elif table.model is None:
                table.model = model.qualname
            for column in model.columns.values():
                if column.kind == "column":
                    table.columns.setdefault(column.name, column)
        for model in list(index.models.values()):
            for rel in list(model.relationships.values()):
                self._link_relationship(model, rel)
        for model in list(index.models.values()):
            for rel in list(model.relationships.values()):
                if rel.backref and not rel.generated_from_backref:
                    make_backref(self.index, model, rel)

    def _all_columns(self):
        for model in list(self.index.models.values()) + list(self.index.abstract.values()):
            yield from model.columns.values()
        for table in self.index.tables.values():
            yield from table.columns.values()

    def _column_at(self, fk: str) -> Optional[ColumnInfo]:
        table_name, _, column_name = fk.rpartition(".")
        model = self.index.model_by_tablename(table_name)
        if model is not None:
            for column in model.all_columns().values():
                if column.name == column_name:
                    return column
        table = self.index.tables.get(table_name)
        return table.columns.get(column_name) if table is not None else None

    def _resolve_fk(self, fk: str) -> str:
        if fk.startswith("?"):
            return fk[1:]
        module, _, dotted = fk[1:].partition(":")
        owner, _, attr = dotted.rpartition(".")
        if owner.endswith(".c"):
            owner = owner[:-2]
        model = self.index.resolve_model(owner, module) if owner else None
        if model is not None and model.tablename:
            column = model.attribute(attr)
            name = column.name if isinstance(column, ColumnInfo) else attr
            return f"{model.tablename}.{name}"
        var = self.resolve(Expr("name", owner), module) if owner else None
        if var in self.table_vars:
            return f"{self.table_vars[var].name}.{attr}"
        return dotted

    def _link_relationship(self, model: ModelInfo, rel: RelationshipInfo) -> None:
        declaring_module = self.classes[rel.owner][1] if rel.owner in self.classes \
            else model.module
        if rel.owner != model.qualname:
            rel.owner = model.qualname
        if rel.target:
            target = self.index.resolve_model(rel.target, declaring_module)
            rel.target_qualname = target.qualname if target is not None else None
        if rel.secondary and rel.secondary.startswith("@"):
            module, _, dotted = rel.secondary[1:].partition(":")
            if dotted.endswith(".__table__"):
                owner = self.index.resolve_model(dotted[:-len(".__table__")], module)
                rel.secondary = owner.tablename if owner is not None else dotted
            else:
                var = self.resolve(Expr("name", dotted), module)
                table = self.table_vars.get(var or "")
                rel.secondary = table.name if table is not None else dotted
        rel.direction = direction(self.index, model, rel)
        if rel.uselist is None and rel.direction is not None:
            rel.uselist = rel.direction != "MANYTOONE"

    def build(self) -> ProjectIndex:
        self.resolve_imports()
        self.find_bases()
        self.collect_classes()
        self.collect_tables()
        self.index.enums = {q for q in self.classes if self._is_enum(q, set())}
        self.index.enum_members = {q: members for q in self.index.enums
                                   if (members := self._enum_members(q)) is not None}
        self.index.expire_on_commit_configured = any(
            f.mentions_expire_on_commit for f in self.facts.values())
        self.imperative = ImperativeMappings.find(self)
        self.build_models()
        self.link()
        self.index.reindex()
        return self.index


def _abstract(cf: ClassFact) -> bool:
    return any(a.key == "__abstract__" and a.value is not None and a.value.kind == "const"
               and a.value.value is True for a in cf.attrs)


def build_project(facts: Iterable[ModuleFacts], generation: int = 0,
                  memo: Optional[dict] = None) -> ProjectIndex:
    """The model index of a project from the facts of its modules (see module docstring).

    ``memo``: a dict kept between builds (the workspace's); class bodies that did not change are
    not interpreted again when the project's names did not change either.
    """
    return _Builder(facts, generation, memo).build()


__all__ = ["build_project", "flask_tablename"]
