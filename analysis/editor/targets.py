"""What mapped thing a position names: a model, an attribute, a table column, a table.

Strings the ORM reads (``relationship("Post")``, ``back_populates="author"``,
``ForeignKey("users.id")``, ``secondary="post_tags"``) and code (``User.posts``, ``User``, the
attribute name on the left of ``name = mapped_column(...)`` in a class body) both resolve here,
for hover and for go-to-definition / find-references.

Example::

    target = target_at(ws, "app/models.py", line=9, column=30)
    target.kind == "model"; target.model.name == "Post"
"""
from __future__ import annotations

import re
import token as tok
from dataclasses import dataclass
from typing import Any, Optional

from analysis.editor.common import (document, model_of_class, relationship_call_target, resolve,
                                    resolve_attribute)
from analysis.editor.context import TAIL, Context, Token, cursor_context
from analysis.findings import Position, Range
from analysis.index.model import ColumnInfo, ModelInfo, ProjectIndex, TableInfo


@dataclass(frozen=True)
class Target:
    """``kind``: "model" | "attribute" (model + attr) | "table" | "table_column" (table + column)."""

    kind: str
    range: Range                         # the text under the cursor that names it
    model: Optional[ModelInfo] = None
    attr: Any = None                     # ColumnInfo | RelationshipInfo
    table: Optional[TableInfo] = None
    column: Optional[ColumnInfo] = None
    via: str = "code"                    # "code" or the string's role: "relationship", ...


def target_at(ws: Any, path: str, line: int, column: int) -> Optional[Target]:
    doc = document(ws, path)
    ctx = cursor_context(doc.source, line, column)
    project = ws.project
    if ctx.string_token is not None and ctx.in_string:
        return _string_target(ctx, project, path, doc.module, doc.source)
    token = ctx.token
    if token is None or token.type != tok.NAME:
        return None
    return _code_target(doc.source, token, ctx, project, path, doc.module)


def _token_range(t: Token) -> Range:
    return Range(Position(t.line, t.column), Position(t.end_line, t.end_column))


def _string_target(ctx: Context, project: ProjectIndex, path: str, module: Optional[str],
                   source: str) -> Optional[Target]:
    call = ctx.call
    string = ctx.string_token
    assert string is not None
    if call is None:
        return None
    value = _unquote(string.text)
    rng = _token_range(string)
    name = call.name
    if name == "relationship" and call.keyword is None and call.arg_index == 0:
        model = resolve(project, value, module)
        return Target("model", rng, model=model, via="relationship") if model else None
    if name == "relationship" and call.keyword == "back_populates":
        target = relationship_call_target(project, call.args, source, call.open_token.line,
                                          ctx.enclosing_class, path, module)
        attr = target.attribute(value) if target is not None else None
        return Target("attribute", rng, model=target, attr=attr, via="back_populates") \
            if attr is not None else None
    if name == "backref" and call.keyword is None and call.arg_index == 0:
        # relationship("Post", backref=backref("author")): the attribute created on Post
        outer = ctx.calls[1] if len(ctx.calls) > 1 else None
        target = relationship_call_target(project, outer.args, source, outer.open_token.line,
                                          ctx.enclosing_class, path, module) if outer else None
        attr = target.attribute(value) if target is not None else None
        return Target("attribute", rng, model=target, attr=attr, via="backref") if attr else None
    if call.keyword == "backref" and name == "relationship":
        target = relationship_call_target(project, call.args, source, call.open_token.line,
                                          ctx.enclosing_class, path, module)
        attr = target.attribute(value) if target is not None else None
        return Target("attribute", rng, model=target, attr=attr, via="backref") if attr else None
    if name == "ForeignKey" and call.keyword is None and call.arg_index == 0:
        return _table_column(project, value, rng)
    if call.keyword == "secondary":
        table = project.table(value)
        return Target("table", rng, table=table, via="secondary") if table else None
    if name == "relationship" and call.keyword in ("order_by", "primaryjoin", "foreign_keys",
                                                   "remote_side", "secondaryjoin"):
        found = resolve_attribute(project, value.split()[0] if value.split() else "", module)
        if found is not None:
            return Target("attribute", rng, model=found[0], attr=found[1], via=call.keyword)
    return None


def _table_column(project: ProjectIndex, value: str, rng: Range) -> Optional[Target]:
    table_name, _, column_name = value.rpartition(".")
    if not table_name:
        return None
    model = project.model_by_tablename(table_name)
    if model is not None:
        for col in (model.all_columns() if hasattr(model, "all_columns") else model.columns).values():
            if col.name == column_name:
                return Target("attribute", rng, model=model, attr=col, via="ForeignKey")
    table = project.table(table_name)
    if table is not None:
        for col in table.columns.values():
            if col.name == column_name:
                return Target("table_column", rng, table=table, column=col, via="ForeignKey")
    return None


def _code_target(source: str, token: Token, ctx: Context, project: ProjectIndex, path: str,
                 module: Optional[str]) -> Optional[Target]:
    rng = _token_range(token)
    lines = source.split("\n")
    text = lines[token.line] if token.line < len(lines) else ""
    before = text[:token.column]
    # Model.attr (also pkg.models.User.attr)
    chain = re.search(r"([A-Za-z_][\w.]*)\.\s*$", before[-TAIL:])   # bounded: linear time
    if chain:
        found = resolve_attribute(project, f"{chain.group(1)}.{token.text}", module)
        if found is not None:
            return Target("attribute", rng, model=found[0], attr=found[1])
        return None
    # `name = mapped_column(...)` / `name: Mapped[int]` in a model's class body
    after = text[token.end_column:]
    if not before.strip() and re.match(r"\s*(:|=(?!=))", after) and ctx.enclosing_class:
        model = model_of_class(project, ctx.enclosing_class, path, module)
        attr = model.attribute(token.text) if model is not None else None
        if attr is not None:
            return Target("attribute", rng, model=model, attr=attr)
    # a model class name
    model = resolve(project, token.text, module)
    if model is not None and model.name == token.text:
        return Target("model", rng, model=model)
    return None


def _unquote(text: str) -> str:
    match = re.match(r"^[rRbBuUfF]*('''|\"\"\"|'|\")(.*?)(\1)?$", text, re.S)
    return match.group(2) if match else text.strip("'\"")


def definition_of(target: Target) -> Optional[tuple[str, Range]]:
    """Where a target is declared: the class name, the attribute, the table/column."""
    if target.kind == "model" and target.model is not None:
        return target.model.path, target.model.range
    if target.kind == "attribute" and target.attr is not None:
        path = target.attr.path or (target.model.path if target.model else "")
        return path, target.attr.range
    if target.kind == "table" and target.table is not None:
        return target.table.path, target.table.range
    if target.kind == "table_column" and target.column is not None:
        return target.column.path or (target.table.path if target.table else ""), target.column.range
    return None


__all__ = ["Target", "definition_of", "target_at"]
