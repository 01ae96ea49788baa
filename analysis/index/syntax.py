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


def _statement_around(lines: list[str], lineno: int) -> str:
    """The top-level statement (decorators included) holding 1-based line ``lineno``, found by
    its lines starting in column 0 (a heuristic: a string with unindented lines can fool it,
    and then the statement does not parse and nothing is repaired)."""
    index = min(max(lineno - 1, 0), len(lines) - 1)
    start = index
    while start > 0 and not _TOP_LEVEL.match(lines[start]):
        start -= 1
    while start > 0 and lines[start - 1].startswith("@"):
        start -= 1
    end = index + 1
    while end < len(lines) and not _TOP_LEVEL.match(lines[end]) or \
            end < len(lines) and lines[end].startswith(("else", "elif", "except", "finally")):
        end += 1
    return "\n".join(lines[start:end]) + "\n"


def _newer_statement(text: str, lineno: Optional[int]) -> bool:
    """Whether the statement where ``ast`` failed is one libcst accepts (newer syntax), read
    alone so that half-typed code, which fails on every keystroke, costs little."""
    if not lineno:
        return False
    statement = _statement_around(text.split("\n"), lineno)
    try:
        cst.parse_module(statement)
    except Exception:       # noqa: BLE001 - libcst's parser errors have no common base
        return False
    return True


_STRINGS = tuple(t for t in (getattr(cst, "FormattedString", None),
                             getattr(cst, "TemplatedString", None)) if t is not None)


def parse_python(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(text)``, also for syntax newer than the running Python (module docstring).

    Raises the original ``SyntaxError`` when the text is not valid Python of any version
    libcst knows, or when rewriting does not make it readable.
    """
    try:
        return ast.parse(text, filename=filename)
    except SyntaxError as first:
        if not _newer_statement(text, first.lineno):
            raise
        repaired = repair_newer_syntax(text)
        if repaired is None:
            raise
        try:
            return ast.parse(repaired, filename=filename)
        except SyntaxError:
            raise first from None


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
