"""Turning a declarative class statement into a Table and a Mapper.

Collects the class's mapped attributes (its own first, then those of mixins and abstract bases in
MRO order, as SQLAlchemy orders table columns), completes ``mapped_column()``s from their
``Mapped[...]`` annotations, builds or extends the Table, and creates the Mapper.
"""
from __future__ import annotations

import copy
from typing import Any, Optional

from orm import exc
from orm.sql.schema import _NOT_SET, Column, Table

from .annotations import (
    _StringAnnotation,
    mapped_inner,
    relationship_target,
    resolve_annotation,
    split_optional,
    sql_type_for,
)
from .base import _mapper_of
from .decl_api import _BASE_ROOTS, declared_attr
from .mapper import Mapper
from .properties import ColumnProperty, MappedColumn, MapperProperty, SynonymProperty
from .relationships import RelationshipProperty

_MISSING = object()
_DIRECTIVES = ("__tablename__", "__table_args__", "__mapper_args__", "__table__")


def _is_framework_class(klass: type) -> bool:
    return klass is object or klass in _BASE_ROOTS or klass.__module__ in ("typing", "builtins") \
        or klass.__module__.startswith("orm.mapping.")


def _ordered_keys(d: dict[str, Any], anns: dict[str, Any]) -> list[str]:
    """Names in SQLAlchemy's order: the class dict's order, with each annotation-only name placed
    right after the annotated name written before it (or before the next one)."""
    # MappedAsDataclass puts back the attributes dataclasses removed (decl_dataclass.py): the
    # order the class body wrote is kept for it
    out = list(d.get("_orm_dataclass_order") or d)
    present = set(out)
    ann_keys = list(anns)
    for i, k in enumerate(ann_keys):
        if k in present:
            continue
        if i > 0:
            out.insert(out.index(ann_keys[i - 1]) + 1, k)
        else:
            nxt = next((a for a in ann_keys[1:] if a in present), None)
            out.insert(out.index(nxt) if nxt is not None else len(out), k)
        present.add(k)
    return out


class _Scan:
    def __init__(self, cls: type, registry: Any) -> None:
        self.cls = cls
        self.registry = registry
        self.inherits = self._find_inherits()
        # classes whose attributes this class collects: itself, then mixins/abstract/bases
        self.sources = [k for k in cls.__mro__ if not _is_framework_class(k) and
                        (k is cls or _mapper_of(k) is None) and
                        (self.inherits is None or k is cls or not issubclass(self.inherits, k))]

    def _find_inherits(self) -> Optional[type]:
        for k in self.cls.__mro__[1:]:
            if _mapper_of(k) is not None:
                return k
        return None

    def directive(self, name: str) -> Any:
        for k in self.sources:
            if name in k.__dict__:
                v = k.__dict__[name]
                if isinstance(v, declared_attr):
                    return v.fget(self.cls)
                if k is self.cls or name != "__table__":
                    return v
        return None

    def collect(self) -> list[tuple[str, Any, Any, type]]:
        """(key, value, annotation, owner class) of every mapped attribute, own first."""
        out: list[tuple[str, Any, Any, type]] = []
        seen: set[str] = set()
        for owner in self.sources:
            d = owner.__dict__
            anns = d.get("__annotations__", {}) if isinstance(d.get("__annotations__", {}), dict) else {}
            for key in _ordered_keys(d, anns):
                if key in seen or (key.startswith("__") and key.endswith("__")):
                    continue
                value = d.get(key, _MISSING)
                ann = anns.get(key)
                from_declared_attr = False
                if isinstance(value, declared_attr):
                    value = value.fget(self.cls)
                    from_declared_attr = True
                    if value is None:
                        continue
                elif owner is not self.cls and key in self.cls.__dict__ and key not in seen:
                    continue
                is_mapped_ann = False
                if ann is not None:
                    res = resolve_annotation(ann, owner)
                    is_mapped_ann, _ = mapped_inner(res)
                    ann = res
                if value is _MISSING:
                    if not is_mapped_ann:
                        continue
                    value = MappedColumn()
                if isinstance(value, (Column, MappedColumn, MapperProperty)):
                    if owner is not self.cls and not from_declared_attr:
                        value = self._copy_from_mixin(key, value, owner)
                    out.append((key, value, ann, owner))
                    seen.add(key)
        return out

    def _copy_from_mixin(self, key: str, value: Any, owner: type) -> Any:
        if isinstance(value, Column):
            # name the mixin's column first: an unnamed Column does not survive Column.copy()
            if not value.name:
                value.name = key
            if value.key is None:
                value.key = value.name
            return value.copy()
        if isinstance(value, MappedColumn):
            return value
        if isinstance(value, SynonymProperty):
            return copy.copy(value)
        raise exc.InvalidRequestError(
            f"Mapper properties (i.e. deferred, column_property(), relationship(), etc.) must be declared "
            f"as @declared_attr callables on declarative mixin classes: {owner.__name__}.{key} "
            f"(mapping class {self.cls.__name__})"
        )

    def column_from_mapped(self, key: str, mc: MappedColumn, ann: Any) -> Column:
        is_mapped, inner = mapped_inner(ann) if ann is not None else (False, None)
        if ann is not None and not is_mapped:
            inner = ann
        type_ = None
        nullable: Any = _NOT_SET
        if inner is not None:
            py, optional = split_optional(inner)
            if not mc.has_explicit_nullable and not mc.kw.get("primary_key"):
                nullable = optional
            if not mc.has_explicit_type:
                if isinstance(py, _StringAnnotation):
                    raise exc.ArgumentError(
                        f"Could not interpret annotation {py.text!r} of {self.cls.__name__}.{key} to "
                        "choose a SQL type; pass the type to mapped_column()"
                    )
                type_ = sql_type_for(py, self.registry.type_annotation_map)
                if type_ is None and not self._fk_typed(mc):
                    raise exc.ArgumentError(
                        f"Could not locate SQLAlchemy Core type for Python type {py!r} inside the "
                        f"{key!r} attribute Mapped annotation of class {self.cls.__name__}; add it to "
                        "type_annotation_map or pass a type to mapped_column()"
                    )
        elif not mc.has_explicit_type and not self._fk_typed(mc):
            raise exc.ArgumentError(
                f"mapped_column() of {self.cls.__name__}.{key} has no type: annotate the attribute "
                f"with Mapped[...] or pass a type, e.g. mapped_column(Integer)"
            )
        return mc.make_column(key, type_, nullable)

    @staticmethod
    def _fk_typed(mc: MappedColumn) -> bool:
        from orm.sql.schema import ForeignKey

        return any(isinstance(a, ForeignKey) for a in mc.args)


