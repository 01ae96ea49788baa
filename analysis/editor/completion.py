"""Completion of mapped names where the ORM takes them.

- column names in ``filter_by(`` (of the last joined entity), in a model's constructor
  (``User(na``) and inside ``order_by("`` / ``group_by("`` strings;
- relationship names in loader options: ``selectinload(User.|``, ``selectinload(|`` inside
  ``.options(`` (``User.posts``), chained ``selectinload(User.posts).joinedload(Post.|``;
  column names in ``load_only(User.|``;
- class names in ``relationship("|``, attribute names of the target in ``back_populates="|``,
  ``table.column`` in ``ForeignKey("|`` and table names in ``secondary="|``.

Example::

    complete(ws, "app/views.py", line=12, column=41)
    # [Completion(label="name", kind="column", detail="String(50) -> str", insert_text="name="), ...]
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterable, Optional

from analysis.editor.common import (COLUMN_OPTIONS, LOADER_OPTIONS, column_detail, document,
                                    entity_of_chain, model_of_class, relationship_call_target,
                                    relationship_detail, resolve, resolve_attribute)
from analysis.editor.context import Call, Context, cursor_context
from analysis.editor.results import Completion
from analysis.findings import Position, Range
from analysis.index.model import ModelInfo, ProjectIndex, RelationshipInfo

STRING_COLUMN_METHODS = {"order_by", "group_by"}


def complete(ws: Any, path: str, line: int, column: int) -> list[Completion]:
    """Completions for the position ``(line, column)`` of ``path`` (0-based); [] when none apply."""
    doc = document(ws, path)
    ctx = cursor_context(doc.source, line, column)
    call = ctx.call
    if call is None:
        return []
    project = ws.project
    if ctx.in_string:
        items = _in_string(ctx, call, project, path, doc.module, doc.source)
        prefix = ctx.string_prefix
        # replace what is typed inside the quotes (it may hold dots: "users.i")
        span = Range(Position(line, column - len(prefix)), Position(line, column))
        items = [replace(i, replace=span) for i in items]
    else:
        items = _in_code(ctx, call, project, doc.module)
        prefix = ctx.word_prefix
    items = [item for item in items if item.label.startswith(prefix) or not prefix]
    # priority first (the sort_text's first character), then declaration order; the sort text
    # says the same so editors keep this order
    ranked = sorted(enumerate(items), key=lambda pair: ((pair[1].sort_text or "0")[:1], pair[0]))
    return [replace(item, sort_text=f"{(item.sort_text or '0')[:1]}{number:04d}")
            for number, (_, item) in enumerate(ranked)]


def _in_string(ctx: Context, call: Call, project: ProjectIndex, path: str,
               module: Optional[str], source: str) -> list[Completion]:
    name = call.name
    if name == "relationship" and call.keyword is None and call.arg_index == 0:
        return _class_names(project)
    if name in ("relationship", "backref") and call.keyword == "back_populates":
        return _back_populates(call, ctx, project, path, module, source)
    if name == "ForeignKey" and call.keyword is None and call.arg_index == 0:
        return _foreign_keys(project)
    if call.keyword == "secondary":
        return [Completion(label=t, kind="table", detail="table") for t in sorted(project.tables)]
    if name in STRING_COLUMN_METHODS:
        entity = entity_of_chain(call.receiver, project, module)
        return _columns(entity, suffix="") if entity else []
    return []


def _in_code(ctx: Context, call: Call, project: ProjectIndex, module: Optional[str]
             ) -> list[Completion]:
    name = call.name
    if name in LOADER_OPTIONS or name in COLUMN_OPTIONS:
        wants_columns = name in COLUMN_OPTIONS
        if ctx.dotted_before:   # selectinload(User.|
            model = resolve(ctx_project := project, ctx.dotted_before, module)
            if model is None:
                return []
            return (_columns(model, suffix="", plain=True) if wants_columns
                    else _relationships(model, ctx_project, qualify=None))
        if call.keyword is None and _typing_a_name(call):   # selectinload(| inside .options(
            entity = _loader_entity(ctx, call, project, module)
            if entity is None:
                return []
            return (_qualified(_columns(entity, suffix="", plain=True), entity) if wants_columns
                    else _relationships(entity, project, qualify=entity.name))
        return []
    if name == "filter_by" and call.keyword is None and _typing_a_name(call):
        entity = entity_of_chain(call.receiver, project, module)
        return _columns(entity, suffix="=", exclude=call.kwargs) if entity else []
    if call.keyword is None and _typing_a_name(call) and not call.receiver:
        model = resolve(project, call.callee, module)   # a constructor: User(na|
        if model is not None and not model.is_abstract:
            items = _columns(model, suffix="=", exclude=call.kwargs)
            items += [Completion(label=r.key, kind="relationship",
                                 detail=relationship_detail(r, project), insert_text=r.key + "=",
                                 sort_text="1" + r.key)
                      for r in _all_relationships(model).values() if r.key not in call.kwargs
                      and not r.viewonly]
            return items
    return []


def _typing_a_name(call: Call) -> bool:
    """The current argument is empty or a bare identifier being typed."""
    current = call.args[-1].strip() if call.args else ""
    return current == "" or re.fullmatch(r"[A-Za-z_]\w*", current) is not None


def _loader_entity(ctx: Context, call: Call, project: ProjectIndex, module: Optional[str]
                   ) -> Optional[ModelInfo]:
    """``selectinload(User.posts).selectinload(|`` -> Post; ``.options(selectinload(|`` -> entity."""
    if call.receiver:
        match = re.search(r"\(\s*([\w.]+)\s*\)\s*$", call.receiver)
        if match:
            found = resolve_attribute(project, match.group(1), module)
            if found is not None and isinstance(found[1], RelationshipInfo):
                return project.relationship_target(found[1])
    for outer in ctx.calls[1:]:
        if outer.name == "options":
            return entity_of_chain(outer.receiver, project, module)
    return None


def _all_columns(model: ModelInfo) -> dict:
    return model.all_columns() if hasattr(model, "all_columns") else dict(model.columns)


def _all_relationships(model: ModelInfo) -> dict:
    return model.all_relationships() if hasattr(model, "all_relationships") \
        else dict(model.relationships)


def _columns(model: ModelInfo, suffix: str, exclude: Iterable[str] = (), plain: bool = False
             ) -> list[Completion]:
    skip = set(exclude)
    return [Completion(label=c.key, kind="column", detail=column_detail(c),
                       insert_text=c.key + suffix, sort_text="0" + c.key)
            for c in _all_columns(model).values()
            if c.key not in skip and (plain or c.kind in ("column", "synonym", "hybrid")
                                      or suffix == "")]


def _qualified(items: list[Completion], model: ModelInfo) -> list[Completion]:
    return [Completion(label=f"{model.name}.{i.label}", kind=i.kind, detail=i.detail,
                       insert_text=f"{model.name}.{i.label}", sort_text=i.sort_text) for i in items]


def _relationships(model: ModelInfo, project: ProjectIndex, qualify: Optional[str]
                   ) -> list[Completion]:
    out = []
    for rel in _all_relationships(model).values():
        label = f"{qualify}.{rel.key}" if qualify else rel.key
        out.append(Completion(label=label, kind="relationship",
                              detail=relationship_detail(rel, project), insert_text=label,
                              sort_text="0" + rel.key))
    return out


def _class_names(project: ProjectIndex) -> list[Completion]:
    seen: dict[str, ModelInfo] = {}
    for model in project.models.values():
        seen.setdefault(model.name, model)
    return [Completion(label=name, kind="class",
                       detail=f"table {m.tablename}" if m.tablename else m.qualname,
                       documentation=f"`{m.qualname}`")
            for name, m in sorted(seen.items())]


def _back_populates(call: Call, ctx: Context, project: ProjectIndex, path: str,
                    module: Optional[str], source: str) -> list[Completion]:
    target = relationship_call_target(project, call.args, source, call.open_token.line,
                                      ctx.enclosing_class, path, module)
    if target is None:
        return []
    owner = model_of_class(project, ctx.enclosing_class, path, module)
    items = []
    for rel in _all_relationships(target).values():
        if rel.generated_from_backref:
            continue
        points_back = owner is not None and rel.target_qualname == owner.qualname
        items.append(Completion(label=rel.key, kind="relationship",
                                detail=relationship_detail(rel, project),
                                sort_text=("0" if points_back else "1") + rel.key))
    return items


def _foreign_keys(project: ProjectIndex) -> list[Completion]:
    items = []
    seen = set()
    for model in project.models.values():
        if not model.tablename:
            continue
        for col in model.columns.values():
            label = f"{model.tablename}.{col.name}"
            if label not in seen and col.kind == "column":
                seen.add(label)
                items.append(Completion(label=label, kind="column", detail=column_detail(col),
                                        sort_text=("0" if col.primary_key else "1") + label))
    for table in project.tables.values():
        for col in table.columns.values():
            label = f"{table.name}.{col.name}"
            if label not in seen:
                seen.add(label)
                items.append(Completion(label=label, kind="column", detail=column_detail(col),
                                        sort_text="1" + label))
    return items


__all__ = ["complete"]
