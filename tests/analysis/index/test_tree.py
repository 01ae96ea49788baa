"""analysis.index.tree: the fast walk reaches every node libcst's children do (but layout)."""
from __future__ import annotations

from pathlib import Path

import libcst as cst

from analysis.index.tree import _is_layout, children, walk

CORPUS = Path("/work/shared/corpus")


def _slow_nodes(module: cst.Module) -> list[cst.CSTNode]:
    out, stack = [], [module]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def test_walk_matches_libcst_children_without_layout():
    sources = [p.read_text() for p in sorted(CORPUS.rglob("*.py"))]
    sources.append("async def f(a, *b, c=1, **d) -> int:\n    async with x as (y, z):\n"
                   "        return [i async for i in y if (j := i)]\n"
                   "match p:\n    case {'k': [1, *rest]} if rest:\n        pass\n"
                   "x = f'{a!r:>{w}}' + 'b' 'c'\nfrom .. import (a as b,)\n"
                   "@dec(1)\nclass C(B, metaclass=M):\n    x: int = lambda *, k=1: k\n")
    for source in sources:
        module = cst.parse_module(source)
        fast = list(walk(module))
        slow = [n for n in _slow_nodes(module) if not _is_layout(type(n))]
        assert {id(n) for n in fast} >= {id(n) for n in slow}
        assert not any(_is_layout(type(n)) for n in fast)
        assert fast[0] is module


def test_children_in_source_order():
    call = cst.parse_expression("session.get(User, ident)")
    kinds = [type(c).__name__ for c in children(call)]
    assert kinds == ["Attribute", "Arg", "Arg"]
    assert [c.value.value for c in children(call)[1:]] == ["User", "ident"]
