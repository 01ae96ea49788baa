"""Findings as text (ruff-like), JSON and SARIF 2.1.0; positions printed 1-based.

Example::

    print(render_text(results, cwd="/work/project"))
    # app/views.py:12:9: ORM101 `user.posts` lazy-loads once per row of the loop (N+1)
    # Found 1 finding (1 warning) in 1 file; checked 14 files.
    json.loads(render_json(results))[0]["line"]          # 12
    render_sarif(results, rules)["runs"][0]["results"]   # SARIF result objects
"""
from __future__ import annotations

import json
import os
from typing import Any, Iterable, Mapping, Optional, Sequence

from analysis.findings import Finding, Fix

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
RULES_DOC_URL = "https://github.com/ormlens/ormlens/blob/main/docs/rules/{code}.md"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}


def display_path(path: str, cwd: Optional[str] = None) -> str:
    """``path`` relative to ``cwd`` when it is under it, ``/``-separated; else as it is."""
    cwd = os.path.abspath(cwd or os.getcwd())
    absolute = os.path.abspath(path)
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, cwd).replace(os.sep, "/")
    return path


def _sorted(results: Mapping[str, Sequence[Finding]]) -> list[Finding]:
    findings = [f for fs in results.values() for f in fs]
    findings.sort(key=lambda f: (f.path, f.range.start, f.code))
    return findings


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(results: Mapping[str, Sequence[Finding]]) -> str:
    findings = _sorted(results)
    if not findings:
        return f"All checks passed! (checked {_plural(len(results), 'file')})"
    by_severity: dict[str, int] = {}
    for f in findings:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
    parts = ", ".join(_plural(by_severity[s], s) for s in ("error", "warning", "info", "hint")
                      if s in by_severity)
    files = len({f.path for f in findings})
    return (f"Found {_plural(len(findings), 'finding')} ({parts}) in {_plural(files, 'file')}; "
            f"checked {_plural(len(results), 'file')}.")


def render_text(results: Mapping[str, Sequence[Finding]], cwd: Optional[str] = None,
                summary: bool = True) -> str:
    """``path:line:col: CODE message`` lines (1-based), then a summary line."""
    lines = [f"{display_path(f.path, cwd)}:{f.range.start.line + 1}:"
             f"{f.range.start.column + 1}: {f.code} {f.message}" for f in _sorted(results)]
    if summary:
        lines.append(summary_line(results))
    return "\n".join(lines) + ("\n" if lines else "")


def _fix_json(fix: Optional[Fix], cwd: Optional[str]) -> Optional[dict[str, Any]]:
    if fix is None:
        return None
    return {"title": fix.title, "safe": fix.safe, "edits": [
        {"path": display_path(e.path, cwd), "line": e.range.start.line + 1,
         "column": e.range.start.column + 1, "end_line": e.range.end.line + 1,
         "end_column": e.range.end.column + 1, "new_text": e.new_text} for e in fix.edits]}


def finding_json(f: Finding, cwd: Optional[str] = None) -> dict[str, Any]:
    return {"path": display_path(f.path, cwd), "line": f.range.start.line + 1,
            "column": f.range.start.column + 1, "end_line": f.range.end.line + 1,
            "end_column": f.range.end.column + 1, "code": f.code, "name": f.name,
            "severity": f.severity, "message": f.message, "fix": _fix_json(f.fix, cwd)}


def render_json(results: Mapping[str, Sequence[Finding]], cwd: Optional[str] = None) -> str:
    """A JSON list of findings (DESIGN.md's fields, 1-based positions)."""
    return json.dumps([finding_json(f, cwd) for f in _sorted(results)], indent=2) + "\n"


def _region(rng) -> dict[str, int]:
    return {"startLine": rng.start.line + 1, "startColumn": rng.start.column + 1,
            "endLine": rng.end.line + 1, "endColumn": rng.end.column + 1}


def _uri(path: str, root: Optional[str]) -> str:
    shown = display_path(path, root)
    return shown.replace(os.sep, "/") if not os.path.isabs(shown) else \
        "file://" + os.path.abspath(path).replace(os.sep, "/")


def render_sarif(results: Mapping[str, Sequence[Finding]], rules: Iterable[Any],
                 root: Optional[str] = None, version: str = "0.1.0") -> dict[str, Any]:
    """A SARIF 2.1.0 log (one run) for code-scanning upload; URIs relative to ``root``."""
    rule_list = sorted(rules, key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rule_list)}
    descriptors = [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary()},
        "fullDescription": {"text": (r.__doc__ or r.summary()).strip()},
        "helpUri": RULES_DOC_URL.format(code=r.code),
        "defaultConfiguration": {"level": _SARIF_LEVEL.get(r.severity, "warning")},
    } for r in rule_list]
    out_results = []
    for f in _sorted(results):
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(f.path, root), "uriBaseId": "%SRCROOT%"},
                "region": _region(f.range)}}],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.related:
            result["relatedLocations"] = [{
                "id": number, "message": {"text": r.message},
                "physicalLocation": {"artifactLocation": {"uri": _uri(r.path, root),
                                                          "uriBaseId": "%SRCROOT%"},
                                     "region": _region(r.range)}}
                for number, r in enumerate(f.related)]
        if f.fix is not None:
            changes: dict[str, list] = {}
            for edit in f.fix.edits:
                changes.setdefault(edit.path, []).append({
                    "deletedRegion": _region(edit.range),
                    "insertedContent": {"text": edit.new_text}})
            result["fixes"] = [{"description": {"text": f.fix.title}, "artifactChanges": [
                {"artifactLocation": {"uri": _uri(path, root), "uriBaseId": "%SRCROOT%"},
                 "replacements": replacements} for path, replacements in changes.items()]}]
        out_results.append(result)
    root_uri = "file://" + os.path.abspath(root or os.getcwd()).replace(os.sep, "/").rstrip("/") \
        + "/"
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "ormlens", "version": version,
                                "informationUri": "https://github.com/ormlens/ormlens",
                                "rules": descriptors}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            # our columns count characters (code points), not SARIF's default UTF-16 units
            "columnKind": "unicodeCodePoints",
            "results": out_results,
        }],
    }


__all__ = ["display_path", "finding_json", "render_json", "render_sarif", "render_text",
           "summary_line"]
