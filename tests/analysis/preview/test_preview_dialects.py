"""Dialects: exact ones compiled by orm, others transpiled by sqlglot from the PostgreSQL SQL; the
shapes other front-ends read (Workspace.sql_at, the JSON of ``ormlens sql``, the hover)."""
from __future__ import annotations

import json
import re

import pytest
import sqlglot
from preview_helpers import VIEW_HEADER, preview_marked, workspace_with

from analysis.editor.hover import sql_markdown
from analysis.preview import SqlPreview

BODY = ("def v(session, name):\n"
        "    return @@select(User.id, func.count(Post.id)).join(User.posts)"
        ".where(User.name == name).group_by(User.id).order_by(User.id).limit(5)\n")


@pytest.mark.parametrize("target", ["oracle", "tsql", "duckdb", "snowflake", "bigquery", "trino"])
def test_other_dialects_are_transpiled_from_postgresql(tmp_path, target):
    found = preview_marked(tmp_path, BODY, dialects=["postgresql", target])
    pg, other = found.statements
    assert (pg.dialect, pg.transpiled, other.dialect, other.transpiled) == \
        ("postgresql", False, target, True)
    assert other.params == pg.params == {"name": other.params["name"], "param_1": 5}
    assert repr(other.params["name"]) == "<name>"
    # what sqlglot gives for the PostgreSQL SQL, and SQL of that dialect that sqlglot reads back
    assert other.sql == sqlglot.transpile(pg.sql, read="postgres", write=target, pretty=True)[0]
    assert sqlglot.parse_one(other.sql, read=target) is not None
    # the parameter in the dialect's own placeholder style (:name, $name, @name)
    assert "(posts.id)" in other.sql and re.search(r"[:$@]name\b", other.sql)


def test_transpiled_only_requests_still_compile_postgresql_underneath(tmp_path):
    found = preview_marked(tmp_path, BODY, dialects=["oracle"])
    assert [s.dialect for s in found.statements] == ["oracle"]
    assert "FETCH FIRST :param_1 ROWS ONLY" in found.statements[0].sql


def test_order_of_dialects_is_kept(tmp_path):
    found = preview_marked(tmp_path, BODY, dialects=["duckdb", "sqlite", "oracle", "mysql"])
    assert [s.dialect for s in found.statements] == ["duckdb", "sqlite", "oracle", "mysql"]
    assert [s.transpiled for s in found.statements] == [True, False, True, False]


def test_a_dialect_that_cannot_run_the_statement_says_so(tmp_path):
    found = preview_marked(tmp_path, "def v():\n    return @@insert(User).values(name='x')"
                                     ".returning(User.id)\n",
                           dialects=["sqlite", "postgresql", "mysql", "oracle"])
    by_name = found.dialects
    assert by_name["postgresql"].sql.endswith("RETURNING users.id")
    assert by_name["mysql"].sql == "" and "RETURNING" in by_name["mysql"].error
    assert by_name["oracle"].transpiled and by_name["oracle"].sql
    assert found.result_shape == "rows: (int,)"


def test_result_shapes(tmp_path):
    shapes = {
        "select(User)": "User",
        "select(User.id, User.name)": "rows: (int, str)",
        "select(User, Address).join(User.addresses)": "rows: (User, Address)",
        "select(func.count(User.id))": "rows: (int,)",
        "session.query(User).first()": "User | None",
        "session.query(User).count()": "int",
        "session.get(User, 5)": "User | None",
        "update(User).values(name='x')": "rowcount",
        "delete(User).returning(User.id, User.name)": "rows: (int, str)",
    }
    for expression, shape in shapes.items():
        found = preview_marked(tmp_path, f"def v(session):\n    return @@{expression}\n")
        assert found.result_shape == shape, expression


def test_eager_load_statements_per_dialect_and_json(tmp_path):
    found = preview_marked(tmp_path, "def v(session):\n    return @@select(User).options("
                                     "selectinload(User.addresses))\n",
                           dialects=["sqlite", "postgresql", "duckdb"])
    assert [e.description for e in found.extra] == ["selectinload of User.addresses"]
    sqlite = found.dialects["sqlite"]
    assert sqlite.extra == [
        "SELECT addresses.user_id AS addresses_user_id, addresses.id AS addresses_id, "
        "addresses.email_address AS addresses_email_address \nFROM addresses \n"
        "WHERE addresses.user_id IN (__[POSTCOMPILE_primary_keys])"]
    assert found.dialects["duckdb"].extra and found.dialects["duckdb"].transpiled
    data = json.loads(json.dumps(found.to_json()))
    assert set(data) == {"sqlite", "postgresql", "duckdb"}
    assert data["sqlite"]["sql"] == sqlite.sql and data["sqlite"]["params"] == {}
    assert data["sqlite"]["extra"][0]["description"] == "selectinload of User.addresses"
    assert data["postgresql"]["transpiled"] is False and data["duckdb"]["transpiled"] is True


def test_json_of_run_time_values(tmp_path):
    found = preview_marked(tmp_path, "def v(session, ids):\n    return @@select(User)"
                                     ".where(User.id.in_(ids), User.name == 'x')\n")
    assert found.to_json()["sqlite"]["params"] == {"ids": "<ids>", "name_1": "x"}


def test_workspace_sql_at_and_the_hover_markdown(tmp_path):
    text = VIEW_HEADER + "def v(session, name):\n    return select(User).where(User.name == name)\n"
    ws = workspace_with(tmp_path, text)
    line = text.split("\n").index("    return select(User).where(User.name == name)")
    found = ws.sql_at(str(tmp_path / "views.py"), line, 15)
    assert isinstance(found, SqlPreview)
    assert [s.dialect for s in found.statements] == list(ws.config.dialects)
    markdown = sql_markdown(found)
    assert "**sqlite**\n```sql\nSELECT users.id, users.name, users.email \nFROM users \n" \
           "WHERE users.name = :name\n```\nparams: `name` = `<name>`" in markdown
    assert "result: `User`" in markdown


def test_loads_whose_statement_depends_on_the_rows_are_noted(tmp_path):
    found = preview_marked(tmp_path, "def v(session):\n    return @@select(User).options("
                                     "subqueryload(User.addresses), selectinload(User.posts))\n")
    # Post.comments is lazy="selectin": its load follows the posts'
    assert [e.description for e in found.extra] == ["selectinload of User.posts",
                                                    "selectinload of Post.comments"]
    assert found.notes == ["the subqueryload of User.addresses runs another statement, built "
                           "from the rows (not shown)"]


def test_async_sessions(tmp_path):
    found = preview_marked(tmp_path, "async def v(session, name):\n"
                                     "    rows = (await @@session.scalars(select(User).where("
                                     "User.name == name))).all()\n")
    assert found.statements[0].sql.endswith("WHERE users.name = :name")
