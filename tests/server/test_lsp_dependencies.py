"""An unsaved edit of a helper that changes no model fact still updates its callers' diagnostics."""
from __future__ import annotations

from pathlib import Path

import pytest

from lsp_harness import BLOG, RecordingClient, edit, open_document, position_of, start, \
    write_project

pytestmark = pytest.mark.asyncio

HELPERS = """
    def describe(user):
        return f"{user.name}: {len(user.posts)}"
    """

CALLERS = """
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from blog.helpers import describe
    from blog.models import User


    def lines(session: Session) -> list[str]:
        return [describe(u) for u in session.scalars(select(User))]
    """


async def test_a_helper_edit_updates_the_open_callers(client: RecordingClient, tmp_path: Path):
    files = write_project(tmp_path, {**BLOG, "blog/helpers.py": HELPERS,
                                     "blog/callers.py": CALLERS})
    await start(client, tmp_path, {"ormlens": {"debounceMs": 0}})
    callers_uri = open_document(client, files["blog/callers.py"])
    diags = await client.diagnostics_for(callers_uri, lambda d: bool(d))
    assert [(d.code, d.range.start.line) for d in diags] == [("ORM101", 8)]
    helpers_uri = open_document(client, files["blog/helpers.py"])
    await client.diagnostics_for(helpers_uri, lambda d: True)
    text = files["blog/helpers.py"].read_text()
    at = position_of(text, "len(user.posts)")
    before = len(client.published)
    # the helper no longer reads the relationship: no model fact changed, the caller's N+1 goes
    edit(client, helpers_uri, 2, at.line, at.character, at.character + len("len(user.posts)"),
         "user.id")
    assert await client.diagnostics_for(callers_uri, lambda d: not d, after=before) == []
    before = len(client.published)
    edit(client, helpers_uri, 3, at.line, at.character, at.character + len("user.id"),
         "len(user.posts)")
    diags = await client.diagnostics_for(callers_uri, lambda d: bool(d), after=before)
    assert [(d.code, d.range.start.line) for d in diags] == [("ORM101", 8)]
