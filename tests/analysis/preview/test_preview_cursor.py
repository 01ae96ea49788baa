"""Where the cursor may be: anywhere in the statement expression, on the name it is assigned to,
on a name holding it, on the call that executes it; the outermost statement wins; elsewhere no
preview."""
from __future__ import annotations

import pytest
from preview_helpers import VIEW_HEADER, workspace_with

from analysis.findings import Position, Range
from analysis.preview import preview_at

VIEWS = VIEW_HEADER + '''
def recent(session, name):
    stmt = select(User).where(User.name == name).order_by(User.id.desc())
    rows = session.scalars(stmt).all()
    total = 1 + 2
    # a comment about select(User)
    nested = select(User).where(User.id.in_(select(Address.user_id).where(Address.id > 5)))
    return rows, total
'''
MAIN = "SELECT users.id, users.name, users.email \nFROM users \nWHERE users.name = :name " \
    "ORDER BY users.id DESC"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return workspace_with(tmp_path_factory.mktemp("cursor"), VIEWS)


def _line(text: str) -> int:
    return VIEWS.split("\n").index(text)


def _at(ws, line: int, column: int):
    return preview_at(ws, str(ws.root / "views.py"), line, column, ["sqlite"])


STMT_LINE = "    stmt = select(User).where(User.name == name).order_by(User.id.desc())"


@pytest.mark.parametrize("column", range(STMT_LINE.index("select"), len(STMT_LINE)))
def test_every_position_of_the_chain_gives_the_whole_statement(ws, column):
    found = _at(ws, _line(STMT_LINE), column)
    assert found is not None
    assert found.statements[0].sql == MAIN
    start = STMT_LINE.index("select")
    assert found.range == Range(Position(_line(STMT_LINE), start),
                                Position(_line(STMT_LINE), len(STMT_LINE)))
    assert found.source == STMT_LINE[start:]


@pytest.mark.parametrize("column", [4, 5, 8])
def test_the_assignment_target_gives_its_value(ws, column):
    found = _at(ws, _line(STMT_LINE), column)
    assert found is not None and found.statements[0].sql == MAIN


def test_a_name_holding_the_statement_and_the_call_running_it(ws):
    line = "    rows = session.scalars(stmt).all()"
    on_name = _at(ws, _line(line), line.index("stmt)"))
    on_call = _at(ws, _line(line), line.index("scalars"))
    on_session = _at(ws, _line(line), line.index("session"))
    assert on_name is not None and on_name.statements[0].sql == MAIN
    assert on_call is not None and on_call.statements[0].sql == MAIN
    assert on_session is not None and on_session.statements[0].sql == MAIN
    assert on_name.statements[0].params == on_call.statements[0].params


def test_a_subquery_gives_the_outermost_statement(ws):
    line = "    nested = select(User).where(User.id.in_(select(Address.user_id).where(Address.id > 5)))"
    found = _at(ws, _line(line), line.index("Address.user_id"))
    assert found is not None
    assert found.statements[0].sql.startswith("SELECT users.id, users.name, users.email")
    assert "(SELECT addresses.user_id" in found.statements[0].sql


@pytest.mark.parametrize("text,column", [
    ("    total = 1 + 2", 12),
    ("    # a comment about select(User)", 25),
    ("def recent(session, name):", 2),
    ("    return rows, total", 12),
    ("", 0),
])
def test_no_statement_no_preview(ws, text, column):
    assert _at(ws, _line(text), column) is None


@pytest.mark.parametrize("line,column", [(10_000, 0), (0, 10_000), (-1, 0)])
def test_positions_outside_the_file(ws, line, column):
    assert _at(ws, line, column) is None
