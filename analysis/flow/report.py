"""Shared helpers of the ORM1xx rules: where a flow event is reported, and how it is described.

A multi-line call or attribute chain is reported from the line of its last method or attribute
name (``.first()``, ``.posts``): the line Python itself blames when the statement runs.

Example::

    rng = event_range(ctx.module, read.where)
    text = snippet(read.where.module, read.where.node)     # "post.author"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

import libcst as cst

from analysis.findings import Range, RelatedLocation

if TYPE_CHECKING:
    from analysis.flow.events import Site
    from analysis.flow.values import Instance
    from analysis.index.parse import ModuleInfo

MAX_SNIPPET = 60


def node_range(module: "ModuleInfo", node: cst.CSTNode) -> Range:
    """The range of ``node``, starting at its last name when it spans several lines."""
    rng = module.range_of(node)
    if rng.start.line == rng.end.line:
        return rng
    name: Optional[cst.CSTNode] = None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        name = node.func.attr
    elif isinstance(node, cst.Attribute):
        name = node.attr
    if name is None:
        return rng
    start = module.range_of(name).start
    return Range(start, rng.end)


def event_range(checked: "ModuleInfo", site: "Site") -> Range:
    """Where a finding about ``site`` goes in the checked module ``checked``."""
    if site.via_call:
        return node_range(checked, site.site)
    return node_range(site.module, site.node)


def source_of(module: "ModuleInfo", node: cst.CSTNode) -> str:
    """The source text of ``node``, sliced from the module's lines by position (libcst's code
    generation costs milliseconds per node; the positions are computed once per module)."""
    rng = module.range_of(node)
    lines = module.lines
    if rng.end.line >= len(lines) or (rng.start == rng.end and rng.start.line == 0):
        return module.code_for(node)
    if rng.start.line == rng.end.line:
        return lines[rng.start.line][rng.start.column:rng.end.column]
    parts = [lines[rng.start.line][rng.start.column:]]
    parts.extend(lines[rng.start.line + 1:rng.end.line])
    parts.append(lines[rng.end.line][:rng.end.column])
    return "\n".join(parts)


def snippet(module: "ModuleInfo", node: cst.CSTNode) -> str:
    """The source of ``node`` on one line, shortened."""
    try:
        text = source_of(module, node)
    except Exception:   # noqa: BLE001 - a node of another tree
        return "this expression"
    text = " ".join(text.split())
    if len(text) > MAX_SNIPPET:
        text = text[:MAX_SNIPPET - 3] + "..."
    return text


def related_locations(site: "Site", instance: Optional["Instance"], what: str
                      ) -> list[RelatedLocation]:
    """The access in another module (for findings reported at a call) and the loading query."""
    out: list[RelatedLocation] = []
    if site.via_call:
        out.append(RelatedLocation(site.module.path, node_range(site.module, site.node), what))
    origin = instance.origin if instance is not None else None
    if origin is not None and origin.kind in ("select", "query", "get"):
        out.append(RelatedLocation(origin.module.path, origin.module.range_of(origin.node),
                                   "the query that loads these objects"))
    return out


def object_name(instance: "Instance") -> str:
    """``Post`` or ``User.posts -> Post`` (how the object was reached)."""
    if not instance.path:
        return instance.model.name
    return instance.path[0][0].name + "".join(f".{rel.key}" for _, rel in instance.path)




def by_site(events: Iterable, checked: "ModuleInfo") -> list[list]:
    """Events grouped for reporting: one group per reported line of the checked module (two
    lazy loads on one line are one N+1 line), and one group per call site for events inside
    functions of other modules reached from that call."""
    groups: list[list] = []
    keys: dict[tuple, list] = {}
    for event in events:
        if event.where.via_call:
            key: tuple = ("call", id(event.where.site))
        else:
            key = ("line", event.where.module.path,
                   node_range(event.where.module, event.where.node).start.line)
        if key not in keys:
            keys[key] = []
            groups.append(keys[key])
        keys[key].append(event)
    return groups


def listing(items: list[str], limit: int = 3) -> str:
    """``a, b and c`` / ``a, b, c and 4 more``."""
    unique = list(dict.fromkeys(items))
    if len(unique) <= 1:
        return unique[0] if unique else ""
    if len(unique) <= limit:
        return ", ".join(unique[:-1]) + " and " + unique[-1]
    return ", ".join(unique[:limit]) + f" and {len(unique) - limit} more"




def grouped_finding(ctx, group: list, what: str, here: str):
    """One finding at a call of the checked module for several events in the code it calls."""
    first = group[0]
    module = first.where.module
    text = snippet(ctx.module, first.where.site)
    related = [RelatedLocation(e.where.module.path, node_range(e.where.module, e.where.node),
                               f"`{snippet(e.where.module, e.where.node)}` {here}")
               for e in group[:8]]
    instance = getattr(first, "instance", None)
    origin = instance.origin if instance is not None else None
    if origin is not None and origin.kind in ("select", "query", "get"):
        related.append(RelatedLocation(origin.module.path, origin.module.range_of(origin.node),
                                       "the query that loads these objects"))
    where = f" in {module.module_name}" if first.where.via_call else ""
    message = f"`{text}` {what}{where}"
    return ctx.finding(event_range(ctx.module, first.where), message, related=related)


__all__ = ["by_site", "event_range", "grouped_finding", "listing", "node_range", "object_name",
           "related_locations", "snippet", "source_of"]
