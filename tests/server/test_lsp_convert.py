"""server/convert.py: analysis data -> lsprotocol (positions in the client's encoding)."""
from __future__ import annotations

from lsprotocol import types as lsp
from pygls.workspace import PositionCodec

from analysis.editor.results import Action, Command, Completion, Hover, Location
from analysis.findings import Finding, Fix, Position, Range, RelatedLocation, TextEdit
from server.convert import Converter, path_from_uri, rule_docs_url, uri_from_path
from server.settings import Settings

FINDING = Finding(
    code="ORM101", name="lazy-load-in-loop", severity="warning",
    message="`user.posts` lazy-loads once per row (N+1)", path="/w/app/views.py",
    range=Range.of(3, 10, 3, 20),
    fix=Fix("Add selectinload(User.posts)", (TextEdit("/w/app/views.py", Range.of(1, 0, 1, 0),
                                                      "from orm import selectinload\n"),)),
    related=(RelatedLocation("/w/app/views.py", Range.of(1, 4, 1, 30), "the query"),))


def test_finding_to_diagnostic() -> None:
    diag = Converter().diagnostic(FINDING)
    assert diag.source == "ormlens" and diag.code == "ORM101"
    assert diag.severity == lsp.DiagnosticSeverity.Warning
    assert diag.code_description.href == rule_docs_url("ORM101")
    assert diag.code_description.href.endswith("/docs/rules/ORM101.md")
    assert diag.range == lsp.Range(start=lsp.Position(3, 10), end=lsp.Position(3, 20))
    (related,) = diag.related_information
    assert related.message == "the query" and related.location.uri == "file:///w/app/views.py"


def test_severities() -> None:
    conv = Converter()
    got = {s: conv.diagnostic(Finding("ORM201", "x", s, "m", "/a.py", Range.of(0, 0, 0, 1))).severity
           for s in ("error", "warning", "info", "hint")}
    assert got == {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
                   "info": lsp.DiagnosticSeverity.Information, "hint": lsp.DiagnosticSeverity.Hint}


def test_columns_count_utf16_units_when_the_line_is_known() -> None:
    line = 'x = "😀😀"; user.posts\n'
    conv = Converter(PositionCodec(lsp.PositionEncodingKind.Utf16), lambda path: [line])
    # `user` starts at character 11 (code points); UTF-16 counts each emoji twice
    assert conv.range(Range.of(0, 11, 0, 15), "/a.py").start.character == 13
    assert conv.from_position(lsp.Position(0, 13), [line]) == Position(0, 11)
    utf32 = Converter(PositionCodec(lsp.PositionEncodingKind.Utf32), lambda path: [line])
    assert utf32.range(Range.of(0, 11, 0, 15), "/a.py").start.character == 11


def test_fix_is_a_workspace_edit_and_actions_carry_their_diagnostic() -> None:
    conv = Converter()
    action = conv.code_action(Action(FINDING.fix.title, "quickfix", FINDING.fix.edits,
                                     finding=FINDING, preferred=True))
    assert action.kind == lsp.CodeActionKind.QuickFix and action.is_preferred
    (edit,) = action.edit.changes["file:///w/app/views.py"]
    assert edit.new_text == "from orm import selectinload\n"
    assert action.diagnostics[0].code == "ORM101"


def test_command_arguments_become_uris_and_positions() -> None:
    conv = Converter()
    action = conv.code_action(Action("Show SQL for mysql", "source", source_kind="ormlens.showSql",
                                     command=Command("Show SQL", "ormlens.showSql", (
                                         {"path": "/w/a.py", "position": Position(4, 2),
                                          "dialect": "mysql", "show": True},))))
    assert action.kind == "source.ormlens.showSql"
    assert action.command.arguments == [{"uri": "file:///w/a.py",
                                         "position": {"line": 4, "character": 2},
                                         "dialect": "mysql", "show": True}]


def test_hover_location_completion() -> None:
    conv = Converter()
    hover = conv.hover(Hover("**x**", Range.of(1, 2, 1, 3)), "/a.py")
    assert hover.contents.kind == lsp.MarkupKind.Markdown and hover.range.start == lsp.Position(1, 2)
    assert conv.hover(None, "/a.py") is None
    loc = conv.location(Location("/w/m.py", Range.of(5, 6, 5, 10)))
    assert loc.uri == "file:///w/m.py"
    item = conv.completion(Completion("users.id", "column", "Integer", replace=Range.of(2, 5, 2, 11)),
                           "/a.py")
    assert item.kind == lsp.CompletionItemKind.Field and item.text_edit.new_text == "users.id"
    plain = conv.completion(Completion("name", "column", insert_text="name="))
    assert plain.insert_text == "name=" and plain.text_edit is None


def test_uris_round_trip_and_other_schemes_stay() -> None:
    assert path_from_uri(uri_from_path("/w/some dir/a.py")) == "/w/some dir/a.py"
    assert uri_from_path("untitled:Untitled-1") == "untitled:Untitled-1"
    assert path_from_uri("untitled:Untitled-1") == "untitled:Untitled-1"


def test_settings_shapes_and_bad_values() -> None:
    nested = Settings.parse({"ormlens": {"dialects": ["postgresql"], "debounceMs": 50}})
    flat = Settings.parse({"ormlens.dialects": ["postgresql"], "ormlens.debounceMs": 50})
    bare = Settings.parse({"dialects": ["postgresql"], "debounceMs": 50})
    assert nested == flat == bare and nested.dialects == ("postgresql",) and nested.debounce_ms == 50
    bad = Settings.parse({"ormlens": {"dialects": 3, "debounceMs": "soon", "ignore": ["ORM104"]}})
    assert bad.dialects is None and bad.debounce_ms == 300 and bad.ignore == ("ORM104",)
    assert [p.split(" ")[0] for p in bad.problems] == ["ormlens.dialects", "ormlens.debounceMs"]
    assert Settings.parse(None) == Settings() and Settings.parse([1, 2]) == Settings()
