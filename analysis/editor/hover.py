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
from typing import Any, Optional

from analysis.editor.common import column_facts, model_facts, relationship_facts
from analysis.editor.results import Hover
from analysis.editor.targets import Target, target_at
from analysis.findings import Position, Range
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
    else:
        loaded = loaded_attribute_at(ws, path, line, column)
        if loaded is not None:
            parts.append(loaded.markdown)
            rng = loaded.range
    preview = preview_at(ws, path, line, column)
    if preview is not None:
        parts.append(sql_markdown(preview))
        if rng is None:
            rng = getattr(preview, "range", None)
    if not parts:
        return None
    return Hover(markdown=SEPARATOR.join(parts), range=rng)


_STRATEGY_HERE = {
    "select": "lazy load: one SELECT when read",
    "raise": "raises here (lazy=\"raise\" and not eager-loaded)",
    "raise_on_sql": "raises here if it needs SQL",
    "noload": "not loaded (empty)",
    "dynamic": "a query object: SQL each time it is used",
    "write_only": "write-only: not loadable",
    "joined": "already loaded by a JOIN (joinedload)",
    "selectin": "already loaded by selectinload",
    "subquery": "already loaded by subqueryload",
    "immediate": "loaded as its object loads",
}
_FLOW_CACHE: dict[tuple, Any] = {}


def loaded_attribute_at(ws: Any, path: str, line: int, column: int) -> Optional[Hover]:
    """``user.posts`` on an object the flow inference saw loaded: how that read loads, here.

    Only for attribute reads of instances (model attributes read on classes are
    :func:`target_at`'s); the module's flow is computed once per text and index generation.
    """
    info = ws.module(path)
    if getattr(info, "parse_error", None) is not None:
        return None
    lines = info.source.split("\n")
    text = lines[line] if line < len(lines) else ""
    if "." not in text:
        return None
    project = ws.project
    flow = _module_flow(info, project)
    if flow is None:
        return None
    for read in list(flow.relationship_reads) + list(flow.column_reads):
        rng = info.range_of(read.where.site)
        if not (rng.start <= Position(line, column) <= rng.end) or rng.start == rng.end:
            continue
        rel = getattr(read, "rel", None)
        attr = rel if rel is not None else read.column
        owner = project.models.get(attr.owner) if getattr(attr, "owner", "") else None
        if owner is None:
            continue
        if rel is not None:
            facts = relationship_facts(owner, rel, project)
            how = _STRATEGY_HERE.get(read.strategy, read.strategy)
            if getattr(read, "identity_map", False):
                how = "no SQL: the object is already in the session (identity map)"
        else:
            facts = column_facts(owner, read.column)
            how = "deferred column: one SELECT when read"
        if read.per_row and how.startswith(("lazy", "deferred", "a query")):
            how += ", once per row of the loop (N+1)"
        return Hover(markdown="\n".join(facts + [f"- here: {how}"]), range=rng)
    return None


def _module_flow(info: Any, project: Any) -> Any:
    key = (info.path, info.content_hash, getattr(project, "generation", 0))
    if key not in _FLOW_CACHE:
        try:
            from analysis.flow import module_flow
        except ImportError:
            return None
        if len(_FLOW_CACHE) > 32:
            _FLOW_CACHE.clear()
        _FLOW_CACHE[key] = module_flow(info, project)
    return _FLOW_CACHE[key]


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


def _params(params: Any) -> str:
    return ", ".join(f"`{name}` = `{value!r}`" for name, value in dict(params or {}).items())


def sql_markdown(preview: Any) -> str:
    """One ``sql`` block per dialect headed by its name, its parameters, the statements eager
    loads run after it, then the shape of the result.

    Example (one dialect)::

        **sqlite**
        ```sql
        SELECT users.id, users.name FROM users WHERE users.name = :name
        ```
        params: `name` = `<name>`

        result: `User`
    """
    out: list[str] = []
    extra = list(getattr(preview, "extra", None) or [])
    for entry in getattr(preview, "statements", None) or []:
        heading = f"**{entry.dialect}**"
        if getattr(entry, "transpiled", False):
            heading += " (transpiled by sqlglot from the PostgreSQL SQL)"
        if getattr(entry, "error", None):
            out.append(f"{heading}: this database cannot run the statement: {entry.error}")
            continue
        block = [heading, "```sql", entry.sql.rstrip(), "```"]
        if entry.params:
            block.append("params: " + _params(entry.params))
        for load in extra:
            for statement in load.statements:
                if statement.dialect == entry.dialect and statement.sql:
                    block += [f"then ({load.description}):", "```sql",
                              statement.sql.rstrip(), "```"]
                    if statement.params:
                        block.append("params: " + _params(statement.params))
        out.append("\n".join(block))
    shape = getattr(preview, "result_shape", "")
    if shape:
        out.append(f"result: `{shape}`")
    for note in getattr(preview, "notes", None) or []:
        out.append(f"_{note}_")
    return "\n\n".join(out)


def sql_text(preview: Any, dialect: Optional[str]) -> Optional[str]:
    """The SQL of one dialect (the first one when ``dialect`` is None) as plain text, its
    parameters and the eager loads' statements as SQL comments; None when there is none."""
    statements = list(getattr(preview, "statements", None) or [])
    chosen = next((s for s in statements if dialect is None or s.dialect == dialect), None)
    if chosen is None:
        return None
    if getattr(chosen, "error", None):
        return f"-- {chosen.dialect} cannot run this statement: {chosen.error}\n"
    text = chosen.sql.rstrip()
    if chosen.params:
        text += "\n-- params: " + ", ".join(f"{k} = {v!r}" for k, v in chosen.params.items())
    for load in getattr(preview, "extra", None) or []:
        for statement in load.statements:
            if statement.dialect == chosen.dialect and statement.sql:
                text += f"\n\n-- then ({load.description}):\n" + statement.sql.rstrip()
    return text + "\n"


__all__ = ["hover_at", "preview_at", "sql_markdown", "sql_text", "target_markdown"]
