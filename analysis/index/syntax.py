"""Python's ``ast`` for source written for a newer Python than the one running the checker.

The index reads modules with the running interpreter's ``ast`` (fast, and its error messages are
the ones users know).  Code written for Python 3.12-3.14 uses syntax an older ``ast`` rejects:
type parameters (``def f[T]()``, ``class Repo[M]``), ``type X = ...`` aliases, f-strings with
nested quotes or backslashes, ``except A, B:`` without parentheses, t-strings.  libcst parses
all of them, so when ``ast`` refuses a module that libcst accepts, those constructs are rewritten
into older equivalents that keep every line where it was (type parameters become spaces, an
alias ``X = 0``, such an f-string a plain string of blanks, the exception tuple gets its
parentheses) and ``ast`` reads the result.  What the index needs (imports, classes, their
attributes) is unaffected; the rules read the original text with libcst.

Example::

    tree = parse_python("class Repo[M](Base):\\n    x: int = 1\\n")   # Python 3.11 too
    tree.body[0].name                                              # "Repo"
    parse_python("x = = 1")                                        # SyntaxError, as ast says
"""
from __future__ import annotations

import ast
import re
import warnings
from typing import Optional

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

_TOP_LEVEL = re.compile(r"[A-Za-z_@]")


def _statement_span(lines: list[str], lineno: int) -> tuple[int, int]:
    """``(first, end)`` line indexes of the top-level statement (decorators included) holding
    1-based line ``lineno``, found by its lines starting in column 0 (a heuristic: a string
    with unindented lines can fool it, and then the piece does not parse and nothing is
    repaired)."""
    index = min(max(lineno - 1, 0), len(lines) - 1)
    start = index
    while start > 0 and not _TOP_LEVEL.match(lines[start]):
        start -= 1
    while start > 0 and lines[start - 1].startswith("@"):
        start -= 1
    end = index + 1
    while end < len(lines) and (not _TOP_LEVEL.match(lines[end]) or
                                lines[end].startswith(("else", "elif", "except", "finally"))):
        end += 1
    return start, end


_STRINGS = tuple(t for t in (getattr(cst, "FormattedString", None),
                             getattr(cst, "TemplatedString", None)) if t is not None)


