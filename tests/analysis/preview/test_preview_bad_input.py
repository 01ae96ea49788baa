"""Bad input: no preview rather than a guess, never an exception."""
from __future__ import annotations

import random

import pytest
from preview_helpers import MODELS, VIEW_HEADER, preview_marked, workspace_with

from analysis.index.parse import parse_module_info
from analysis.preview import UnknownDialectError, normalise_dialects, preview_at


@pytest.mark.parametrize("body", [
    # unknown names and attributes
    "def f(session):\n    return @@select(Unknown)\n",
    "def f(session):\n    return @@select(User).where(User.nonexistent == 1)\n",
    "def f(session):\n    return @@select(User).frobnicate()\n",
    "def f(session):\n    return @@select(User).where(helper(User.id))\n",
    # values only known at run time where the SQL's shape depends on them
    "def f(session, sort_column):\n    return @@select(User).order_by(sort_column)\n",
    "def f(session, model):\n    return @@select(model)\n",
    "def f(session, criteria):\n    return @@select(User).where(criteria)\n",
    "def f(session, name):\n    return @@select(User).where(text(name))\n",
    # Python operators that do not build SQL
    "def f(session, ids):\n    return @@select(User).where(User.id in ids)\n",
    "def f(session):\n    return @@select(User).where(User.id > 1 and User.id < 5)\n",
    "def f(session):\n    return @@select(User).where(not User.name)\n",
    "def f(session):\n    return @@select(User).where(User.id is None)\n",
    # assembled in a loop, or chosen in a branch
    "def f(session, filters):\n    stmt = select(User)\n    for c in filters:\n"
    "        stmt = stmt.where(c)\n    return session.scalars(@@stmt)\n",
    "def f(session, flag):\n    if flag:\n        stmt = select(User)\n    else:\n"
    "        stmt = select(Address)\n    return session.scalars(@@stmt)\n",
    "def f(session):\n    stmt = @@stmt.where(User.id == 1)\n",
    # the runtime itself refuses it
    "def f(session):\n    return @@select(Node).join(Node.parent)\n",
    "def f(session):\n    return @@select(User).join(Tag)\n",
    # not a statement
    "def f(session):\n    return @@User.name == 'ed'\n",
    "def f(session):\n    return @@session.execute(build_query())\n",
    "def f(session):\n    return @@text('SELECT 1')\n",
])
def test_no_preview_rather_than_a_guess(tmp_path, body):
    assert preview_marked(tmp_path, body) is None


def test_run_time_values_become_named_parameters(tmp_path):
    found = preview_marked(tmp_path, (
        "def f(session, form, ids):\n"
        "    return @@select(User).where(User.name == form.name.data, User.id.in_(ids),\n"
        "                              User.email == get_email(), User.id != self.user_id)\n"))
    entry = found.statements[0]
    assert entry.sql.endswith("WHERE users.name = :form_name_data AND users.id IN "
                              "(__[POSTCOMPILE_ids]) AND users.email = :get_email "
                              "AND users.id != :user_id")
    assert {k: repr(v) for k, v in entry.params.items()} == {
        "form_name_data": "<form.name.data>", "ids": "<ids>", "get_email": "<get_email()>",
        "user_id": "<self.user_id>"}


def test_a_list_with_run_time_items_is_bound_as_the_runtime_binds_it(tmp_path):
    found = preview_marked(tmp_path, "def f(session, a, b):\n"
                                     "    return @@select(User).where(User.id.in_([a, b, 3]))\n")
    entry = found.statements[0]
    assert entry.sql.endswith("WHERE users.id IN (__[POSTCOMPILE_id_1])")
    assert repr(entry.params["id_1"]) == "[<a>, <b>, 3]"


def test_a_conditional_refinement_is_included_and_noted(tmp_path):
    found = preview_marked(tmp_path, (
        "def f(session, name):\n    stmt = select(User)\n    if name:\n"
        "        stmt = stmt.where(User.name == name)\n    return session.scalars(@@stmt)\n"))
    assert found.statements[0].sql.endswith("WHERE users.name = :name")
    assert found.notes == [f"includes the conditional refinement of stmt on line "
                           f"{VIEW_HEADER.count(chr(10)) + 4}"]


def test_names_shadowed_by_a_local_are_the_local(tmp_path):
    found = preview_marked(tmp_path, "def f(session, User):\n    return @@select(User)\n")
    assert found is None


def test_half_typed_code_still_previews_the_statements_that_parse(tmp_path):
    body = ("def good(session):\n    return @@select(User).where(User.id == 1)\n\n\n"
            "def typing(session):\n    stmt = select(User).where(User.\n")
    found = preview_marked(tmp_path, body)
    assert found is not None
    assert found.statements[0].sql.endswith("WHERE users.id = :id_1")
    broken = preview_marked(tmp_path, "def typing(session):\n    stmt = @@select(User).where(User.\n")
    assert broken is None


