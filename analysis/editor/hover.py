"""Hover: the SQL of the query expression under the cursor, per dialect, and mapped-attribute facts.

On any part of a statement expression (``select(User).where(...)``, ``session.query(User)...``)
the hover shows one fenced ``sql`` block per configured dialect, headed by the dialect's name,
with the bound parameters, the extra statements eager loads emit, and the shape of the result.
On a mapped name (``User.posts``, ``relationship("Post")``, ``ForeignKey("users.id")``, an
attribute in a class body) it shows the column's type, nullability and keys, or the
relationship's target, direction and loading strategy.  Both can appear, facts first.

Example::

    hover_at(ws, "app/views.py", 7, 20).markdown
    # "**sqlite**\\n```sql\\nSELECT users.id, users.name \\nFROM users\\n```\\n..."
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Optional

from analysis.editor.common import column_facts, model_facts, relationship_facts
from analysis.editor.results import Hover
from analysis.editor.targets import Target, target_at
from analysis.findings import Range
from analysis.index.model import ColumnInfo, RelationshipInfo

SEPARATOR = "\n\n---\n\n"
log = logging.getLogger("ormlens")


def hover_at(ws: Any, path: str, line: int, column: int) -> Optional[Hover]:
    """The hover for ``(line, column)`` of ``path`` (0-based), or None when there is nothing."""
    parts: list[str] = []
    rng: Optional[Range] = None
    target = target_at(ws, path, line, column)
    if target is not None:
        facts = target_markdown(target, ws.project)
        if facts:
            parts.append(facts)
            rng = target.range
    preview = preview_at(ws, path, line, column)
    if preview is not None:
        parts.append(sql_markdown(preview))
        if rng is None:
            rng = getattr(preview, "range", None)
    if not parts:
        return None
    return Hover(markdown=SEPARATOR.join(parts), range=rng)


def target_markdown(target: Target, project: Any) -> str:
    if target.kind == "model" and target.model is not None:
        return "\n".join(model_facts(target.model))
    if target.kind == "attribute" and target.model is not None:
        if isinstance(target.attr, RelationshipInfo):
            return "\n".join(relationship_facts(target.model, target.attr, project))
        if isinstance(target.attr, ColumnInfo):
            return "\n".join(column_facts(target.model, target.attr))
    if target.kind == "table" and target.table is not None:
        lines = [f"**{target.table.name}**: table"]
        lines += [f"- `{c.name}`" + (f": {c.sql_type}" if c.sql_type else "")
                  + (" primary key" if c.primary_key else "")
                  + "".join(f", FK {fk}" for fk in c.foreign_keys)
                  for c in target.table.columns.values()]
        return "\n".join(lines)
    if target.kind == "table_column" and target.column is not None and target.table is not None:
        col = target.column
        return "\n".join([f"**{target.table.name}.{col.name}**: column",
                          f"- type: `{col.sql_type or 'unknown'}`",
                          f"- nullable: {'yes' if col.nullable and not col.primary_key else 'no'}"]
                         + (["- primary key"] if col.primary_key else [])
                         + [f"- foreign key -> `{fk}`" for fk in col.foreign_keys])
    return ""


# --- SQL previews (analysis.preview, through Workspace.sql_at) -------------------------------------
def preview_at(ws: Any, path: str, line: int, column: int,
               dialects: Optional[list[str]] = None) -> Any:
    """The workspace's SQL preview of the statement at the position, or None."""
    sql_at = getattr(ws, "sql_at", None)
    if sql_at is None:
        return None
    try:
        return sql_at(path, line, column, dialects)
    except ImportError:
        return None   # no preview module in this installation: hovers show mapped facts only
    except Exception:   # a preview failure must not hide the other hover facts
        log.exception("SQL preview failed at %s:%d:%d", path, line + 1, column + 1)
        return None


def _dialect_items(preview: Any) -> Iterable[tuple[str, Any]]:
    dialects = getattr(preview, "dialects", None)
    if isinstance(dialects, dict):
        return dialects.items()
    if isinstance(preview, dict):
        return preview.items()
    return []


def _statement_text(entry: Any) -> tuple[str, Any, list[str]]:
    sql = getattr(entry, "sql", None)
    params = getattr(entry, "params", None)
    extra = list(getattr(entry, "extra", None) or getattr(entry, "extra_statements", None) or [])
    if isinstance(entry, dict):
        sql, params = entry.get("sql"), entry.get("params")
        extra = list(entry.get("extra") or [])
    return str(sql or ""), params, [str(getattr(e, "sql", e)) for e in extra]


def sql_markdown(preview: Any) -> str:
    """One ``sql`` block per dialect headed by its name, parameters, extra statements, shape."""
    out: list[str] = []
    for dialect, entry in _dialect_items(preview):
        sql, params, extra = _statement_text(entry)
        heading = f"**{dialect}**"
        if getattr(entry, "transpiled", False):
            heading += " (transpiled)"
        block = [heading, "```sql", sql.rstrip(), "```"]
        if params:
            block.append("params: " + ", ".join(f"`{k}` = `{v!r}`" for k, v in dict(params).items()))
        for statement in extra:
            block += ["then (eager load):", "```sql", statement.rstrip(), "```"]
        out.append("\n".join(block))
    shape = getattr(preview, "shape", None) or getattr(preview, "result_shape", None)
    if shape:
        out.append(f"result: `{shape}`")
    return "\n\n".join(out)


def sql_text(preview: Any, dialect: Optional[str]) -> Optional[str]:
    items = list(_dialect_items(preview))
    if not items:
        return None
    chosen = next((e for d, e in items if d == dialect), None) if dialect else items[0][1]
    if chosen is None:
        return None
    sql, params, extra = _statement_text(chosen)
    text = sql.rstrip()
    if params:
        text += "\n-- params: " + ", ".join(f"{k}={v!r}" for k, v in dict(params).items())
    for statement in extra:
        text += "\n\n-- then (eager load):\n" + statement.rstrip()
    return text + "\n"


__all__ = ["hover_at", "preview_at", "sql_markdown", "sql_text", "target_markdown"]