def parse_python(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(text)``, also for syntax newer than the running Python (module docstring).

    Only the top-level statement where ``ast`` fails is handed to libcst and rewritten, one at
    a time: half-typed code (which fails on every keystroke) and modules using the newer syntax
    in a few places cost little.  Raises the original ``SyntaxError`` when a failing statement
    is not valid Python of any version libcst knows, or rewriting does not help.
    """
    try:
        return ast.parse(text, filename=filename)
    except SyntaxError as first:
        message = first.msg or ""
        if "nested" in message or "too many" in message or _nesting(text) > _MAX_NESTING:
            raise       # libcst's native parser crashes on pathological nesting: never hand it
        lines = text.split("\n")
        error: SyntaxError = first
        repaired_spans: set[tuple[int, int]] = set()
        for _ in range(_MAX_REPAIRS):
            if not error.lineno:
                break
            new_lines = None
            for start, end, indent in _spans(lines, error.lineno):
                if (start, end) in repaired_spans:
                    continue
                repaired_spans.add((start, end))
                new_lines = _repair_piece(lines[start:end], indent)
                if new_lines is not None:
                    lines[start:end] = new_lines
                    break
            if new_lines is None:
                break               # no statement around the error reads as newer Python
            try:
                return ast.parse("\n".join(lines), filename=filename)
            except SyntaxError as again:
                error = again
        raise first from None


_MAX_REPAIRS = 400
_NOT_BRACKET = re.compile(r"[^()\[\]{}]+")
# deeper bracket nesting than any real code has (CPython's own limit is 200)
_MAX_NESTING = 150


def _nesting(text: str) -> int:
    """The deepest bracket nesting of ``text`` (brackets inside strings counted too: an
    over-estimate, which only makes the checker more careful)."""
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", text):
        if char in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif char in ")]}" and depth:
            depth -= 1
    return deepest


def _spans(lines: list[str], lineno: int) -> list[tuple[int, int, int]]:
    """Where to look for the statement ``ast`` failed in: the innermost statement around the
    line (cheap: a method, not its whole class), then the top-level one.
    ``(first, end, indentation)``."""
    out = []
    inner = _inner_span(lines, lineno)
    if inner is not None:
        out.append(inner)
    start, end = _statement_span(lines, lineno)
    if not out or out[0][:2] != (start, end):
        out.append((start, end, 0))
    return out


_CLAUSE = re.compile(r"(?:else|elif|except|finally|case)\b")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _starts_statement(line: str) -> bool:
    stripped = line.lstrip(" \t")
    return bool(stripped) and (stripped[0].isalpha() or stripped[0] in "_@")


def _inner_span(lines: list[str], lineno: int) -> Optional[tuple[int, int, int]]:
    """The statement that starts on or before 1-based ``lineno`` at an indentation no deeper
    than that line's, with its block (lines indented deeper), decorators and else/except
    parts; None when the lines do not look like that (a string with unindented lines)."""
    index = min(max(lineno - 1, 0), len(lines) - 1)
    start = index
    limit = _indent(lines[index])
    while start > 0 and not (_starts_statement(lines[start]) and _indent(lines[start]) <= limit
                             and not _CLAUSE.match(lines[start].lstrip())):
        if _starts_statement(lines[start]) and _CLAUSE.match(lines[start].lstrip()):
            limit = min(limit, _indent(lines[start]))   # an except/else: find its try/if
        start -= 1
    indent = _indent(lines[start])
    if indent == 0:
        return None         # the top-level span covers it
    while start > 0 and lines[start - 1].strip().startswith("@") and \
            _indent(lines[start - 1]) == indent:
        start -= 1
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and _indent(line) <= indent and not (
                _indent(line) == indent and
                line.lstrip().startswith(("else", "elif", "except", "finally", ")", "]", "}"))):
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1            # trailing blank lines belong to no statement
    return start, end, indent


def _repair_piece(piece: list[str], indent: int) -> Optional[list[str]]:
    """The lines of one statement rewritten for ``ast`` (same count), or None."""
    if any(line.strip() and _indent(line) < indent for line in piece):
        return None
    prefix = [line[:indent] for line in piece]
    text = "\n".join(line[indent:] for line in piece) + "\n"
    repaired = repair_newer_syntax(text)
    if repaired is None:
        return None
    out = repaired.split("\n")[:-1]
    if len(out) != len(piece):
        return None
    return [p + line if line else line for p, line in zip(prefix, out)]


def repair_newer_syntax(text: str) -> Optional[str]:
    """``text`` with the newer constructs rewritten (same lines), or None when libcst rejects
    the text too (a real syntax error) or nothing needed rewriting."""
    try:
        module = cst.parse_module(text)
    except Exception:       # noqa: BLE001 - libcst's parser errors have no common base
        return None
    try:
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        collector = _Collector(module, positions)
        wrapper.module.visit(collector)
    except (RecursionError, MemoryError, ValueError):
        return None
    if not collector.edits:
        return None
    return _apply(text, collector.edits)


Edit = tuple[tuple[int, int], tuple[int, int], str]     # (start, end) as (line, column), text


class _Collector(cst.CSTVisitor):
    def __init__(self, module: cst.Module, positions) -> None:
        super().__init__()
        self.module = module
        self.positions = positions
        self.edits: list[Edit] = []

    def _span(self, node: cst.CSTNode) -> tuple[tuple[int, int], tuple[int, int]]:
        where = self.positions[node]
        return (where.start.line, where.start.column), (where.end.line, where.end.column)

    def _replace(self, node: cst.CSTNode, new: str) -> None:
        start, end = self._span(node)
        self.edits.append((start, end, new))

    def visit_TypeParameters(self, node: cst.CSTNode) -> bool:
        code = self.module.code_for_node(node)
        # blanks; a line break inside the brackets becomes a continuation of the header line
        self._replace(node, "".join("\\\n" if c == "\n" else " " for c in code))
        return False

    def visit_TypeAlias(self, node: cst.CSTNode) -> bool:
        code = self.module.code_for_node(node)
        name = node.name.value          # type: ignore[attr-defined]
        # the newlines stay (blank lines) so the lines after it keep their numbers
        self._replace(node, f"{name} = 0" + "\n" * code.count("\n"))
        return False

    def visit_ExceptHandler(self, node: cst.CSTNode) -> bool:
        kind = getattr(node, "type", None)
        if isinstance(kind, cst.Tuple) and not kind.lpar:
            self._replace(kind, "(" + self.module.code_for_node(kind) + ")")
        return True

    def visit_ExceptStarHandler(self, node: cst.CSTNode) -> bool:
        return self.visit_ExceptHandler(node)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if _STRINGS and isinstance(node, _STRINGS):
            code = self.module.code_for_node(node)
            if isinstance(node, getattr(cst, "TemplatedString", ())) or not _readable(code):
                if "\n" in code:
                    blank = "".join("\n" if c == "\n" else " " for c in code)
                    self._replace(node, '"""' + blank + '"""')
                else:
                    self._replace(node, '"' + " " * max(len(code) - 2, 0) + '"')
            return False
        return super().on_visit(node)


def _readable(code: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse("(" + code + "\n)", mode="eval")
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


def _apply(text: str, edits: list[Edit]) -> str:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def offset(line: int, column: int) -> int:
        return starts[min(line - 1, len(starts) - 1)] + column

    out = text
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        a, b = offset(*start), offset(*end)
        out = out[:a] + new + out[b:]
    return out


__all__ = ["parse_python", "repair_newer_syntax"]
