"""The syntax tree the interpreter reads: Python's ``ast`` of a module, cached by content.

``ast`` (CPython's own parser) gives every node its position for free, about twenty times faster
than computing libcst's position metadata, which keeps a preview within a hover's budget.  A file
with a syntax error elsewhere still gets previews: the top-level block around the cursor is parsed
on its own.

Positions here are 0-based lines and character columns (``ast`` counts UTF-8 bytes; converted).

Example::

    tree = source_tree(text)
    chain = tree.chain_at(line=12, column=18)      # ast nodes containing the position, outermost first
    tree.segment(chain[-1])                        # its source text
"""
from __future__ import annotations

import ast
import hashlib
import threading
from collections import OrderedDict
from typing import Iterator, Optional

from analysis.findings import Position, Range
from analysis.index.syntax import parse_python

_CACHE_SIZE = 16
_cache: "OrderedDict[str, SourceTree]" = OrderedDict()
_lock = threading.Lock()


class SourceTree:
    """One module's ``ast`` tree (or, for text that does not parse, the blocks that do)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.split("\n")
        self.error: Optional[str] = None
        self._ancestors: dict[int, list[ast.AST]] = {}
        self._blocks: dict[int, ast.Module] = {}
        self.scopes: dict[int, object] = {}      # filled by analysis.reconstruct.scope
        self.memo: dict[str, object] = {}        # per-tree indexes other modules compute once
        try:
            self.tree: Optional[ast.Module] = parse_python(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            self.tree = None
            self.error = f"{type(exc).__name__}: {exc}"

    # ------------------------------------------------------------------------- positions
    def _byte_column(self, line: int, column: int) -> int:
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        if text.isascii():
            return column
        return len(text[:column].encode("utf-8"))

    def _char_column(self, line: int, byte_column: int) -> int:
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        if text.isascii():
            return byte_column
        return len(text.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))

    def range(self, node: ast.AST) -> Range:
        """The 0-based character range of ``node``."""
        line, end_line = node.lineno - 1, (node.end_lineno or node.lineno) - 1
        return Range(Position(line, self._char_column(line, node.col_offset)),
                     Position(end_line, self._char_column(end_line, node.end_col_offset or 0)))

    def segment(self, node: ast.AST) -> str:
        """The source text of ``node`` (``ast.get_source_segment`` splits the whole source on
        every call: too slow for a hover)."""
        try:
            first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
            start, end = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
            if first == last:
                return _slice(self.lines[first], start, end)
            parts = [_slice(self.lines[first], start, None)]
            parts.extend(self.lines[first + 1:last])
            parts.append(_slice(self.lines[last], 0, end))
            return "\n".join(parts)
        except (AttributeError, IndexError, TypeError):
            return ast.unparse(node)

    # ------------------------------------------------------------------------- navigation
    def root_at(self, line: int) -> Optional[ast.Module]:
        """The tree covering 0-based ``line``: the module, or the block around it when the module
        does not parse."""
        if self.tree is not None:
            return self.tree
        if not 0 <= line < len(self.lines):
            return None
        start = line
        while start > 0 and not _top_level(self.lines[start]):
            start -= 1
        end = line + 1
        while end < len(self.lines) and not _top_level(self.lines[end]):
            end += 1
        key = start
        if key not in self._blocks and len(self._blocks) < 2000:
            block = "\n".join(self.lines[start:end])
            try:
                tree = parse_python(block)
                ast.increment_lineno(tree, start)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                tree = None
            self._blocks[key] = tree  # type: ignore[assignment]
        return self._blocks.get(key)

    def blocks(self) -> list[ast.Module]:
        """Every top-level block that parses on its own (the whole module when it parses)."""
        if self.tree is not None:
            return [self.tree]
        out = []
        line = 0
        while line < len(self.lines):
            if _top_level(self.lines[line]):
                block = self.root_at(line)
                if block is not None:
                    out.append(block)
            line += 1
        return out

    def classes(self) -> dict[str, list[ast.ClassDef]]:
        """Every class statement of the module by name (computed once)."""
        found = self.memo.get("classes")
        if found is None:
            found = {}
            for root in self.blocks():
                for node in ast.walk(root):
                    if isinstance(node, ast.ClassDef):
                        found.setdefault(node.name, []).append(node)
            self.memo["classes"] = found
        return found  # type: ignore[return-value]

    def chain_at(self, line: int, column: int) -> list[ast.AST]:
        """Nodes containing the 0-based position, outermost first (the module excluded)."""
        root = self.root_at(line)
        if root is None:
            return []
        target = (line + 1, self._byte_column(line, column))
        chain: list[ast.AST] = []
        node: ast.AST = root
        while True:
            child = _child_containing(node, target)
            if child is None:
                return chain
            chain.append(child)
            node = child

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        """The nodes containing ``node``, innermost first (the module last).

        Found by descending from the root through the children whose range holds the node's
        (a few dozen comparisons), not by a parent map of the whole module."""
        cached = self._ancestors.get(id(node))
        if cached is None:
            cached = self._descend_to(node)
            if len(self._ancestors) > 50_000:
                self._ancestors.clear()
            self._ancestors[id(node)] = cached
        return iter(cached)

    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        return next(self.ancestors(node), None)

    def _descend_to(self, node: ast.AST) -> list[ast.AST]:
        start = getattr(node, "lineno", None)
        if start is None:
            return []
        root = self.root_at(start - 1)
        if root is None:
            return []
        span = ((node.lineno, node.col_offset),  # type: ignore[attr-defined]
                (node.end_lineno, node.end_col_offset))  # type: ignore[attr-defined]
        path: list[ast.AST] = [root]
        current: ast.AST = root
        for _ in range(10_000):
            nxt = None
            for child in _positioned_children(current):
                if child is node:
                    return list(reversed(path))
                if (child.lineno, child.col_offset) <= span[0] and \
                        span[1] <= (child.end_lineno, child.end_col_offset):
                    nxt = child
                    break
            if nxt is None:
                return list(reversed(path)) if current is not root else []
            path.append(nxt)
            current = nxt
        return []


def _positioned_children(node: ast.AST) -> Iterator[ast.AST]:
    """Children with positions; those without (arguments, comprehension, ...) looked through."""
    pending = list(ast.iter_child_nodes(node))
    while pending:
        child = pending.pop(0)
        if getattr(child, "lineno", None) is None or getattr(child, "end_lineno", None) is None:
            pending[:0] = list(ast.iter_child_nodes(child))
            continue
        yield child


def _slice(line: str, start: int, end) -> str:
    """``line[start:end]`` with UTF-8 byte offsets (what ``ast`` positions count)."""
    if line.isascii():
        return line[start:end]
    return line.encode("utf-8")[start:end].decode("utf-8", errors="replace")


def _top_level(text: str) -> bool:
    return bool(text) and not text[0].isspace() and not text.startswith((")", "]", "}", "#"))


def _contains(node: ast.AST, target: tuple[int, int]) -> bool:
    start = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    end = (node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
    return start <= target <= end


def _child_containing(node: ast.AST, target: tuple[int, int]) -> Optional[ast.AST]:
    # nodes without positions (arguments, comprehension, withitem, match_case) are looked through
    pending = list(ast.iter_child_nodes(node))
    while pending:
        child = pending.pop(0)
        if getattr(child, "lineno", None) is None or getattr(child, "end_lineno", None) is None:
            pending[:0] = list(ast.iter_child_nodes(child))
            continue
        if _contains(child, target):
            return child
    return None


def source_tree(source: str) -> SourceTree:
    """The (cached) :class:`SourceTree` of ``source``."""
    key = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    with _lock:
        tree = _cache.get(key)
        if tree is not None:
            _cache.move_to_end(key)
            return tree
    tree = SourceTree(source)
    with _lock:
        _cache[key] = tree
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return tree


__all__ = ["SourceTree", "source_tree"]
