"""The one place that converts between ``analysis`` data and lsprotocol types.

Handlers never build protocol objects themselves: they call ``analysis`` and hand the result to a
:class:`Converter`.  Analysis positions count columns in characters (code points); the client
counts in the negotiated position encoding (UTF-16 unless it offered UTF-32/UTF-8), so columns are
converted with pygls' codec against the text of the line when that text is known.

Example::

    conv = Converter(PositionCodec(), lines_of=lambda path: None)
    diag = conv.diagnostic(finding)          # lsprotocol Diagnostic, source "ormlens"
"""
from __future__ import annotations

import re

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Optional

from lsprotocol import types as lsp
from pygls import uris
from pygls.workspace import PositionCodec

from analysis.editor.results import Action, Command, Completion, Hover, Location
from analysis.findings import Finding, Fix, Position, Range, TextEdit

SOURCE = "ormlens"

# Where each rule's documentation lives (docs/rules/<CODE>.md in the repository).
RULE_DOCS_URL = "https://github.com/ormlens/ormlens/blob/main/docs/rules/{code}.md"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")

_SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
    "information": lsp.DiagnosticSeverity.Information,
    "hint": lsp.DiagnosticSeverity.Hint,
}

_COMPLETION_KIND = {
    "column": lsp.CompletionItemKind.Field,
    "relationship": lsp.CompletionItemKind.Reference,
    "class": lsp.CompletionItemKind.Class,
    "attribute": lsp.CompletionItemKind.Property,
    "table": lsp.CompletionItemKind.Struct,
    "keyword": lsp.CompletionItemKind.Keyword,
}

_ACTION_KIND = {
    "quickfix": lsp.CodeActionKind.QuickFix,
    "source": lsp.CodeActionKind.Source,
    "refactor": lsp.CodeActionKind.Refactor,
}


def uri_from_path(path: str) -> str:
    """``file:///abs/path.py`` for a file path; a non-file pseudo path (an ``untitled:`` URI) as is."""
    if _SCHEME.match(path):   # two letters at least: "C:" is a drive, not a scheme
        return path
    return uris.from_fs_path(path) or path


def path_from_uri(uri: str) -> str:
    """The file path of a ``file:`` URI; other schemes keep their URI as a pseudo path."""
    if uri.startswith("file:"):
        path = uris.to_fs_path(uri)
        if path:
            return path
    return uri


def rule_docs_url(code: str) -> str:
    return RULE_DOCS_URL.format(code=code)


