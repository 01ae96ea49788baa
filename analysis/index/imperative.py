"""Classes mapped imperatively: ``registry.map_imperatively(User, user_table, properties={...})``
and SQLAlchemy 1.x's ``mapper(User, user_table, ...)``.

The class is a plain class; its columns are those of the ``Table`` (keyed by column name, or by
the key a ``properties`` entry gives a column: ``{"_name": users.c.name}``), its relationships
and other mapped attributes those of ``properties``.  ``inherits=Parent`` makes it a mapped
subclass.  No constructor is installed (unlike declarative mapping), so the class's own
``__init__`` is what a constructor call runs.

Example::

    mappings = ImperativeMappings.find(builder)
    mappings.by_class["app.models.User"].table.name        # "users"
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from analysis.index.columns import interpret_attribute
from analysis.index.facts import AttrFact, Expr
from analysis.index.model import NO_RANGE, ColumnInfo, ModelInfo, RelationshipInfo, TableInfo

if TYPE_CHECKING:
    from analysis.index.builder import _Builder

MAPPER_CALLS = {"orm.mapper"}


@dataclass
class Mapping:
    """One imperative mapping call, read."""

    cls: str
    table: TableInfo
    module: str                    # where the call is written (its names resolve there)
    properties: Optional[Expr] = None
    inherits: Optional[str] = None
    flavor: str = "orm"


@dataclass
class ImperativeMappings:
    by_class: dict[str, Mapping] = field(default_factory=dict)

    @classmethod
    def find(cls, builder: "_Builder") -> "ImperativeMappings":
        out = cls()
        for module, facts in builder.facts.items():
            for call in facts.imperative:
                mapping = _read(builder, call, module)
                if mapping is not None and mapping.cls in builder.classes:
                    out.by_class.setdefault(mapping.cls, mapping)
        return out

    def apply(self, builder: "_Builder", model: ModelInfo) -> None:
        """Give ``model`` (a class this mapping maps) its table, columns and properties."""
        mapping = self.by_class[model.qualname]
        model.tablename = mapping.table.name
        model.flavor = mapping.flavor
        model.unread_foreign_keys = mapping.table.unread_foreign_keys
        renamed: dict[str, str] = {}      # column name -> attribute key
        properties: list[tuple[str, Expr]] = []
        if mapping.properties is not None and mapping.properties.kind == "dict":
            for key, value in mapping.properties.items:
                if key is None or key.kind != "str" or value is None:
                    continue
                column = _table_column(value, mapping.table)
                if column is not None:
                    renamed[column.name] = key.value
                else:
                    properties.append((key.value, value))
        for column in mapping.table.columns.values():
            key = renamed.get(column.name, column.key)
            model.columns[key] = column if key == column.key else \
                dataclasses.replace(column, key=key)
        ctx = builder._context(mapping.module, model.qualname, {})
        for key, value in properties:
            fact = AttrFact(key, None, value, value.range or NO_RANGE)
            found = interpret_attribute(fact, ctx)
            if isinstance(found, RelationshipInfo) and found.target and \
                    not found.target.startswith(("'", '"')):
                # the target as written resolves in the mapping's module, which need not be
                # the class's: keep it fully qualified
                found.target = builder.resolve(Expr("name", found.target), mapping.module) \
                    or found.target
            if isinstance(found, (ColumnInfo, RelationshipInfo)):
                builder._add_attribute(model, key, found)
            elif found == "other":
                model.other_attributes.add(key)


def _read(builder: "_Builder", call: Expr, module: str) -> Optional[Mapping]:
    callee = builder.resolve(call.func, module) or ""
    if not (callee in MAPPER_CALLS or callee.endswith(".map_imperatively")):
        return None
    items = list(call.items)
    cls_expr = items[0] if items else call.keyword("class_")
    table_expr = items[1] if len(items) > 1 else call.keyword("local_table")
    if cls_expr is None or table_expr is None or cls_expr.kind != "name":
        return None
    cls = builder.resolve(cls_expr, module)
    table = _table(builder, table_expr, module)
    if cls is None or table is None:
        return None
    inherits_expr = call.keyword("inherits")
    inherits = builder.resolve(inherits_expr, module) if inherits_expr is not None and \
        inherits_expr.kind == "name" else None
    registry = callee.rpartition(".")[0]
    if registry in builder.registries:
        flavor = builder.registries[registry]
    else:
        raw = builder.raw(call.func.value, module) if call.func is not None and \
            call.func.kind == "name" else ""
        flavor = "sqlalchemy" if raw.startswith("sqlalchemy") else "orm"
    return Mapping(cls, table, module, call.keyword("properties"), inherits, flavor)


def _table(builder: "_Builder", expr: Expr, module: str) -> Optional[TableInfo]:
    if expr.kind == "name":
        return builder.table_vars.get(builder.resolve(expr, module) or "")
    if expr.kind == "call":
        return builder.read_table(None, expr, module)
    return None


def _table_column(value: Expr, table: TableInfo) -> Optional[ColumnInfo]:
    """``users.c.name`` / ``users.columns.name`` of the mapped table: a column under a key."""
    if value.kind != "name" or "." not in value.value:
        return None
    owner, _, name = value.value.rpartition(".")
    if not owner.endswith((".c", ".columns")):
        return None
    return next((c for c in table.columns.values() if c.key == name), None)


__all__ = ["ImperativeMappings", "Mapping"]
