"""The acceptance criterion: each preview equals what ``orm`` compiles at run time for the same
statement, for sqlite, postgresql and mysql.

Every case is code as a user writes it (SQLAlchemy imports, models from another module); the
preview reads it as text.  The same code then runs for real against ``orm`` models (values
only known at run time are the named bound parameters the preview promises), and the statement
the runtime would send is compiled: text and parameters must be equal.
"""
from __future__ import annotations

import re
import textwrap

import pytest
from preview_helpers import runtime_namespace, runtime_sql, same_params, write_project

import orm
from analysis.preview import preview_at

DYNAMIC = ("user_id", "name", "ids", "term", "since", "limit")

# (id, code): the last line is `stmt = <expression>`; the cursor goes on the expression.
CASES = [
    # -- 2.0 select
    ("select_entity", "stmt = select(User)"),
    ("select_where_literal", 'stmt = select(User).where(User.name == "ed")'),
    ("select_where_dynamic", "stmt = select(User).where(User.id == user_id)"),
    # a run-time value on the left: Python asks the column's reflected operator, so the column
    # comes first (a bound parameter object on the left would not be swapped)
    ("select_dynamic_on_left", "stmt = select(User).where(user_id == User.id)"),
    ("select_columns", "stmt = select(User.id, User.name).where(User.email.is_not(None))"),
    ("filter_alias", 'stmt = select(User).filter(User.name != "x", User.id > 5)'),
    ("filter_by", 'stmt = select(User).filter_by(name="ed", email=name)'),
    ("and_or", 'stmt = select(User).where(or_(User.name == "a", and_(User.id > 1, User.id < 9)))'),
    ("not_", "stmt = select(User).where(not_(User.name.like(term)))"),
    ("operators", 'stmt = select(User).where(~User.name.ilike("%ed%"), User.id >= 3)'),
    ("in_literal", "stmt = select(User).where(User.id.in_([1, 2, 3]))"),
    ("in_dynamic", "stmt = select(User).where(User.id.in_(ids))"),
    ("not_in", "stmt = select(User).where(User.id.not_in([4, 5]))"),
    ("between", "stmt = select(Post).where(Post.score.between(1, 10))"),
    ("contains_startswith", 'stmt = select(User).where(User.name.contains("d"), User.email.startswith("a"))'),
    ("is_none", "stmt = select(User).where(User.email == None)"),  # noqa: E711 - the ORM idiom
    ("order_limit_offset", "stmt = select(User).order_by(User.name.desc(), User.id).limit(10).offset(20)"),
    ("order_desc_func", "stmt = select(User).order_by(desc(User.id)).limit(limit)"),
    ("distinct", "stmt = select(User.name).distinct()"),
    ("datetime_literal", "stmt = select(Post).where(Post.created > datetime.datetime(2024, 1, 1))"),
    ("dynamic_datetime", "stmt = select(Post).where(Post.created > since)"),
    ("arithmetic", "stmt = select(Post.id, (Post.score * 2 + 1).label('doubled'))"),
    ("case_expression", 'stmt = select(User.id, case((User.name == "ed", 1), else_=0).label("is_ed"))'),
    ("cast", "stmt = select(cast(Post.score, Integer))"),
    ("literal_column", 'stmt = select(User.id, literal_column("1").label("one"))'),
    ("window_function",
     'stmt = select(User.id, func.row_number().over(partition_by=User.name, order_by=User.id.desc()).label("rn"))'),
    # -- joins and relationships
    ("join_relationship", 'stmt = select(User).join(User.addresses).where(Address.email_address.like("%@x"))'),
    ("join_entity", "stmt = select(Address).join(User)"),
    ("join_onclause", "stmt = select(User.name, Post.title).join(Post, Post.author_id == User.id)"),
    ("outerjoin", "stmt = select(User, Address).outerjoin(User.addresses)"),
    ("join_m2m", 'stmt = select(Post).join(Post.tags).where(Tag.name == "python")'),
    ("join_from", "stmt = select(Address.email_address).join_from(User, Address)"),
    ("self_referential", "child = aliased(Node)\nstmt = select(Node).join(Node.children.of_type(child))"),
    ("relationship_any", 'stmt = select(User).where(User.addresses.any(Address.email_address == "a@b"))'),
    ("relationship_has", 'stmt = select(Address).where(Address.user.has(User.name == "ed"))'),
    # -- aliases
    ("aliased", "a = aliased(User)\nstmt = select(a).where(a.id == user_id)"),
    ("aliased_named_join",
     'a1 = aliased(Address)\na2 = aliased(Address, name="a2")\n'
     "stmt = select(User.name, a1.email_address, a2.email_address)"
     ".join(User.addresses.of_type(a1)).join(User.addresses.of_type(a2))"
     ".where(a1.email_address != a2.email_address)"),
    ("self_join_alias",
     "parent = aliased(Node)\nstmt = select(Node.name, parent.name).join(parent, Node.parent_id == parent.id)"),
    # -- grouping
    ("group_by_having",
     "stmt = select(User.id, func.count(Post.id)).join(User.posts).group_by(User.id)"
     ".having(func.count(Post.id) > 2)"),
    ("func_label", 'stmt = select(func.lower(User.name).label("lname"), func.max(Post.score)).join(User.posts).group_by(User.name)'),
    ("count_star", "stmt = select(func.count()).select_from(User)"),
    # -- subqueries and CTEs
    ("scalar_subquery",
     "sub = select(func.count(Address.id)).where(Address.user_id == User.id).scalar_subquery()\n"
     'stmt = select(User.name, sub.label("n"))'),
    ("subquery_join",
     "sub = select(Post.author_id, func.count(Post.id).label('n')).group_by(Post.author_id).subquery()\n"
     "stmt = select(User.name, sub.c.n).join(sub, sub.c.author_id == User.id)"),
    ("in_subquery", "stmt = select(User).where(User.id.in_(select(Address.user_id)))"),
    ("exists", "stmt = select(User).where(exists().where(Address.user_id == User.id))"),
    ("cte",
     'cte = select(Post.author_id).where(Post.score > 5).cte("good")\n'
     "stmt = select(User).where(User.id.in_(select(cte.c.author_id)))"),
    ("union", 'stmt = union(select(User.name).where(User.id < 3), select(Tag.name))'),
    ("union_all_method", "stmt = select(User.id).union_all(select(Address.user_id))"),
    # -- several assignments
    ("assembled",
     "stmt = select(User)\nif term is not None:\n    stmt = stmt.where(User.name == name)\n"
     "stmt = stmt.order_by(User.id)"),
    ("columns_list", "cols = [User.id, User.name]\nstmt = select(*cols)"),
    ("tuple_assignment",
     "u1, u2 = aliased(User), aliased(User)\nstmt = select(u1.name, u2.name).join(u2, u1.id < u2.id)"),
    # -- options (the main statement; eager JOINs included)
    ("joinedload", "stmt = select(User).options(joinedload(User.addresses))"),
    ("selectinload_main", "stmt = select(User).options(selectinload(User.posts))"),
    ("load_only", "stmt = select(User).options(load_only(User.name))"),
    ("defer", "stmt = select(User).options(defer(User.email))"),
    ("contains_eager", "stmt = select(Address).join(Address.user).options(contains_eager(Address.user))"),
    # -- DML
    ("insert_values", 'stmt = insert(User).values(name="ed", email=name)'),
    ("insert_returning", 'stmt = insert(User).values(name="ed").returning(User.id)'),
    ("update", "stmt = update(User).where(User.id == user_id).values(name=name)"),
    ("update_expression", "stmt = update(Post).values(score=Post.score + 1).where(Post.author_id.in_(ids))"),
    ("update_returning", 'stmt = update(User).where(User.id == 5).values(name="x").returning(User.id, User.name)'),
    ("delete", 'stmt = delete(Address).where(Address.email_address.like("%spam%"))'),
    ("upsert_postgresql",
     "ins = pg_insert(User).values(id=1, name=name)\n"
     "stmt = ins.on_conflict_do_update(index_elements=[User.id], set_=dict(name=ins.excluded.name))"),
    ("core_table", "stmt = select(post_tags).where(post_tags.c.tag_id == 3)"),
    ("table_attr", "stmt = select(User.__table__.c.id)"),
    # -- legacy Query and Flask-style
    ("query_filter", 'stmt = session.query(User).filter(User.name == "ed")'),
    ("query_columns", "stmt = session.query(User.id, User.name).filter_by(name=name).order_by(User.id)"),
    ("query_join", 'stmt = session.query(User).join(User.addresses).filter(Address.email_address.like("a%"))'),
    ("query_group", "stmt = session.query(User.name, func.count(Address.id)).join(User.addresses).group_by(User.name)"),
    ("query_limit", "stmt = session.query(Post).order_by(Post.id.desc()).limit(5).offset(10)"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview_eq")
    body = []
    for case_id, code in CASES:
        body.append(f"def case_{case_id}(session, {', '.join(DYNAMIC)}):")
        body.extend(textwrap.indent(code, "    ").split("\n"))
        body.append("    return stmt\n")
    ws = write_project(root, "\n".join(body))
    path = root / "views.py"
    lines = path.read_text().split("\n")
    positions = {}
    for case_id, _ in CASES:
        start = lines.index(f"def case_{case_id}(session, {', '.join(DYNAMIC)}):")
        end = lines.index("    return stmt", start)
        last = lines[end - 1]
        positions[case_id] = (end - 1, last.index("=") + 2)
    return ws, str(path), positions


RUNTIME_CODE = {
    "select_dynamic_on_left": "stmt = select(User).where(User.id == user_id)",
    # the run-time value of `name` cannot take the bind name the INSERT gives the name column
    "insert_values": 'stmt = insert(User).values(name="ed", email=bindparam("name_2"))',
}


def _runtime_value(code: str):
    ns = runtime_namespace(
        user_id=orm.bindparam("user_id"), name=orm.bindparam("name"),
        ids=orm.bindparam("ids", expanding=True), term=orm.bindparam("term"),
        since=orm.bindparam("since"), limit=orm.bindparam("limit"))
    exec(code, ns)  # noqa: S102 - the case's code, run against orm for the expected SQL
    return ns["stmt"]


def _no_address(text):
    return re.sub(r" at 0x[0-9a-f]+", "", text or "")


def test_there_are_enough_cases():
    assert len(CASES) >= 40
    assert len({c for c, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("case_id,code", CASES, ids=[c for c, _ in CASES])
def test_preview_equals_the_runtime_sql(project, case_id, code):
    ws, path, positions = project
    line, column = positions[case_id]
    found = preview_at(ws, path, line, column, ["sqlite", "postgresql", "mysql"])
    assert found is not None, f"no preview for {case_id}"
    expected = _runtime_value(RUNTIME_CODE.get(case_id, code))
    for entry in found.statements:
        assert entry.transpiled is False
        try:
            sql, params = runtime_sql(expected, entry.dialect)
        except orm.exc.CompileError as exc:
            # the dialect cannot run it (RETURNING, ON CONFLICT on MySQL): the preview says why
            assert _no_address(entry.error) == _no_address(f"{type(exc).__name__}: {exc}")
            assert entry.sql == ""
            continue
        assert entry.error is None
        assert entry.sql == sql, f"{case_id} on {entry.dialect}"
        assert same_params(entry.params, params), (entry.params, params)