def test_deeply_nested_expressions_are_refused_not_crashed_on(tmp_path):
    nested = "and_(" * 120 + "User.id == 1" + ")" * 120
    assert preview_marked(tmp_path, f"def f(session):\n    return @@select(User).where({nested})\n") \
        is None
    assert preview_marked(tmp_path, "def f(session):\n    return @@select(User)" +
                          ".where(User.id > 1)" * 400 + "\n") is None
    found = preview_marked(tmp_path, "def f(session):\n    return @@select(User)" +
                           ".where(User.id > 1)" * 30 + "\n")
    assert found.statements[0].sql.count("users.id >") == 30


def test_random_truncations_never_raise(tmp_path):
    text = VIEW_HEADER + (
        "def f(session, name, ids):\n"
        "    stmt = select(User).where(User.name == name).options(selectinload(User.posts))\n"
        "    if ids:\n        stmt = stmt.where(User.id.in_(ids))\n"
        "    q = session.query(User.id, func.count(Post.id)).join(User.posts).group_by(User.id)\n"
        "    return session.scalars(stmt).all(), q.first()\n")
    ws = workspace_with(tmp_path, text)
    project = ws.project
    rng = random.Random(7)
    lines = text.split("\n")
    for _ in range(80):
        cut = rng.randrange(len(text))
        edited = text[:cut] + rng.choice(["", "(", ")", ".", "select(", "\n", "User."]) + \
            text[cut + rng.randrange(0, 5):]
        info = parse_module_info(edited, path=str(tmp_path / "views.py"), module_name="views",
                                 project=project)
        line = rng.randrange(len(lines))
        column = rng.randrange(len(lines[line]) + 1)
        result = preview_at(info, None, line, column, ["sqlite", "oracle"], project=project)
        assert result is None or result.statements


def test_unknown_dialects_are_a_clear_error(tmp_path):
    with pytest.raises(UnknownDialectError, match=r"unknown dialect 'sqlsever'; known dialects: .*"
                                                  r"bigquery.*mysql.*oracle.*postgresql.*sqlite"):
        preview_marked(tmp_path, "def f(session):\n    return @@select(User)\n",
                       dialects=["sqlite", "sqlsever"])
    with pytest.raises(UnknownDialectError, match="non-empty strings"):
        normalise_dialects([""])
    assert normalise_dialects(["postgres", "mariadb", "MSSQL", "sqlite", "sqlite"]) == \
        ["postgresql", "mysql", "tsql", "sqlite"]
    assert normalise_dialects(None) == ["sqlite", "postgresql", "mysql"]


def test_a_bad_paramstyle_is_a_clear_error(tmp_path):
    ws = workspace_with(tmp_path, VIEW_HEADER)
    with pytest.raises(ValueError, match="paramstyle is 'named' or 'driver'"):
        preview_at(ws, str(tmp_path / "views.py"), 0, 0, ["sqlite"], paramstyle="qmark")


def test_a_module_without_project_gives_no_preview():
    info = parse_module_info("from sqlalchemy import select\nselect(User)\n")
    assert preview_at(info, None, 1, 3) is None


def test_models_module_itself_is_fine(tmp_path):
    ws = workspace_with(tmp_path, VIEW_HEADER)
    lines = MODELS.split("\n")
    for number, line in enumerate(lines):
        assert preview_at(ws, str(tmp_path / "models.py"), number, len(line) // 2) is None


def test_values_computed_at_run_time_of_every_kind(tmp_path):
    found = preview_marked(tmp_path, (
        "def f(session, q, flag, rows):\n"
        "    owner = session.query(User).filter_by(name='ed').first()\n"
        "    if flag:\n        label = 'a'\n    else:\n        label = 'b'\n"
        "    ids = [r.id for r in rows]\n"
        "    return @@select(Post).where(Post.author_id == owner.id, Post.title.like('%{}%'.format(q)),\n"
        "                                 Post.body == label, Post.id.in_(ids),\n"
        "                                 Post.score > (1 if flag else 2))\n"))
    entry = found.statements[0]
    assert entry.sql.endswith(
        "WHERE posts.author_id = :owner_id AND posts.title LIKE :format AND "
        "posts.body = :label AND posts.id IN (__[POSTCOMPILE_ids]) AND "
        "posts.score > :p_1_if_flag_else_2")
    assert set(entry.params) == {"owner_id", "format", "label", "ids", "p_1_if_flag_else_2"}


def test_a_loaded_object_and_its_query(tmp_path):
    body = ("def f(session):\n    user = session.query(User).filter_by(name='ed').first()\n"
            "    return @@user.name\n")
    assert preview_marked(tmp_path, body).statements[0].sql.endswith("LIMIT :param_1 OFFSET :param_2")
