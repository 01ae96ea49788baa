"""Re-checking a module after an edit: only the pieces the edit can change are checked again.

An editor changes one function at a time.  The module is cut into pieces (each ``def`` and
``class``, runs of other statements: :mod:`analysis.index.chunks`); the pieces before and after
the edited stretch keep their text.  A finding found in an unchanged function cannot change
unless that function is connected to an edited one (it calls it, is called by it, names what it
names, through a chain of such names).  So the rules run again on a partial module of

- the edited functions and every function connected to them by names, old or new ones
  (the *re-run* pieces), which get new findings;
- what those name, and the module's other statements (imports, assignments), which give the
  rules the same names to resolve as the whole module does;

and the findings of every other piece are the previous ones, moved by the number of lines the
edit added or removed.  Anything else falls back to a check of the whole module: an edit of a
mapped class, mixin or declarative base (its objects reach other functions through queries and
relationships, without their names), of module-level statements, of a function that
module-level statements name, or a previous finding that points into the edited stretch from
outside it.  Known limit: an object of an edited plain class of the module that reaches a
function only through another module's function (``x = make_foo(); x.rows()``) is not followed
back to that function.

The tests compare the result of random edits with a fresh check of the edited text.

Example::

    previous = Checked.of(layout, findings, key)          # what the last check found
    result = recheck(previous, info, key, keep, run)      # None: check the whole module
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, Callable, Collection, Optional

from analysis.findings import Finding, Position, Range
from analysis.flow.relevance import _piece_texts
from analysis.index.chunks import Layout

if TYPE_CHECKING:
    from analysis.index.parse import ModuleInfo

_LINE_NUMBER = re.compile(r"\bline \d+")
_METHOD = re.compile(r"^[ \t]+(?:async[ \t]+)?def[ \t]", re.MULTILINE)
MAX_RERUN_SHARE = 0.5          # re-running more than this share of the pieces: check it whole
HUB_NAMES = 8                  # a piece naming this many others is a registration/dispatch hub


@dataclass(frozen=True)
class Checked:
    """A module's last findings, and the pieces they were found in."""

    key: tuple                       # everything but the text the findings depend on
    path: str
    texts: tuple[str, ...]           # the text of each piece
    kinds: tuple[str, ...]
    names: tuple[Optional[str], ...]
    firsts: tuple[int, ...]          # 0-based first line of each piece
    findings: tuple[Finding, ...]
    refs: tuple[frozenset, ...]      # the def/class pieces each piece names

    @classmethod
    def of(cls, layout: Layout, findings: list[Finding], key: tuple, path: str) -> "Checked":
        pieces = layout.pieces
        return cls(key=key, path=path, texts=tuple(layout.piece_text(p.index) for p in pieces),
                   kinds=tuple(p.kind for p in pieces), names=tuple(p.name for p in pieces),
                   firsts=tuple(p.first for p in pieces), findings=tuple(findings),
                   refs=tuple(frozenset(r) for r in references(layout)))

    def owner(self, line: int) -> int:
        return bisect_right(self.firsts, line) - 1


def references(layout: Layout) -> list[set[int]]:
    """For each piece, the def/class pieces whose names it mentions (in code: strings and
    comments aside, as analysis.flow.relevance reads them)."""
    names: dict[str, list[int]] = {}
    for piece in layout.pieces:
        if piece.kind != "context":
            names.setdefault(piece.name, []).append(piece.index)
    out = []
    for text in _piece_texts(layout):
        found: set[int] = set()
        for word in text.words & names.keys():
            found.update(names[word])
        out.append(found)
    return out


