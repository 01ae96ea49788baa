"""Fast traversal of libcst trees.

libcst's ``node.children`` runs a visitor over the node to collect them, and its base classes are
ABCs (``isinstance`` against them is slow): on a whole project that is most of a rule's time.
These helpers read the dataclass fields directly (the field list is computed once per node class)
and skip whitespace and punctuation nodes, which no rule looks at.

Example::

    for node in walk(module_info.module):
        if type(node) is cst.Call: ...
    children(call)          # [Attribute, Arg, Arg] -- no Comma, no whitespace
"""
from __future__ import annotations

import dataclasses
from typing import Iterator

import libcst as cst

# nodes that only carry layout: never interesting to a rule
_LAYOUT = (cst.BaseParenthesizableWhitespace, cst.Comment, cst.Newline, cst.EmptyLine,
           cst.TrailingWhitespace, cst.LeftParen, cst.RightParen, cst.LeftSquareBracket,
           cst.RightSquareBracket, cst.LeftCurlyBrace, cst.RightCurlyBrace, cst.Comma, cst.Dot,
           cst.Semicolon, cst.Colon, cst.AssignEqual, cst.BaseAugOp, cst.ImportStar)
_FIELDS: dict[type, tuple[str, ...]] = {}
_IS_LAYOUT: dict[type, bool] = {}


def _is_layout(cls: type) -> bool:
    found = _IS_LAYOUT.get(cls)
    if found is None:
        found = _IS_LAYOUT[cls] = issubclass(cls, _LAYOUT)
    return found


def _fields(cls: type) -> tuple[str, ...]:
    found = _FIELDS.get(cls)
    if found is None:
        names = [f.name for f in dataclasses.fields(cls)
                 if not f.name.startswith(("whitespace", "lpar", "rpar", "lbrace", "rbrace",
                                           "lbracket", "rbracket", "leading_lines",
                                           "trailing_whitespace", "header", "footer",
                                           "comma", "semicolon", "colon", "equal", "dot",
                                           "lines_after_decorators"))]
        found = _FIELDS[cls] = tuple(names)
    return found


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes of ``node`` in field order, without layout nodes."""
    out: list[cst.CSTNode] = []
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            if not _is_layout(type(value)):
                out.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, cst.CSTNode) and not _is_layout(type(item)):
                    out.append(item)
    return out


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node under it, depth first in field order (iterative)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        below = children(current)
        if below:
            below.reverse()
            stack.extend(below)


__all__ = ["children", "walk"]
