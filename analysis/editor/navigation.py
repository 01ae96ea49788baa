"""Go to definition and find references for the names the ORM reads from strings.

From ``relationship("Post")`` to ``class Post``, from ``back_populates="author"`` to
``Post.author``, from ``ForeignKey("users.id")`` to the ``id`` column of the class mapping
``users`` (or the ``Table``), from ``secondary="post_tags"`` to the ``Table``; also from code
(``User.posts``, a model's name).  References list every such string and every ``Model.attr`` /
model name in the project's modules that resolves to the same thing.

Example::

    definition(ws, "app/models.py", 9, 30)   # [Location("app/models.py", <range of `Post`>)]
"""
from __future__ import annotations

import io
import re
import token as tok
import tokenize
from typing import Any, Iterable, Optional

from analysis.editor.common import document
from analysis.editor.results import Location
from analysis.editor.targets import Target, definition_of, target_at
from analysis.findings import Position, Range


def definition(ws: Any, path: str, line: int, column: int) -> list[Location]:
    """Where the mapped thing at ``(line, column)`` is declared; [] when nothing mapped is there."""
    target = target_at(ws, path, line, column)
    if target is None:
        return []
    found = definition_of(target)
    if found is None or not found[0]:
        return []
    return [Location(path=found[0], range=found[1])]


def references(ws: Any, path: str, line: int, column: int,
               include_declaration: bool = True) -> list[Location]:
    """Every place in the project that names the same model, attribute, table or column."""
    target = target_at(ws, path, line, column)
    if target is None:
        return []
    out: list[Location] = []
    declared = definition_of(target)
    if include_declaration and declared is not None and declared[0]:
        out.append(Location(path=declared[0], range=declared[1]))
    words = _words(target)
    if not words:
        return out
    seen = {(loc.path, loc.range) for loc in out}
    for candidate in _project_paths(ws, path):
        try:
            source = document(ws, candidate).source
        except Exception:   # unreadable file: skip it, the others still count
            continue
        if not any(w in source for w in words):
            continue
        for rng in _candidate_ranges(source, words):
            if declared is not None and declared[0] == candidate and _inside(rng, declared[1]) \
                    and not include_declaration:
                continue
            other = target_at(ws, candidate, rng.start.line, rng.start.column + 1)
            if other is None or not _same(other, target):
                continue
            key = (candidate, other.range)
            if key not in seen:
                seen.add(key)
                out.append(Location(path=candidate, range=other.range))
    return out


def _words(target: Target) -> set[str]:
    """Texts a reference must contain (a cheap filter before tokenizing a file)."""
    if target.kind == "model" and target.model is not None:
        return {target.model.name}
    if target.kind == "attribute" and target.attr is not None:
        words = {target.attr.key}
        name = getattr(target.attr, "name", None)
        if target.model is not None and target.model.tablename and name:
            words.add(f"{target.model.tablename}.{name}")
        return words
    if target.kind == "table" and target.table is not None:
        return {target.table.name}
    if target.kind == "table_column" and target.table is not None and target.column is not None:
        return {f"{target.table.name}.{target.column.name}"}
    return set()


def _project_paths(ws: Any, current: str) -> list[str]:
    project = ws.project
    paths = set(getattr(project, "module_paths", {}).values())
    paths.update(m.path for m in project.models.values() if m.path)
    paths.add(current)
    return sorted(p for p in paths if p)


def _candidate_ranges(source: str, words: set[str]) -> Iterable[Range]:
    """Ranges of NAME and STRING tokens whose text is (or quotes) one of ``words``."""
    try:
        for t in tokenize.generate_tokens(io.StringIO(source).readline):
            if t.type == tok.NAME and t.string in words:
                pass
            elif t.type == tok.STRING and _unquoted(t.string) in words:
                pass
            else:
                continue
            yield Range(Position(t.start[0] - 1, t.start[1]), Position(t.end[0] - 1, t.end[1]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return


def _unquoted(text: str) -> str:
    match = re.match(r"^[rRuU]?('|\")(.*)\1$", text, re.S)
    return match.group(2) if match else ""


def _same(a: Target, b: Target) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "model":
        return _qual(a.model) == _qual(b.model)
    if a.kind == "attribute":
        return (a.attr is not None and b.attr is not None and a.attr.key == b.attr.key
                and getattr(a.attr, "owner", None) == getattr(b.attr, "owner", None)
                and a.attr.path == b.attr.path and a.attr.range == b.attr.range)
    if a.kind == "table":
        return a.table is not None and b.table is not None and a.table.name == b.table.name
    return (a.table is not None and b.table is not None and a.column is not None
            and b.column is not None and a.table.name == b.table.name
            and a.column.name == b.column.name)


def _qual(model: Optional[Any]) -> Optional[str]:
    return model.qualname if model is not None else None


def _inside(inner: Range, outer: Range) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


__all__ = ["definition", "references"]
