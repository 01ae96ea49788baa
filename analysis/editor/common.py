"""What the editor features share: the document's text and module, model lookups, fact lines.

Example::

    doc = document(ws, "app/views.py")        # Document(source, module_name)
    model = entity_of_chain("select(User).join(User.posts)", ws.project, doc.module)   # Post
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from analysis.index.model import ColumnInfo, ModelInfo, ProjectIndex, RelationshipInfo

LOADER_OPTIONS = {"selectinload", "joinedload", "subqueryload", "lazyload", "raiseload", "noload",
                  "immediateload", "contains_eager", "defaultload", "selectin_polymorphic"}
COLUMN_OPTIONS = {"load_only", "defer", "undefer", "undefer_group"}
_DIRECTION = {"ONETOMANY": "one-to-many", "MANYTOONE": "many-to-one",
              "MANYTOMANY": "many-to-many"}
_LAZY = {
    "select": "lazy load: a SELECT on first access, once per object (N+1 in loops)",
    "True": "lazy load: a SELECT on first access, once per object (N+1 in loops)",
    "joined": "eager: LEFT OUTER JOIN in the parent's query",
    "False": "eager: LEFT OUTER JOIN in the parent's query",
    "selectin": "eager: one extra SELECT ... WHERE ... IN (...) per query",
    "subquery": "eager: one extra SELECT over a subquery of the parent query",
    "immediate": "eager: a SELECT per object as it loads",
    "raise": "raises on access unless eager-loaded",
    "raise_on_sql": "raises on access when it would emit SQL",
    "noload": "never loads (empty)",
    "None": "never loads (empty)",
    "dynamic": "dynamic: a query object, a SELECT per use",
    "write_only": "write-only: no loading; query it with .select()",
}


@dataclass(frozen=True)
class Document:
    source: str
    module: Optional[str]


def document(ws: Any, path: str) -> Document:
    """The workspace's text of ``path`` (the editor's overlay when open) and its module name."""
    info = ws.module(path)
    source = getattr(info, "source", None)
    if source is None:
        with open(path, encoding="utf-8", errors="replace") as fh:
            source = fh.read()
    return Document(source=source.replace("\r\n", "\n").replace("\r", "\n"),
                    module=getattr(info, "module_name", None))


def resolve(project: ProjectIndex, expr: str, module: Optional[str]) -> Optional[ModelInfo]:
    """The model an expression text names: ``User``, ``models.User``, ``"User"``, ``aliased(User)``."""
    text = expr.strip().strip("'\"")
    match = re.match(r"^(?:\w+\.)*aliased\(\s*([\w.]+)", text)
    if match:
        text = match.group(1)
    if not re.fullmatch(r"[A-Za-z_][\w.]*", text or "-"):
        return None
    return project.resolve_model(text, module)


def resolve_attribute(project: ProjectIndex, expr: str, module: Optional[str]
                      ) -> Optional[tuple[ModelInfo, Any]]:
    """``User.posts`` -> (User, its RelationshipInfo); ``models.User.name`` -> (User, ColumnInfo)."""
    text = expr.strip()
    if "." not in text:
        return None
    owner, _, key = text.rpartition(".")
    model = resolve(project, owner, module)
    if model is None:
        return None
    attr = model.attribute(key)
    return (model, attr) if attr is not None else None


_JOIN = re.compile(r"\.(?:join|outerjoin|join_from)\(\s*([\w.]+)")
_ROOT = re.compile(r"\b(?:select|query|update|delete|Query)\(\s*([\w.]+)")
_FLASK_QUERY = re.compile(r"^([\w.]+)\.query\b")


def entity_of_chain(receiver: str, project: ProjectIndex, module: Optional[str]
                    ) -> Optional[ModelInfo]:
    """The entity a method of the query chain ``receiver`` applies to.

    ``filter_by`` filters the last joined entity (as SQLAlchemy does), else the first entity of
    ``select(...)``/``query(...)``/``Model.query``.
    """
    joins = _JOIN.findall(receiver)
    for target in reversed(joins):
        found = resolve_attribute(project, target, module)
        if found is not None and isinstance(found[1], RelationshipInfo):
            return project.relationship_target(found[1])
        model = resolve(project, target, module)
        if model is not None:
            return model
    root = _ROOT.search(receiver)
    if root:
        first = root.group(1)
        found = resolve_attribute(project, first, module)
        if found is not None:
            return found[0]
        return resolve(project, first, module)
    flask = _FLASK_QUERY.match(receiver.strip())
    if flask:
        return resolve(project, flask.group(1), module)
    return None


def model_of_class(project: ProjectIndex, name: Optional[str], path: str,
                   module: Optional[str]) -> Optional[ModelInfo]:
    """The model a ``class Name`` statement of this file defines (mixins and abstract ones too)."""
    if not name:
        return None
    for model in list(project.models.values()) + list(getattr(project, "abstract", {}).values()):
        if model.name == name and (model.path == path or (module and model.module == module)):
            return model
    return project.resolve_model(name, module)


def relationship_call_target(project: ProjectIndex, call_args: tuple[str, ...], source: str,
                             call_line: int, class_name: Optional[str], path: str,
                             module: Optional[str]) -> Optional[ModelInfo]:
    """The target model of the ``relationship(...)`` call opened on ``call_line``.

    The index knows it best (``posts: Mapped[list["Post"]] = relationship(...)`` has no
    positional target); else the first positional argument names it.
    """
    owner = model_of_class(project, class_name, path, module)
    lines = source.split("\n")
    for number in range(call_line, max(call_line - 5, -1), -1):   # the statement may wrap
        match = re.match(r"^\s*([A-Za-z_]\w*)\s*[:=]", lines[number] if number < len(lines) else "")
        if match:
            rel = owner.relationships.get(match.group(1)) if owner is not None else None
            if rel is not None and rel.target_qualname in project.models:
                return project.models[rel.target_qualname]
            break
    if call_args and "=" not in call_args[0].split("(")[0]:
        return resolve(project, call_args[0], module)
    return None


def type_text(col: ColumnInfo) -> str:
    if not col.sql_type:
        return "type unknown"
    if col.type_args:
        return f"{col.sql_type}({', '.join(repr(a) if isinstance(a, str) else str(a) for a in col.type_args)})"
    return col.sql_type


def column_detail(col: ColumnInfo) -> str:
    """One line: ``Integer, primary key`` / ``String(50) -> str, NOT NULL, FK users.id``."""
    parts = [type_text(col) + (f" -> {col.python_type}" if col.python_type else "")]
    if col.primary_key:
        parts.append("primary key")
    elif not col.nullable:
        parts.append("NOT NULL")
    for fk in col.foreign_keys:
        parts.append(f"FK {fk}")
    if col.kind != "column":
        parts.append(col.kind.replace("_", " "))
    return ", ".join(parts)


def relationship_detail(rel: RelationshipInfo, project: ProjectIndex) -> str:
    """``-> Post (one-to-many, list)``."""
    target = project.relationship_target(rel)
    name = target.name if target is not None else (rel.target or "?")
    bits = [_DIRECTION.get(rel.direction or "", "")] if rel.direction else []
    if rel.is_collection:
        bits.append(rel.collection or "list")
    return f"-> {name}" + (f" ({', '.join(b for b in bits if b)})" if bits else "")


def column_facts(model: ModelInfo, col: ColumnInfo) -> list[str]:
    """Markdown bullet lines describing a column attribute."""
    table = model.tablename or "?"
    facts = [f"**{model.name}.{col.key}**: {col.kind.replace('_', ' ')} `{table}.{col.name}`"]
    facts.append(f"- type: `{type_text(col)}`" + (f" (Python `{col.python_type}`)" if col.python_type else ""))
    facts.append(f"- nullable: {'yes' if col.nullable and not col.primary_key else 'no'}")
    if col.primary_key:
        facts.append("- primary key")
    for fk in col.foreign_keys:
        facts.append(f"- foreign key -> `{fk}`")
    if col.unique:
        facts.append("- unique")
    if col.index:
        facts.append("- indexed")
    if col.deferred:
        facts.append("- deferred: loaded on first access (a SELECT per object)")
    if col.synonym_for:
        facts.append(f"- synonym for `{col.synonym_for}`")
    return facts


def relationship_facts(model: ModelInfo, rel: RelationshipInfo, project: ProjectIndex) -> list[str]:
    target = project.relationship_target(rel)
    target_name = target.name if target is not None else (rel.target or "unresolved")
    facts = [f"**{model.name}.{rel.key}**: relationship to `{target_name}`"]
    if rel.direction:
        facts.append(f"- direction: {_DIRECTION.get(rel.direction, rel.direction)}"
                     f" ({'collection' if rel.is_collection else 'scalar'})")
    lazy = rel.lazy or "select"
    facts.append(f"- loading: `lazy=\"{lazy}\"` — {_LAZY.get(lazy, 'custom loader')}")
    if rel.back_populates:
        facts.append(f"- back_populates: `{target_name}.{rel.back_populates}`")
    if rel.backref:
        facts.append(f"- backref: `{target_name}.{rel.backref}`")
    if rel.secondary:
        facts.append(f"- secondary: `{rel.secondary}`")
    if rel.order_by_text:
        facts.append(f"- order_by: `{rel.order_by_text}`")
    if rel.viewonly:
        facts.append("- viewonly")
    if rel.generated_from_backref:
        facts.append("- created by a backref on the other side")
    return facts


def model_facts(model: ModelInfo) -> list[str]:
    facts = [f"**{model.name}**: mapped class" + (f", table `{model.tablename}`" if model.tablename else "")]
    columns = model.all_columns() if hasattr(model, "all_columns") else model.columns
    for col in columns.values():
        facts.append(f"- `{col.key}`: {column_detail(col)}")
    rels = model.all_relationships() if hasattr(model, "all_relationships") else model.relationships
    for rel in rels.values():
        facts.append(f"- `{rel.key}`: relationship {rel.target or '?'}"
                     + (f" ({_DIRECTION[rel.direction]})" if rel.direction in _DIRECTION else ""))
    return facts


__all__ = ["COLUMN_OPTIONS", "Document", "LOADER_OPTIONS", "column_detail", "column_facts",
           "document", "entity_of_chain", "model_facts", "model_of_class", "relationship_detail",
           "relationship_facts", "resolve", "resolve_attribute"]
