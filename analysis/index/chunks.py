"""libcst trees assembled from top-level statements parsed one by one, cached by their text.

An edit in an editor changes one function or class of a module: re-parsing only that statement
(and computing positions only for it) keeps diagnostics fast on big files, where parsing and
positions of the whole module cost most of the time.  A module's text is cut at top-level
statement boundaries (known from the standard parser); each piece is parsed as a module of its
own and cached by its text; the pieces' statements are joined into one ``cst.Module`` whose code
is the original text exactly.  Positions are computed per piece and shifted by the piece's first
line.

Example::

    assembled = parse_chunked(text, facts.statement_spans)    # None: use a plain parse
    assembled.module.code == text                             # True
    assembled.range_of(node)                                  # 0-based Range, or None
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Optional, Sequence

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

CACHE_LINES = 150_000       # pieces kept (about 2 KB per line of tree)
MIN_LINES = 200             # smaller modules are parsed whole (pieces would not pay off)


@dataclass(eq=False)
class Chunk:
    """One piece: its text parsed as a module, positions computed on first use."""

    text: str
    lines: int
    module: cst.Module
    _positions: Optional[Mapping] = None
    _moved: Optional[tuple] = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def statements_after_others(self) -> tuple[list[cst.CSTNode], Optional[cst.CSTNode],
                                               Optional[cst.CSTNode]]:
        """The body as it goes after other pieces: the header lines moved into the first
        statement's leading lines.  ``(statements, moved, original)``; made once, so every
        assembly shares the same nodes."""
        if self._moved is None:
            statements = list(self.module.body)
            moved = original = None
            if statements and self.module.header:
                original = statements[0]
                moved = original.with_changes(
                    leading_lines=[*self.module.header, *original.leading_lines])
                statements[0] = moved
            self._moved = (statements, moved, original)
        statements, moved, original = self._moved
        return list(statements), moved, original

    @property
    def indent(self) -> Optional[str]:
        """The indentation unit of the piece's blocks (None: it has no block)."""
        if any(isinstance(s, cst.BaseCompoundStatement) for s in self.module.body):
            return self.module.default_indent
        return None

    def positions(self) -> Mapping:
        if self._positions is None:
            with self._lock:
                if self._positions is None:
                    self._positions = MetadataWrapper(self.module, unsafe_skip_copy=True) \
                        .resolve(PositionProvider)
        return self._positions


# lines libcst parsed in this process (the workspace freezes long-lived trees out of the cyclic
# GC's way every so many lines)
PARSED_LINES = 0


def note_parsed(lines: int) -> None:
    global PARSED_LINES
    PARSED_LINES += lines


_CACHE: "OrderedDict[str, Chunk]" = OrderedDict()
_CACHE_LOCK = threading.Lock()
_cached_lines = 0


def _chunk(text: str) -> Chunk:
    global _cached_lines
    with _CACHE_LOCK:
        found = _CACHE.get(text)
        if found is not None:
            _CACHE.move_to_end(text)
            return found
    module = cst.parse_module(text)
    chunk = Chunk(text=text, lines=text.count("\n") + 1, module=module)
    note_parsed(chunk.lines)
    with _CACHE_LOCK:
        _CACHE[text] = chunk
        _cached_lines += chunk.lines
        while _cached_lines > CACHE_LINES and len(_CACHE) > 1:
            _, old = _CACHE.popitem(last=False)
            _cached_lines -= old.lines
    return chunk


def clear_cache() -> None:
    global _cached_lines
    with _CACHE_LOCK:
        _CACHE.clear()
        _cached_lines = 0


@dataclass(eq=False)
class Assembled:
    """A module joined from pieces: ``module`` and the per-piece positions."""

    module: cst.Module
    pieces: list[tuple[int, Chunk]]             # (0-based first line, piece)
    replaced: dict[int, cst.CSTNode]            # id(assembled statement) -> piece's statement

    def _find(self, node: cst.CSTNode) -> Optional[tuple[int, CodeRange]]:
        node = self.replaced.get(id(node), node)
        for start, chunk in self.pieces:
            rng = chunk.positions().get(node)
            if rng is not None:
                return start, rng
        return None

    def code_range(self, node: cst.CSTNode) -> Optional[CodeRange]:
        """libcst's CodeRange (1-based lines) of ``node`` in the whole module."""
        if node is self.module:
            start, last = self.pieces[-1]
            end = last.positions()[last.module].end
            return CodeRange(CodePosition(1, 0), CodePosition(end.line + start, end.column))
        if any(node is chunk.module for _s, chunk in self.pieces):
            return None          # a piece's own Module node is not part of the assembled tree
        found = self._find(node)
        if found is None:
            return None
        start, rng = found
        return _shift(rng, start)

    def positions(self) -> "ShiftedPositions":
        return ShiftedPositions(self)


