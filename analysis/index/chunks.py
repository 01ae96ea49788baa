"""libcst trees assembled from top-level statements parsed one by one, cached by their text.

A module's text is cut at top-level statement boundaries (known from the standard parser) into
*pieces*: each ``def`` or ``class`` (decorators included) is a piece of its own, and each run of
other statements (imports, assignments, ``if``/``try`` blocks) is one "context" piece.  Each
piece is parsed as a module of its own and cached by its text; the pieces' statements are joined
into one ``cst.Module`` whose code is the original text exactly.  Positions are computed per
piece and shifted by the piece's first line.

This pays three ways:

- an edit in an editor changes one function or class: only that piece is parsed again, and only
  its positions are computed again;
- a module can be assembled from *some* of its pieces (:meth:`Layout.assemble` with ``keep``):
  the rules then walk only the statements that can matter to them (see
  :mod:`analysis.flow.relevance`), and the others are never parsed with libcst, which costs ten
  times the standard parser;
- a single ``def``/``class`` of another module can be parsed alone (:meth:`Layout.statement`),
  for the flow inference that follows a call into it.

Example::

    layout = module_layout(text, facts.statement_spans)      # None: parse the module whole
    assembled = layout.assemble()
    assembled.module.code == text                             # True
    assembled.code_range(node)                                # libcst CodeRange, or None
    partial = layout.assemble(keep={0, 3})                    # imports + the 4th piece only
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

CACHE_LINES = 150_000       # pieces kept (about 2 KB per line of tree)
MIN_LINES = 80              # smaller modules are parsed whole (pieces would not pay off)

_DEF = re.compile(r"(?:async[ \t]+)?def[ \t]+(\w+)|class[ \t]+(\w+)")
_PARSE_ERRORS = (cst.ParserSyntaxError, SyntaxError, RecursionError, MemoryError, ValueError)


@dataclass(eq=False)
class Chunk:
    """One piece: its text parsed as a module, positions computed on first use."""

    text: str
    lines: int
    module: cst.Module
    _positions: Optional[Mapping] = None
    _moved: Optional[tuple] = None
    _ids: Optional[frozenset] = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def holds(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` is in this piece's tree (a walk: far cheaper than its positions,
        which libcst computes by generating the piece's code)."""
        if self._ids is None:
            from analysis.index.tree import walk
            self._ids = frozenset(id(n) for n in walk(self.module))
        return id(node) in self._ids

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


@dataclass(frozen=True)
class Piece:
    """A stretch of top-level statements: ``kind`` is ``def``, ``class`` or ``context``.

    Lines are 0-based and inclusive; ``start``/``stop`` are offsets into the module's text.
    ``name`` is the name a ``def``/``class`` binds (None for context).
    """

    index: int
    first: int
    last: int
    start: int
    stop: int
    kind: str
    name: Optional[str] = None


class Layout:
    """The pieces of one module's text (see the module docstring)."""

    def __init__(self, text: str, pieces: list[Piece]) -> None:
        self.text = text
        self.pieces = pieces
        self.by_name: dict[str, list[int]] = {}
        for piece in pieces:
            if piece.name is not None:
                self.by_name.setdefault(piece.name, []).append(piece.index)
        self._broken = False

    def piece_text(self, index: int) -> str:
        piece = self.pieces[index]
        return self.text[piece.start:piece.stop]

    def chunk(self, index: int) -> Optional[Chunk]:
        """The parsed piece (None: it does not parse on its own, or the layout is broken)."""
        if self._broken:
            return None
        try:
            chunk = _chunk(self.piece_text(index))
        except _PARSE_ERRORS:
            self._broken = True
            return None
        # a piece that is not the module's last ends with its statement: lines after it
        # (a footer) would mean the cut was not at a statement boundary
        if not chunk.module.body or (index < len(self.pieces) - 1 and chunk.module.footer):
            self._broken = True
            return None
        return chunk

    def statements(self, index: int) -> Optional[tuple[list[cst.CSTNode], Chunk,
                                                       Optional[tuple[cst.CSTNode,
                                                                      cst.CSTNode]]]]:
        """The statements of piece ``index`` as they appear in any assembly of this module
        (the same node objects), the chunk, and ``(moved, original)`` when the first statement
        was rebuilt with the piece's header lines."""
        chunk = self.chunk(index)
        if chunk is None:
            return None
        if index == 0:
            return list(chunk.module.body), chunk, None
        statements, moved, original = chunk.statements_after_others()
        return statements, chunk, (moved, original) if moved is not None else None

    def statement(self, name: str) -> Optional[tuple[cst.CSTNode, int, Chunk,
                                                     Optional[tuple]]]:
        """The last ``def``/``class`` piece binding ``name``: its node, first line, chunk and
        header replacement (see :meth:`statements`)."""
        indexes = self.by_name.get(name)
        if not indexes:
            return None
        index = indexes[-1]
        found = self.statements(index)
        if found is None:
            return None
        statements, chunk, moved = found
        node = statements[-1]
        if getattr(getattr(node, "name", None), "value", None) != name:
            return None
        return node, self.pieces[index].first, chunk, moved

    def assemble(self, keep: Optional[Iterable[int]] = None) -> Optional["Assembled"]:
        """One module of the pieces ``keep`` (default: all), in order; None when the pieces do
        not join into the original text (a piece that does not parse alone, mixed indentation
        units)."""
        indexes = sorted(set(keep)) if keep is not None else list(range(len(self.pieces)))
        if not indexes:
            return None
        body: list[cst.CSTNode] = []
        parts: list[tuple[int, Chunk]] = []
        replaced: dict[int, cst.CSTNode] = {}
        for index in indexes:
            found = self.statements(index)
            if found is None:
                return None
            statements, chunk, moved = found
            if moved is not None:
                replaced[id(moved[0])] = moved[1]
            body.extend(statements)
            parts.append((self.pieces[index].first, chunk))
        # blocks indented like the module's unit store no indentation of their own: every piece
        # must have the same unit for the joined code to be the original text
        indents = {c.indent for _s, c in parts} - {None}
        if len(indents) > 1:
            return None
        first_module = parts[0][1].module
        last_index = len(self.pieces) - 1
        last_module = self.chunk(last_index).module if indexes[-1] == last_index else None
        header = first_module.header if indexes[0] == 0 else ()
        indent = indents.pop() if indents else first_module.default_indent
        module = cst.Module(body=body, header=header,
                            footer=last_module.footer if last_module is not None else (),
                            encoding="utf-8", default_indent=indent, default_newline="\n",
                            has_trailing_newline=last_module.has_trailing_newline
                            if last_module is not None else True)
        return Assembled(module=module, pieces=parts, replaced=replaced,
                         complete=len(indexes) == len(self.pieces))