def map_declaratively(cls: type, registry: Any) -> Optional[Mapper]:
    """Map a declarative class (called by the bases' metaclass / ``__init_subclass__``)."""
    if cls.__dict__.get("__abstract__", False):
        return None
    if any(b.__dict__.get("__no_table__", False) for b in cls.__bases__):
        # AbstractConcreteBase's subclass: mapped onto its subclasses' union at configuration
        return None
    scan = _Scan(cls, registry)
    collected = scan.collect()
    table = cls.__dict__.get("__table__")
    if table is None:
        for k in scan.sources[1:]:
            v = k.__dict__.get("__table__")
            if isinstance(v, declared_attr):
                table = v.fget(cls)
                break
    tablename = scan.directive("__tablename__") if table is None else None
    table_args = scan.directive("__table_args__")
    mapper_args = dict(scan.directive("__mapper_args__") or {})

    columns: list[tuple[str, Column, Any, Any]] = []  # (attr key, column, sort order)
    others: dict[str, MapperProperty] = {}
    for key, value, ann, owner in collected:
        if isinstance(value, MappedColumn):
            col = scan.column_from_mapped(key, value, ann)
            columns.append((key, col, value.orm_kw.get("sort_order", 0), value._property_kw()))
        elif isinstance(value, Column):
            if not value.name:
                value.name = key
            if value.key is None:
                value.key = value.name
            columns.append((key, value, 0, None))
        elif isinstance(value, RelationshipProperty):
            if ann is not None and value.argument is None:
                is_mapped, inner = mapped_inner(ann)
                target, coll = relationship_target(inner if is_mapped else ann)
                value._annotation_target = target
                if coll is not None and value.collection_class is None and coll not in (list, dict):
                    value.collection_class = coll
            elif ann is not None:
                is_mapped, inner = mapped_inner(ann)
                _, coll = relationship_target(inner if is_mapped else ann)
                if coll is set and value.collection_class is None:
                    value.collection_class = set
            lazy = getattr(getattr(ann, "__origin__", None), "_orm_lazy", None)
            if lazy is not None and value.lazy == "select":  # WriteOnlyMapped[...] / DynamicMapped[...]
                value.lazy = lazy
            others[key] = value
        elif isinstance(value, ColumnProperty):
            for c in value.columns:
                if isinstance(c, Column) and c.table is None:
                    if not c.name:
                        c.name = key
                    if c.key is None:
                        c.key = c.name
                    columns.append((key, c, 0, None))
            others[key] = value
        elif hasattr(value, "_declarative_columns"):  # composite(): its own columns join the table
            for ckey, col in value._declarative_columns(scan, key, ann):
                columns.append((ckey, col, 0, None))
            others[key] = value
        else:
            others[key] = value
    columns.sort(key=lambda t: t[2])  # stable: sort_order, else declaration order

    inherits = scan.inherits
    col_props: dict[str, Any] = {}
    col_objs = [c for _, c, _, _ in columns if c.table is None]
    if table is not None:
        for key, col, _, _ in columns:
            if col.table is None:
                raise exc.ArgumentError(
                    f"Can't add additional column {col.name!r} to class {cls.__name__} when specifying "
                    "__table__"
                )
    elif tablename is not None:
        args, kw = _split_table_args(cls, table_args)
        table = Table(tablename, registry.metadata, *col_objs, *args, **kw)
    elif inherits is not None:
        # single-table inheritance: new columns go on the superclass's table
        if table_args:
            raise exc.ArgumentError(
                f"Can't place __table_args__ on an inherited class {cls.__name__} with no table."
            )
        parent_table = _mapper_of(inherits).local_table
        for col in col_objs:
            existing = parent_table.c.get(col.key)
            if existing is not None:
                raise exc.ArgumentError(
                    f"Column '{col.key}' on class {cls.__name__} conflicts with existing column "
                    f"'{parent_table.name}.{col.key}'"
                )
            parent_table.append_column(col)
        table = None
    else:
        raise exc.InvalidRequestError(
            f"Class {cls!r} does not have a __table__ or __tablename__ specified and does not inherit "
            "from an existing table-mapped class."
        )

    properties: dict[str, Any] = dict(others)
    for key, col, _, pkw in columns:
        if key in others:
            continue
        if pkw and (pkw["deferred"] or pkw["group"] or pkw["raiseload"] or pkw["active_history"]):
            properties[key] = ColumnProperty(col, **pkw)
        else:
            properties[key] = col
        col_props[key] = col
    # columns of the table follow the explicit properties in table order (SQLAlchemy's attrs order)
    if table is not None:
        by_col = {id(c): k for k, c in col_props.items()}
        ordered = {k: v for k, v in properties.items() if k not in col_props}
        for c in table.c:
            k = by_col.get(id(c))
            if k is not None:
                ordered[k] = properties[k]
        for k in col_props:
            ordered.setdefault(k, properties[k])
        properties = ordered

    validators = _collect_validators(cls)
    mapper_kw = _mapper_kwargs(cls, mapper_args, col_props)
    if table is not None and "__table__" not in cls.__dict__:
        type.__setattr__(cls, "__table__", table)
    mapper_cls = getattr(cls, "__mapper_cls__", Mapper)
    return mapper_cls(cls, table, properties, registry=registry, inherits=inherits, validators=validators,
                      **mapper_kw)