class Converter:
    """Converts analysis results for one client (its position encoding).

    ``lines_of(path)`` returns the lines of a file when known (open documents), else ``None``;
    columns are then passed through unchanged, which is exact for every line without characters
    outside the Basic Multilingual Plane.
    """

    def __init__(
        self,
        codec: Optional[PositionCodec] = None,
        lines_of: Callable[[str], Optional[Sequence[str]]] = lambda path: None,
    ) -> None:
        self.codec = codec or PositionCodec()
        self.lines_of = lines_of

    # positions -----------------------------------------------------------------------------
    def position(self, pos: Position, lines: Optional[Sequence[str]] = None) -> lsp.Position:
        line, column = max(pos.line, 0), max(pos.column, 0)
        if lines is not None and line < len(lines):
            text = lines[line]
            return lsp.Position(line=line, character=self.codec.client_num_units(text[:column]))
        return lsp.Position(line=line, character=column)

    def range(self, rng: Range, path: Optional[str] = None) -> lsp.Range:
        lines = self.lines_of(path) if path is not None else None
        return lsp.Range(start=self.position(rng.start, lines), end=self.position(rng.end, lines))

    def from_position(self, pos: lsp.Position, lines: Optional[Sequence[str]]) -> Position:
        """A client position -> analysis position (columns in characters)."""
        if lines is not None and 0 <= pos.line < len(lines):
            text = lines[pos.line].rstrip("\r\n")
            if text.isascii() or self.codec.encoding == lsp.PositionEncodingKind.Utf32:
                return Position(pos.line, max(0, min(pos.character, len(text))))
            units = 0
            for index, char in enumerate(text):
                if units >= pos.character:
                    return Position(pos.line, index)
                units += self.codec.client_num_units(char)
            return Position(pos.line, len(text))
        return Position(max(pos.line, 0), max(pos.character, 0))

    def from_range(self, rng: lsp.Range, lines: Optional[Sequence[str]]) -> Range:
        return Range(self.from_position(rng.start, lines), self.from_position(rng.end, lines))

    # findings ------------------------------------------------------------------------------
    def diagnostic(self, finding: Finding) -> lsp.Diagnostic:
        related = [
            lsp.DiagnosticRelatedInformation(
                location=lsp.Location(uri=uri_from_path(r.path), range=self.range(r.range, r.path)),
                message=r.message,
            )
            for r in finding.related
        ]
        return lsp.Diagnostic(
            range=self.range(finding.range, finding.path),
            message=finding.message,
            severity=_SEVERITY.get(finding.severity, lsp.DiagnosticSeverity.Warning),
            code=finding.code,
            code_description=lsp.CodeDescription(href=rule_docs_url(finding.code)),
            source=SOURCE,
            related_information=related or None,
            data={"name": finding.name, "fixable": finding.fix is not None},
        )

    def diagnostics(self, findings: Iterable[Finding]) -> list[lsp.Diagnostic]:
        return [self.diagnostic(f) for f in findings]

    def workspace_edit(self, edits: Iterable[TextEdit]) -> lsp.WorkspaceEdit:
        changes: dict[str, list[lsp.TextEdit]] = {}
        for edit in edits:
            changes.setdefault(uri_from_path(edit.path), []).append(
                lsp.TextEdit(range=self.range(edit.range, edit.path), new_text=edit.new_text)
            )
        return lsp.WorkspaceEdit(changes=changes)

    def fix_edit(self, fix: Fix) -> lsp.WorkspaceEdit:
        return self.workspace_edit(fix.edits)

    # editor features -----------------------------------------------------------------------
    def hover(self, hover: Optional[Hover], path: str) -> Optional[lsp.Hover]:
        if hover is None:
            return None
        return lsp.Hover(
            contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=hover.markdown),
            range=self.range(hover.range, path) if hover.range is not None else None,
        )

    def location(self, location: Location) -> lsp.Location:
        return lsp.Location(uri=uri_from_path(location.path),
                            range=self.range(location.range, location.path))

    def locations(self, locations: Iterable[Location]) -> list[lsp.Location]:
        return [self.location(loc) for loc in locations]

    def completion(self, item: Completion, path: Optional[str] = None) -> lsp.CompletionItem:
        text = item.insert_text if item.insert_text is not None else item.label
        edit = (lsp.TextEdit(range=self.range(item.replace, path), new_text=text)
                if item.replace is not None else None)
        return lsp.CompletionItem(
            label=item.label,
            kind=_COMPLETION_KIND.get(item.kind, lsp.CompletionItemKind.Text),
            detail=item.detail or None,
            insert_text=None if edit else item.insert_text,
            text_edit=edit,
            filter_text=item.label if edit else None,
            sort_text=item.sort_text,
            documentation=(lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=item.documentation)
                           if item.documentation else None),
        )

    def completions(self, items: Iterable[Completion], path: Optional[str] = None
                    ) -> lsp.CompletionList:
        return lsp.CompletionList(is_incomplete=False,
                                  items=[self.completion(i, path) for i in items])

    def command(self, command: Command) -> lsp.Command:
        return lsp.Command(title=command.title, command=command.name,
                           arguments=[self._argument(a) for a in command.arguments] or None)

    def _argument(self, value: Any, path: Optional[str] = None) -> Any:
        """Analysis values in command arguments: ``path`` -> ``uri``, Position -> LSP position."""
        if isinstance(value, dict):
            path = value.get("path", path)
            out = {}
            for key, item in value.items():
                if key == "path" and isinstance(item, str):
                    out["uri"] = uri_from_path(item)
                else:
                    out[key] = self._argument(item, path)
            return out
        if isinstance(value, Position):
            pos = self.position(value, self.lines_of(path) if path else None)
            return {"line": pos.line, "character": pos.character}
        if isinstance(value, Range):
            rng = self.range(value, path)
            return {"start": {"line": rng.start.line, "character": rng.start.character},
                    "end": {"line": rng.end.line, "character": rng.end.character}}
        return json_safe(value)

    def code_action(self, action: Action) -> lsp.CodeAction:
        kind: lsp.CodeActionKind | str = _ACTION_KIND[action.kind]
        if action.source_kind:   # a custom sub-kind: the protocol allows any dotted string
            kind = f"{_ACTION_KIND[action.kind].value}.{action.source_kind}"
        return lsp.CodeAction(
            title=action.title,
            kind=kind,
            edit=self.workspace_edit(action.edits) if action.edits else None,
            command=self.command(action.command) if action.command else None,
            diagnostics=[self.diagnostic(action.finding)] if action.finding else None,
            is_preferred=action.preferred or None,
        )

    def code_actions(self, actions: Iterable[Action]) -> list[lsp.CodeAction]:
        return [self.code_action(a) for a in actions]


def json_safe(value: Any) -> Any:
    """Command results and arguments travel as JSON: tuples become lists, unknowns strings."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


__all__ = ["Converter", "RULE_DOCS_URL", "SOURCE", "json_safe", "path_from_uri", "rule_docs_url",
           "uri_from_path"]