def module_layout(text: str, spans: Sequence[tuple[int, int]],
                  min_lines: int = MIN_LINES) -> Optional[Layout]:
    """The pieces of ``text`` (``spans``: 0-based first/last lines of its top-level statements,
    from the standard parser), or None when the module is better parsed whole."""
    if len(spans) < 2 or text.count("\n") < min_lines:
        return None
    offsets = [0]
    find = text.find
    at = find("\n")
    while at != -1:
        offsets.append(at + 1)
        at = find("\n", at + 1)
    line_count = len(offsets)
    # statements sharing a line stay together
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    raw: list[tuple[int, int, str, Optional[str]]] = []
    for number, (start, end) in enumerate(merged):
        first = 0 if number == 0 else merged[number - 1][1] + 1
        kind, name = _kind(text, offsets, start, end, line_count)
        if kind == "context" and raw and raw[-1][2] == "context":
            raw[-1] = (raw[-1][0], end, "context", None)       # a run of context statements
        else:
            raw.append((first, end, kind, name))
    pieces: list[Piece] = []
    for number, (first, last, kind, name) in enumerate(raw):
        final = number == len(raw) - 1
        start = offsets[first] if first < line_count else len(text)
        stop = len(text) if final or last + 1 >= line_count else offsets[last + 1]
        if stop <= start:
            return None
        pieces.append(Piece(number, first, last, start, stop, kind, name))
    return Layout(text, pieces)


def _kind(text: str, offsets: list[int], start: int, end: int, line_count: int
          ) -> tuple[str, Optional[str]]:
    """``("def" | "class", name)`` for a (decorated) function or class statement, else
    ``("context", None)``: read from the first line at column 0 that is not a decorator."""
    line = start
    while line <= end and line < line_count:
        head = text[offsets[line]:offsets[line] + 1]
        if head == "@" or (line > start and head in (" ", "\t", ")", "]", "}", "\n", "#")):
            line += 1           # a decorator, or a decorator's continuation lines
            continue
        found = _DEF.match(text, offsets[line])
        if found is None:
            return "context", None
        if found.group(1) is not None:
            return "def", found.group(1)
        return "class", found.group(2)
    return "context", None


@dataclass(eq=False)
class Assembled:
    """A module joined from pieces: ``module`` and the per-piece positions.

    ``extra`` holds pieces parsed later (a ``def`` the flow inference followed a call into)
    whose nodes also get positions, though they are not in ``module``.
    """

    module: cst.Module
    pieces: list[tuple[int, Chunk]]             # (0-based first line, piece)
    replaced: dict[int, cst.CSTNode]            # id(assembled statement) -> piece's statement
    complete: bool = True                       # every piece of the module is in ``module``
    extra: list[tuple[int, Chunk]] = field(default_factory=list)

    def add(self, first: int, chunk: Chunk, moved: Optional[tuple]) -> None:
        """Positions for the nodes of one more piece (see ``extra``)."""
        if any(c is chunk for _s, c in self.pieces) or any(c is chunk for _s, c in self.extra):
            return
        self.extra.append((first, chunk))
        if moved is not None:
            self.replaced[id(moved[0])] = moved[1]

    def _find(self, node: cst.CSTNode) -> Optional[tuple[int, CodeRange]]:
        node = self.replaced.get(id(node), node)
        for parts in (self.pieces, self.extra):
            for start, chunk in parts:
                if chunk._positions is not None or chunk.holds(node):
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
    """The whole module of ``text`` assembled from its pieces, or None when the text is better
    parsed whole (small, or a piece that does not stand alone)."""
    layout = module_layout(text, spans)
    return layout.assemble() if layout is not None else None


__all__ = ["Assembled", "Chunk", "Layout", "Piece", "ShiftedPositions", "clear_cache",
           "module_layout", "parse_chunked"]
