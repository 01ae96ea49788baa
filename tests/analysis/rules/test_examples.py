"""Every registered rule's VALID and INVALID examples (the convention is in analysis/rules/base.py).

A VALID example must give no finding of its rule.  In an INVALID example each line ending with
``# error`` must get exactly one finding of the rule (starting on that line), a caret line
(``#    ^^^^``) under a code line pins the finding's columns, and no other line may get one.
"""
from __future__ import annotations

import re

import pytest

from analysis.rules import all_rules, check_source

RULES = all_rules()
_CARETS = re.compile(r"^(\s*)#(\s*)(\^+)\s*$")


def expected_marks(source: str) -> dict[int, tuple[int, int] | None]:
    """0-based line -> (start column, end column) from carets, or None for a bare ``# error``."""
    lines = source.split("\n")
    marks: dict[int, tuple[int, int] | None] = {}
    for number, line in enumerate(lines):
        if re.search(r"#\s*error\b", line) and not _CARETS.match(line):
            marks[number] = None
        caret = _CARETS.match(line)
        if caret and number > 0:
            start = line.index("^")
            end = line.rindex("^") + 1
            target = number - 1
            while target >= 0 and _CARETS.match(lines[target]):
                target -= 1
            marks[target] = (start, end)
    return marks


def _examples(kind: str) -> list:
    params = []
    for rule in RULES:
        for number, source in enumerate(getattr(rule, kind)):
            params.append(pytest.param(rule, source, id=f"{rule.code}-{kind.lower()}-{number}"))
    return params


def test_every_rule_has_examples_and_documentation() -> None:
    assert RULES, "no rule is registered"
    for rule in RULES:
        assert re.fullmatch(r"ORM\d{3}", rule.code), rule
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule
        assert rule.severity in ("error", "warning", "info", "hint"), rule
        assert rule.VALID and rule.INVALID, f"{rule.code} needs VALID and INVALID examples"
        doc = rule.__doc__ or ""
        for heading in ("What it does", "Why is this bad", "Example", "Use instead"):
            assert heading in doc, f"{rule.code}'s docstring lacks '{heading}'"
        for source in rule.INVALID:
            assert expected_marks(source), f"{rule.code}: an INVALID example marks no line"


@pytest.mark.parametrize(("rule", "source"), _examples("VALID"))
def test_valid_example_gives_no_finding(rule, source: str) -> None:
    findings = [f for f in check_source(source, select=[rule.code]) if f.code == rule.code]
    assert findings == [], f"{rule.code} reports on a VALID example:\n{source}"


@pytest.mark.parametrize(("rule", "source"), _examples("INVALID"))
def test_invalid_example_gives_the_marked_findings(rule, source: str) -> None:
    marks = expected_marks(source)
    findings = [f for f in check_source(source, select=[rule.code]) if f.code == rule.code]
    got: dict[int, list] = {}
    for finding in findings:
        got.setdefault(finding.range.start.line, []).append(finding)
    assert sorted(got) == sorted(marks), (
        f"{rule.code}: findings on lines {[n + 1 for n in sorted(got)]}, "
        f"marked {[n + 1 for n in sorted(marks)]}:\n{source}")
    for line, expected in marks.items():
        assert len(got[line]) == 1, f"{rule.code}: {len(got[line])} findings on line {line + 1}"
        finding = got[line][0]
        assert finding.name == rule.name and finding.message
        if expected is not None:
            start, end = expected
            assert finding.range.start.column == start, finding
            code_line = source.split("\n")[line]
            if end < len(code_line.rstrip()):
                assert finding.range.end.column == end, finding


def test_marker_parsing() -> None:
    source = "a = 1\nb = f(x)  # error\nc = g(y)\n#   ^^^^\n"
    assert expected_marks(source) == {1: None, 2: (4, 8)}
