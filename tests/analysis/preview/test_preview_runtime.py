"""Previews against what really runs: the code executes on SQLite through an ``orm`` Session and
every statement the driver receives is captured; the preview (in the driver's parameter style)
must list the same statements: the main one, then the eager loads' (``selectinload``).

This covers what only execution shows: the legacy ``Query`` terminal methods (``first()`` adds a
LIMIT, ``count()`` wraps the query, ``get()`` loads by primary key), ``session.get``, and the
statements eager loads emit after the rows arrive.
"""
from __future__ import annotations

import re
import textwrap

import pytest
from preview_helpers import orm_models, runtime_namespace, write_project

import orm
from analysis.preview import preview_at

# (id, code): the last line is `result = <expression>`; the cursor goes on the expression.
CASES = [
    ("scalars_all", "result = session.scalars(select(User).where(User.id > user_id)).all()"),
    ("selectinload", "result = session.scalars(select(User).options(selectinload(User.posts))).all()"),
    ("selectinload_chain",
     "result = session.scalars(select(User).options(selectinload(User.posts).selectinload(Post.tags))).all()"),
    ("relationship_lazy_selectin", "result = session.scalars(select(Post)).all()"),
    ("joinedload", "result = session.scalars(select(User).options(joinedload(User.addresses))).unique().all()"),
    ("query_all", "result = session.query(User).filter(User.name != name).all()"),
    ("query_first", "result = session.query(User).order_by(User.id).first()"),
    ("query_count", "result = session.query(User).filter(User.id > 0).count()"),
    ("query_get", "result = session.query(User).get(user_id)"),
    ("session_get", "result = session.get(User, user_id)"),
    ("query_one", 'result = session.query(User).filter_by(name="ed").one()'),
    ("query_update", 'result = session.query(User).filter(User.id == 99).update({"name": "zed"})'),
    ("query_delete", "result = session.query(Address).filter(Address.id == 99).delete()"),
    ("execute_update", 'result = session.execute(update(User).where(User.id == 99).values(name="x"))'),
]
VALUES = {"user_id": 1, "name": "nobody"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview_rt")
    body = []
    for case_id, code in CASES:
        body.append(f"def case_{case_id}(session, user_id, name):")
        body.extend(textwrap.indent(code, "    ").split("\n"))
        body.append("    return result\n")
    ws = write_project(root, "\n".join(body))
    path = root / "views.py"
    lines = path.read_text().split("\n")
    positions = {}
    for case_id, _ in CASES:
        start = lines.index(f"def case_{case_id}(session, user_id, name):")
        end = lines.index("    return result", start)
        positions[case_id] = (end - 1, lines[end - 1].index("=") + 2)
    return ws, str(path), positions


@pytest.fixture(scope="module")
def engine():
    models = orm_models()
    engine = orm.create_engine("sqlite://")
    models.Base.metadata.create_all(engine)
    with orm.Session(engine) as session:
        ed = models.User(id=1, name="ed", email="ed@x")
        session.add_all([
            ed, models.User(id=2, name="wendy"),
            models.Address(id=1, email_address="ed@x", user=ed),
            models.Post(id=1, title="hello", author=ed,
                        tags=[models.Tag(id=1, name="python")]),
        ])
        session.commit()
    return engine


def _captured(engine, code: str) -> list[str]:
    statements: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    orm.event.listen(engine, "before_cursor_execute", capture)
    try:
        with orm.Session(engine) as session:
            ns = runtime_namespace(session=session, **VALUES)
            exec(code, ns)  # noqa: S102 - the case's code, run against orm
            session.rollback()
    finally:
        orm.event.remove(engine, "before_cursor_execute", capture)
    return [_normalise(s) for s in statements]


def _normalise(sql: str) -> str:
    # an expanding IN: the preview shows its placeholder, the driver its values
    sql = re.sub(r"IN \(__\[POSTCOMPILE_\w+\]\)", "IN (<list>)", sql)
    return re.sub(r"IN \(\?(?:, \?)*\)", "IN (<list>)", sql)


@pytest.mark.parametrize("case_id,code", CASES, ids=[c for c, _ in CASES])
def test_preview_lists_the_statements_that_run(project, engine, case_id, code):
    ws, path, positions = project
    line, column = positions[case_id]
    found = preview_at(ws, path, line, column, ["sqlite"], paramstyle="driver")
    assert found is not None, f"no preview for {case_id}"
    main = found.statements[0]
    previewed = [_normalise(main.sql)] + [_normalise(s) for s in main.extra]
    assert previewed == _captured(engine, code)