def _shift(rng: CodeRange, lines: int) -> CodeRange:
    if lines == 0:
        return rng
    return CodeRange(CodePosition(rng.start.line + lines, rng.start.column),
                     CodePosition(rng.end.line + lines, rng.end.column))


class ShiftedPositions(Mapping):
    """node -> CodeRange for a whole assembled module (what PositionProvider would give)."""

    def __init__(self, assembled: Assembled) -> None:
        self.assembled = assembled
        self._back = {id(v): k for k, v in ((k, v) for k, v in
                                            _replaced_nodes(assembled))}

    def __getitem__(self, node: Any) -> CodeRange:
        found = self.assembled.code_range(node)
        if found is None:
            raise KeyError(node)
        return found

    def get(self, node: Any, default: Any = None) -> Any:
        found = self.assembled.code_range(node)
        return default if found is None else found

    def __iter__(self) -> Iterator[cst.CSTNode]:
        for node, _rng in self.items():
            yield node

    def __len__(self) -> int:
        return 1 + sum(len(chunk.positions()) - 1 for _s, chunk in self.assembled.pieces)

    def items(self):   # type: ignore[override]
        module = self.assembled.module
        yield module, self.assembled.code_range(module)
        for start, chunk in self.assembled.pieces:
            for node, rng in chunk.positions().items():
                if node is not chunk.module:
                    yield self._back.get(id(node), node), _shift(rng, start)


def _replaced_nodes(assembled: Assembled) -> Iterator[tuple[cst.CSTNode, cst.CSTNode]]:
    by_id = {id(s): s for s in assembled.module.body}
    for new_id, original in assembled.replaced.items():
        if new_id in by_id:
            yield by_id[new_id], original


def parse_chunked(text: str, spans: Sequence[tuple[int, int]]) -> Optional[Assembled]:
    """The module of ``text`` assembled from its top-level statements (``spans`` from the
    standard parser), or None when the text is better parsed whole (small, or a piece that does
    not stand alone)."""
    if len(spans) < 2 or text.count("\n") < MIN_LINES:
        return None
    offsets = [0]
    for index, char in enumerate(text):
        if char == "\n":
            offsets.append(index + 1)
    line_count = len(offsets)
    # pieces end at a statement's last line; statements sharing a line stay together
    ends: list[int] = []
    for start, end in spans:
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            ends.append(end)
    pieces: list[tuple[int, Chunk]] = []
    first = 0
    try:
        for number, end in enumerate(ends):
            last = number == len(ends) - 1
            stop = len(text) if last or end + 1 >= line_count else offsets[end + 1]
            piece = text[offsets[first]:stop]
            if not piece:
                return None
            pieces.append((first, _chunk(piece)))
            first = end + 1
    except (cst.ParserSyntaxError, SyntaxError, RecursionError, MemoryError, ValueError):
        return None
    body: list[cst.CSTNode] = []
    replaced: dict[int, cst.CSTNode] = {}
    for number, (_start, chunk) in enumerate(pieces):
        if not chunk.module.body:
            return None
        if number < len(pieces) - 1 and chunk.module.footer:
            return None      # lines after a piece's statement: the plain parse places them
        if number == 0:
            body.extend(chunk.module.body)
            continue
        statements, moved, original = chunk.statements_after_others()
        if moved is not None:
            replaced[id(moved)] = original
        body.extend(statements)
    # blocks indented like the module's unit store no indentation of their own: every piece
    # must have the same unit for the joined code to be the original text
    indents = {c.indent for _s, c in pieces} - {None}
    if len(indents) > 1:
        return None
    first_module = pieces[0][1].module
    last_module = pieces[-1][1].module
    indent = indents.pop() if indents else first_module.default_indent
    module = cst.Module(body=body, header=first_module.header, footer=last_module.footer,
                        encoding="utf-8", default_indent=indent, default_newline="\n",
                        has_trailing_newline=last_module.has_trailing_newline)
    return Assembled(module=module, pieces=pieces, replaced=replaced)


__all__ = ["Assembled", "Chunk", "ShiftedPositions", "clear_cache", "parse_chunked"]
