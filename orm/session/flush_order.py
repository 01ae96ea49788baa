"""The order of a flush's work: mappers by the dependencies between them (relationships, then
foreign keys where relationships say nothing; a cycle of mappers is one group), and the rows of
one mapper in levels when they depend on each other (self-referential adjacency lists).

Example::

    groups = sort_mappers([order_mapper, user_mapper])     # [[user_mapper], [order_mapper]]
    levels(states, row_deps)       # parents' rows first, then their children's
"""
from __future__ import annotations

from typing import Any

from orm import exc
from orm.mapping.base import MANYTOONE, ONETOMANY

from . import dependency as dep


def sort_key(pk: Any) -> Any:
    return tuple((v is None, str(type(v)), v) if not isinstance(v, (int, float)) else (False, "", v) for v in pk)


def sort_states(states: list[Any]) -> list[Any]:
    """Pending objects in the order they were added, then persistent ones by primary key."""
    pending = [s for s in states if s.key is None]
    persistent = [s for s in states if s.key is not None]
    pending.sort(key=lambda s: s.insert_order)
    try:
        persistent.sort(key=lambda s: s.key[1])
    except TypeError:
        persistent.sort(key=lambda s: sort_key(s.key[1]))
    return pending + persistent


def levels(states: list[Any], deps: dict[Any, set[Any]]) -> list[list[Any]]:
    """``states`` split into levels so that every state comes after those it depends on (order
    within a level kept); a cycle is a CircularDependencyError."""
    if not deps:
        return [states]
    members = set(states)
    pending = {s: {d for d in deps.get(s, ()) if d in members and d is not s} for s in states}
    if not any(pending.values()):
        return [states]
    levels = []
    done: set[Any] = set()
    remaining = states
    while remaining:
        level = [s for s in remaining if pending[s] <= done]
        if not level:
            raise exc.CircularDependencyError(
                "Circular dependency detected between rows: "
                + ", ".join(_state_str(s) for s in remaining[:5])
                + ".  Use post_update=True on one of the relationships to break the cycle."
            )
        levels.append(level)
        done.update(level)
        remaining = [s for s in remaining if s not in done]
    return levels


def _mapper_edges(mappers: list[Any]) -> set[tuple[int, int]]:
    """(first, then) pairs of base mappers from relationships and foreign keys."""
    ids = {id(m) for m in mappers}
    edges = set()
    for m in mappers:
        for sub in m.self_and_descendants:
            for prop in dep.relationship_props(sub):
                if prop.post_update:
                    continue
                target = prop.mapper.base_mapper
                if id(target) not in ids:
                    continue
                if prop.direction is ONETOMANY:
                    edges.add((id(m), id(target)))
                elif prop.direction is MANYTOONE:
                    edges.add((id(target), id(m)))
    return edges


def _fk_edges(mappers: list[Any]) -> set[tuple[int, int]]:
    owner: dict[int, int] = {}
    for m in mappers:
        for sub in m.self_and_descendants:
            for t in getattr(sub, "tables", ()) or (sub.local_table,):
                owner[id(t)] = id(m)
    edges = set()
    for m in mappers:
        for sub in m.self_and_descendants:
            for t in getattr(sub, "tables", ()) or (sub.local_table,):
                for fk in getattr(t, "foreign_keys", ()):
                    col = getattr(fk, "column", None)
                    ref = getattr(col, "table", None) if col is not None else None
                    if ref is not None and id(ref) in owner and owner[id(ref)] != id(m):
                        edges.add((owner[id(ref)], id(m)))
    return edges


def sort_mappers(mappers: list[Any]) -> list[list[Any]]:
    """Groups of base mappers in dependency order (a cycle becomes one group)."""
    if len(mappers) == 1:
        return [mappers]
    by_id = {id(m): m for m in mappers}
    edges = {e for e in _mapper_edges(mappers) if e[0] != e[1]}
    try:
        fk = {e for e in _fk_edges(mappers) if e[0] != e[1]}
    except Exception:
        fk = set()
    # foreign keys only add order where relationships leave none; never a cycle
    for e in sorted(fk - edges):
        if not _reaches(edges, e[1], e[0]):
            edges.add(e)
    sccs = _tarjan([id(m) for m in mappers], edges)
    comp_of = {n: i for i, comp in enumerate(sccs) for n in comp}
    comp_edges = {(comp_of[a], comp_of[b]) for a, b in edges if comp_of[a] != comp_of[b]}
    order = []
    indeg = {i: 0 for i in range(len(sccs))}
    for _a, b in comp_edges:
        indeg[b] += 1
    ready = [i for i in range(len(sccs)) if indeg[i] == 0]
    # stable: keep the mappers' first-seen order among independent groups
    position = {id(m): i for i, m in enumerate(mappers)}
    ready.sort(key=lambda i: min(position[n] for n in sccs[i]))
    while ready:
        i = ready.pop(0)
        order.append(i)
        for a, b in sorted(comp_edges):
            if a == i:
                indeg[b] -= 1
                if indeg[b] == 0:
                    ready.append(b)
                    ready.sort(key=lambda j: min(position[n] for n in sccs[j]))
    return [[by_id[n] for n in sorted(sccs[i], key=lambda n: position[n])] for i in order]


def _reaches(edges: set[tuple[int, int]], start: int, goal: int) -> bool:
    stack, seen = [start], {start}
    while stack:
        n = stack.pop()
        if n == goal:
            return True
        for a, b in edges:
            if a == n and b not in seen:
                seen.add(b)
                stack.append(b)
    return False


def _tarjan(nodes: list[int], edges: set[tuple[int, int]]) -> list[list[int]]:
    adj: dict[int, list[int]] = {n: [] for n in nodes}
    for a, b in edges:
        adj[a].append(b)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on: set[int] = set()
    out: list[list[int]] = []
    counter = [0]

    def visit(v: int) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in adj[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    for n in nodes:
        if n not in index:
            visit(n)
    return out


def _state_str(state: Any) -> str:
    return f"<{state.class_.__name__} at 0x{id(state.obj()):x}>"