def _split_table_args(cls: type, table_args: Any) -> tuple[list[Any], dict[str, Any]]:
    if table_args is None:
        return [], {}
    if isinstance(table_args, dict):
        return [], dict(table_args)
    if isinstance(table_args, tuple):
        if table_args and isinstance(table_args[-1], dict):
            return list(table_args[:-1]), dict(table_args[-1])
        return list(table_args), {}
    raise exc.ArgumentError(
        f"__table_args__ of class {cls.__name__} must be a tuple of positional Table arguments "
        f"(optionally ending with a dict of keyword arguments) or a dict, got {table_args!r}"
    )


def _collect_validators(cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in reversed(cls.__mro__):
        for name, value in k.__dict__.items():
            spec = getattr(value, "__orm_validates__", None)
            if spec is not None:
                for attr in spec[0]:
                    out[attr] = value
    return out


def _mapper_kwargs(cls: type, mapper_args: dict[str, Any], col_props: dict[str, Any]) -> dict[str, Any]:
    kw = dict(mapper_args)
    for name in ("polymorphic_on", "version_id_col"):
        v = kw.get(name)
        if isinstance(v, MappedColumn):
            for key, col in col_props.items():
                if cls.__dict__.get(key) is v:
                    kw[name] = col
        elif isinstance(v, str) and v in col_props:
            kw[name] = col_props[v]
    return kw
