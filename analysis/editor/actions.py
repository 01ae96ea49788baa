"""Code actions: each finding's fix, suppressing a finding on its line, showing a query's SQL.

Example::

    code_actions(ws, "app/views.py", Range.of(12, 0, 12, 0))
    # [Action("Add selectinload(User.posts) to the query", "quickfix", edits=(...), finding=...),
    #  Action("Suppress ORM101 on this line", "quickfix", edits=(...)),
    #  Action("Show SQL for postgresql", "source", command=Command(... "ormlens.showSql" ...))]
"""
from __future__ import annotations

import re
from typing import Any, Optional

from analysis.editor.common import document
from analysis.editor.hover import preview_at, sql_text
from analysis.editor.results import Action, Command
from analysis.findings import Finding, Position, Range, TextEdit

SHOW_SQL_COMMAND = "ormlens.showSql"
_IGNORE = re.compile(r"#\s*ormlens:\s*ignore(\[(?P<codes>[^\]]*)\])?")


def code_actions(ws: Any, path: str, rng: Range) -> list[Action]:
    """Actions for the selection ``rng`` of ``path``: fixes and suppressions of the findings on
    its lines, then "Show SQL for <dialect>" when a query expression is there."""
    findings = [f for f in ws.check(path) if _overlaps(f.range, rng)]
    doc = document(ws, path)
    lines = doc.source.split("\n")
    out: list[Action] = []
    for finding in findings:
        if finding.fix is not None:
            out.append(Action(title=finding.fix.title, kind="quickfix", edits=finding.fix.edits,
                              finding=finding, preferred=finding.fix.safe))
    for finding in findings:
        edit = suppression_edit(finding, lines)
        if edit is not None:
            out.append(Action(title=f"Suppress {finding.code} on this line", kind="quickfix",
                              edits=(edit,), finding=finding))
    preview = preview_at(ws, path, rng.start.line, rng.start.column)
    if preview is not None:
        for dialect in _dialects(ws, preview):
            args = {"path": path, "position": rng.start, "dialect": dialect, "show": True}
            out.append(Action(title=f"Show SQL for {dialect}", kind="source",
                              source_kind="ormlens.showSql",
                              command=Command(f"Show SQL for {dialect}", SHOW_SQL_COMMAND, (args,))))
    return out


def suppression_edit(finding: Finding, lines: list[str]) -> Optional[TextEdit]:
    """The edit adding ``# ormlens: ignore[CODE]`` to the finding's first line (None: already)."""
    number = finding.range.start.line
    if number >= len(lines):
        return None
    text = lines[number]
    match = _IGNORE.search(text)
    if match is not None:
        codes = match.group("codes")
        if codes is None or finding.code in [c.strip() for c in codes.split(",")]:
            return None   # a blanket ignore, or this code is already listed
        end = match.end("codes")
        return TextEdit(finding.path, Range(Position(number, end), Position(number, end)),
                        f", {finding.code}")
    stripped = text.rstrip()
    column = len(stripped)
    return TextEdit(finding.path, Range(Position(number, column), Position(number, len(text))),
                    f"  # ormlens: ignore[{finding.code}]")


def show_sql(ws: Any, path: str, line: int, column: int, dialect: Optional[str]) -> Optional[str]:
    """The SQL text (with its parameters as a comment) of the query at the position, for one
    dialect (the first configured one when ``dialect`` is None); None when there is no query."""
    preview = preview_at(ws, path, line, column, [dialect] if dialect else None)
    if preview is None:
        return None
    return sql_text(preview, dialect)


def dialect_problem(dialect: str) -> Optional[str]:
    """Why ``dialect`` cannot be previewed (the known names), or None when it can."""
    from analysis.preview import UnknownDialectError, normalise_dialects

    try:
        normalise_dialects([dialect])
    except UnknownDialectError as exc:
        return str(exc)
    return None


def _dialects(ws: Any, preview: Any) -> list[str]:
    configured = list(getattr(getattr(ws, "config", None), "dialects", None) or [])
    return configured or ["sqlite", "postgresql", "mysql"]


def _overlaps(finding: Range, selection: Range) -> bool:
    # a cursor (empty selection) anywhere on the finding's lines counts: editors ask per line
    return finding.start.line <= selection.end.line and selection.start.line <= finding.end.line


__all__ = ["SHOW_SQL_COMMAND", "code_actions", "dialect_problem", "show_sql", "suppression_edit"]