def recheck(previous: Checked, info: "ModuleInfo", key: tuple, keep: Optional[set[int]],
            run: Callable[["ModuleInfo"], list[Finding]],
            mapped: Collection[str] = ()) -> Optional[list[Finding]]:
    """The findings of ``info`` from those of ``previous`` and a re-run of the pieces the edit
    can change (``run(partial_module)`` runs the rules), or None when the whole module must
    be checked.  ``keep``: the pieces the rules need (analysis.flow.relevance; None: all).
    ``mapped``: names of the module's mapped classes, mixins and declarative bases (an edit of
    one checks the whole module: its objects reach code through queries and relationships)."""
    layout = info.layout
    if layout is None or previous.key != key or previous.path != info.path:
        return None
    pieces = layout.pieces
    texts = [layout.piece_text(p.index) for p in pieces]
    old, new = len(previous.texts), len(texts)
    prefix = 0
    while prefix < min(old, new) and previous.texts[prefix] == texts[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(old, new) - prefix and \
            previous.texts[old - 1 - suffix] == texts[new - 1 - suffix]:
        suffix += 1
    changed_old = range(prefix, old - suffix)
    changed_new = range(prefix, new - suffix)
    if not changed_old and not changed_new:
        return None                  # same pieces: only the cache key differs
    if any(previous.kinds[i] == "context" or previous.names[i] in mapped
           for i in changed_old) or \
            any(pieces[i].kind == "context" or pieces[i].name in mapped for i in changed_new):
        return None
    # the re-run pieces: connected to an edited one by names, in the old text or the new one
    to_new = _index_map(old, new, prefix, suffix)
    edges: list[set[int]] = [set() for _ in range(new)]
    down: list[set[int]] = [set() for _ in range(new)]       # what each piece names
    refs_new = references(layout)
    for index, targets in enumerate(refs_new):
        for target in targets:
            edges[index].add(target)
            edges[target].add(index)
            down[index].add(target)
    # a function the module's other statements name (a table of handlers, a registration)
    # reaches code that never names it: check the whole module
    changed = set(changed_new)
    if any(pieces[i].kind == "context" and refs_new[i] & changed for i in range(new)) or \
            any(previous.kinds[i] == "context" and previous.refs[i] & set(changed_old)
                for i in range(old)):
        return None
    # a class without methods (a model's columns and relationships) runs no code: naming it
    # connects nothing, and nothing it holds depends on its users
    leaves = {p.index for p in pieces if p.kind == "class" and
              _METHOD.search(texts[p.index]) is None}
    rerun = set(changed_new)
    for index, targets in enumerate(previous.refs):
        a = to_new.get(index)
        for target in targets:
            b = to_new.get(target)
            if a is not None and b is not None:
                edges[a].add(b)
                edges[b].add(a)
                down[a].add(b)
            elif a is not None and a not in leaves:
                rerun.add(a)         # it named an edited function (perhaps by its old name)
            elif b is not None and b not in leaves:
                rerun.add(b)         # the edited function's old text named it
    # a function that names many of the module's (a registration of every view) is re-run
    # when one of them changes, but the others it names are not: what it passes them does not
    # come from the edited one
    hubs = {i for i in range(new) if len(down[i]) >= HUB_NAMES}
    frontier = list(rerun)
    while frontier:
        index = frontier.pop()
        for other in edges[index]:
            if other not in rerun and pieces[other].kind != "context" and \
                    other not in leaves and not (index in hubs and other in down[index]):
                rerun.add(other)
                frontier.append(other)
    definitions = sum(1 for p in pieces if p.kind != "context")
    if len(rerun) > MAX_RERUN_SHARE * max(definitions, 1):
        return None
    # the partial module: the re-run pieces the rules need, what those and the context name
    needed = set(range(new)) if keep is None else set(keep)
    included = {i for i in rerun if i in needed}
    included.update(p.index for p in pieces if p.kind == "context")
    frontier = list(included)
    while frontier:
        index = frontier.pop()
        for other in refs_new[index]:
            if other not in included and other in needed:
                included.add(other)
                frontier.append(other)
    partial = info.sparse(included)
    if not partial.partial and len(included) < new:
        return None                  # the pieces did not assemble: check it whole
    if partial is not info:
        # the flow walks only the re-run pieces' functions on their own (read by
        # analysis.flow.interpreter): the other pieces are there for their names
        nodes: set[int] = set()
        for index in rerun:
            found = layout.statements(index)
            if found is not None:
                nodes.update(id(node) for node in found[0])
        partial.rerun_nodes = nodes
    # lines: before the edit unchanged, after it moved by the change in length
    old_start = previous.firsts[prefix] if prefix < old else _end_line(previous)
    if suffix:
        old_stop = previous.firsts[old - suffix]
        delta = pieces[new - suffix].first - old_stop
    else:
        old_stop, delta = _end_line(previous), 0     # nothing after the edit to move
    kept: list[Finding] = []
    for finding in previous.findings:
        if finding.path != info.path:
            continue                 # from the re-run, like the context's
        owner = previous.owner(finding.range.start.line)
        target = to_new.get(owner)
        if target is None or target in rerun or pieces[target].kind == "context":
            continue
        moved = _moved(finding, info.path, old_start, old_stop, delta)
        if moved is None:
            return None
        kept.append(moved)
    fresh = [f for f in run(partial)
             if f.path != info.path or pieces[_owner(pieces, f.range.start.line)].kind ==
             "context" or _owner(pieces, f.range.start.line) in rerun]
    merged = kept + fresh
    merged.sort(key=lambda f: (f.path, f.range.start, f.range.end, f.code))
    return merged


def position_free(value: Any) -> Any:
    """``value`` (facts: nested frozen dataclasses, tuples, dicts, sets) as hashable tuples
    without its positions (``Range`` values and ``range``/``line`` fields), sets sorted."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, Range):
        return None
    cls = type(value)
    if is_dataclass(cls):
        names = _FIELDS.get(cls)
        if names is None:
            names = _FIELDS[cls] = tuple(f.name for f in fields(cls)
                                         if f.name not in ("range", "line"))
        return (cls.__name__, *[position_free(getattr(value, name)) for name in names])
    if isinstance(value, dict):
        return tuple(sorted((repr(k), position_free(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(position_free(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple(position_free(v) for v in value)
    return repr(value)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _index_map(old: int, new: int, prefix: int, suffix: int) -> dict[int, int]:
    """Old piece index -> new piece index, for the pieces outside the edited stretch."""
    out = {i: i for i in range(prefix)}
    for k in range(suffix):
        out[old - 1 - k] = new - 1 - k
    return out


def _end_line(checked: Checked) -> int:
    return checked.firsts[-1] + checked.texts[-1].count("\n") + 1


def _owner(pieces, line: int) -> int:
    low, high = 0, len(pieces) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if pieces[middle].first <= line:
            low = middle
        else:
            high = middle - 1
    return low


def _moved(finding: Finding, path: str, start: int, stop: int, delta: int
           ) -> Optional[Finding]:
    """``finding`` with its positions in ``path`` moved by ``delta`` lines when they are at or
    after line ``stop``; None when one is inside the edited lines [start, stop) or the message
    names a line that moved."""
    def position(pos: Position) -> Optional[Position]:
        if pos.line < start:
            return pos
        if pos.line >= stop:
            return Position(pos.line + delta, pos.column)
        return None

    def span(rng: Range) -> Optional[Range]:
        begin, end = position(rng.start), position(rng.end)
        if begin is None or end is None:
            return None
        return Range(begin, end)

    if delta == 0:
        touched = [finding.range] + [r.range for r in finding.related if r.path == path] + \
            ([e.range for e in finding.fix.edits if e.path == path] if finding.fix else [])
        if any(span(r) is None for r in touched):
            return None
        return finding
    if _LINE_NUMBER.search(finding.message) or \
            any(_LINE_NUMBER.search(r.message) for r in finding.related):
        return None
    rng = span(finding.range)
    if rng is None:
        return None
    related = []
    for location in finding.related:
        if location.path == path:
            moved = span(location.range)
            if moved is None:
                return None
            location = replace(location, range=moved)
        related.append(location)
    fix = finding.fix
    if fix is not None:
        edits = []
        for edit in fix.edits:
            if edit.path == path:
                moved = span(edit.range)
                if moved is None:
                    return None
                edit = replace(edit, range=moved)
            edits.append(edit)
        fix = replace(fix, edits=tuple(edits))
    return replace(finding, range=rng, related=tuple(related), fix=fix)


__all__ = ["Checked", "position_free", "recheck"]
