"""Modules assembled from separately parsed top-level statements are the plain parse's twins:
same code, same positions (layout nodes aside), and an edit re-parses one statement only."""
from __future__ import annotations

import collections
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from analysis.index import chunks
from analysis.index.chunks import parse_chunked
from analysis.index.facts import extract_facts
from analysis.index.tree import _is_layout
from analysis.workspace import Workspace

CORPUS = Path("/work/shared/corpus")
TRICKY = textwrap.dedent('''\
    #!/usr/bin/env python
    # -*- coding: utf-8 -*-
    """Module docstring."""
    import os; import sys
    from typing import (
        Any,
    )


    @decorator(1)
    # a comment between decorator and def
    def f(x):  # trailing
        return x \\
            + 1
        # indented comment after the body


    class C(Base):
    \tx = 1
    \tdef m(self):
    \t\treturn [
    \t\t\t1,
    \t\t]

    if TYPE_CHECKING:
        pass
    else:
        y = 2
    # comment before the end
    z = """multi
    line"""
    async def g():
        async with a as b:
            await b
    \f
    last = 1
    # trailing comment''') + "\n" * 200


def _signature(ranges) -> collections.Counter:
    return collections.Counter(
        (type(node).__name__, r.start.line, r.start.column, r.end.line, r.end.column)
        for node, r in ranges if not _is_layout(type(node))
        and type(node).__name__ not in ("EmptyLine", "TrailingWhitespace"))


def _sources() -> list[str]:
    spaces = TRICKY.replace("\t", "    ")
    out = [spaces, spaces + "pad = 1\n" * 200 + "end = 2  # no newline at the end"]
    corpus = "\n".join(p.read_text() for p in sorted(CORPUS.glob("n1/c0*.py"))[:12])
    out.append(corpus)
    return out


@pytest.mark.parametrize("source", _sources())
def test_assembled_module_equals_the_plain_parse(source: str):
    facts = extract_facts(source, "m", False, "m.py")
    assert facts.syntax_error is None
    assembled = parse_chunked(source, facts.statement_spans)
    assert assembled is not None and len(assembled.pieces) > 3
    assert assembled.module.code == source
    full = cst.parse_module(source)
    plain = MetadataWrapper(full, unsafe_skip_copy=True).resolve(PositionProvider)
    assert _signature(assembled.positions().items()) == _signature(plain.items())
    assert assembled.positions()[assembled.module] == plain[full]


def test_mixed_indentation_falls_back_to_a_plain_parse():
    facts = extract_facts(TRICKY, "m", False, "m.py")
    assert parse_chunked(TRICKY, facts.statement_spans) is None      # tabs in one piece only


def test_small_modules_and_broken_pieces_fall_back_to_a_plain_parse():
    assert parse_chunked("x = 1\ny = 2\n", [(0, 0), (1, 1)]) is None
    big = "x = 1\n" * 300
    # spans that cut through a statement: the piece does not parse on its own
    assert parse_chunked("def f(x,\n      y): pass\n" + big, [(0, 0), (1, 301)]) is None


def test_an_edit_parses_only_the_edited_statement(tmp_path: Path):
    functions = "".join(f"def f{i}(session):\n    return session.get(User, {i})\n\n\n"
                        for i in range(120))
    path = tmp_path / "views.py"
    path.write_text("from models import User\n\n\n" + functions)
    ws = Workspace(tmp_path)
    ws.index()
    before = ws.module(path)
    old_body = list(before.module.body)
    parsed: list[str] = []
    original = chunks._chunk

    def counting(text: str):
        if text not in chunks._CACHE:
            parsed.append(text)
        return original(text)

    chunks._chunk = counting
    try:
        ws.set_document(path, path.read_text().replace("User, 7)", "User, 70)"))
        after = ws.module(path)
        new_body = list(after.module.body)
    finally:
        chunks._chunk = original
    assert len(parsed) == 1 and "User, 70)" in parsed[0]
    assert sum(a is b for a, b in zip(old_body, new_body)) == len(old_body) - 1
    call = new_body[8].body.body[0].body[0].value        # the edited function's return value
    assert after.code_for(call) == "session.get(User, 70)"
    rng = after.range_of(call)
    assert after.lines[rng.start.line][rng.start.column:rng.end.column] == \
        "session.get(User, 70)"
