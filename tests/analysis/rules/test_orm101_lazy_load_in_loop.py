"""ORM101 lazy-load-in-loop: what the flow inference follows, and the look-alikes it must not flag.

Each source is appended to the models of ``orm1_helpers.MODELS``; lines ending with ``# <-``
must get an ORM101 finding and no other line may.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from orm1_helpers import MODELS, assert_marked, finding_lines, project_findings

FOLLOWED = {
    "collection in for loop": '''
def f(session: Session):
    for user in session.scalars(select(User)):
        print(len(user.posts))  # <-
''',
    "many-to-one": '''
def f(session: Session):
    return [p.author.name for p in session.scalars(select(Post)).all()]  # <-
''',
    "nested path, only first level eager": '''
def f(session: Session):
    stmt = select(User).options(selectinload(User.posts))
    for user in session.scalars(stmt):
        for post in user.posts:
            print(len(post.comments))  # <-
''',
    "statement assembled across assignments": '''
def f(session: Session, name: str):
    stmt = select(User)
    stmt = stmt.where(User.name == name)
    stmt = stmt.order_by(User.id).limit(10)
    users = session.execute(stmt).scalars().all()
    return {u.name: len(u.posts) for u in users}  # <-
''',
    "generator expression and set comprehension": '''
def f(session: Session):
    users = session.scalars(select(User)).all()
    total = sum(len(u.posts) for u in users)  # <-
    titles = {c.id for u in users for p in u.posts for c in p.comments}  # <-
    return total, titles
''',
    "while loop over indexes": '''
def f(session: Session):
    users = session.scalars(select(User)).all()
    i = 0
    while i < len(users):
        print(users[i].posts)  # <-
        i += 1
''',
    "rows unpacked from select of two entities": '''
def f(session: Session):
    for user, post in session.execute(select(User, Post).join(User.posts)):
        print(post.author.name, len(post.comments))  # <-
''',
    "row attribute by entity name, enumerate and zip": '''
def f(session: Session):
    for i, row in enumerate(session.execute(select(User)).all()):
        print(i, row.User.posts)  # <-
    for user, n in zip(session.scalars(select(User)), range(3)):
        print(user.posts)  # <-
''',
    "legacy Query and Flask-style Model.query": '''
def f(session):
    for user in session.query(User).filter(User.name != "").all():
        print(user.posts)  # <-
    for post in Post.query.order_by(Post.id):
        print(post.author)  # <-
''',
    "helper function of the same module": '''
def render(post):
    return {"title": post.title, "by": post.author.name}  # <-


def f(session: Session):
    return [render(p) for p in session.scalars(select(Post))]
''',
    "nested function and map(lambda)": '''
def f(session: Session):
    users = session.scalars(select(User)).all()

    def describe(u):
        return len(u.posts)  # <-

    counts = [describe(u) for u in users]
    return counts, list(map(lambda u: u.posts, users))  # <-
''',
    "sorted key": '''
def f(session: Session):
    return sorted(session.scalars(select(User)).all(), key=lambda u: len(u.posts))  # <-
''',
    "viewonly relationships are still lazy": '''
def f(session: Session):
    return [len(u.drafts) for u in session.scalars(select(User))]  # <-
''',
    "lazyload wildcard overrides lazy=joined": '''
def f(session: Session):
    return [u.teams for u in session.scalars(select(User).options(lazyload("*")))]  # <-
''',
    "a list filtered from the rows": '''
def f(session: Session):
    active = [u for u in session.scalars(select(User)) if u.name]
    for user in active:
        print(user.posts)  # <-
''',
    "only the first read of a relationship loads it": '''
def f(session: Session):
    for user in session.scalars(select(User)):
        if user.posts:  # <-
            print(len(user.posts), [p.title for p in user.posts])
    users = session.scalars(select(User)).all()
    i = 0
    while i < len(users):
        first = users[i].posts  # <-
        again = users[i].posts
        i += 1
    for user in users:
        if user.name:
            print(user.posts)  # <-
        print(user.posts)  # <-
''',
    "populate_existing reloads objects prefetched with eager options": '''
def f(session: Session):
    everyone = session.scalars(select(User).options(selectinload(User.posts))).all()
    for user in session.scalars(select(User).execution_options(populate_existing=True)):
        print(user.posts)  # <-
    some = session.scalars(select(User).where(User.id < 3).options(selectinload(User.drafts)))
    for user in session.scalars(select(User)).all():
        print(user.drafts)  # <-
''',
    "itertools keep the rows, lambdas handed to callbacks are read": '''
import itertools


def f(session: Session):
    for user in itertools.islice(session.scalars(select(User)), 10):
        print(user.posts)  # <-
    for name, group in itertools.groupby(session.scalars(select(User)), key=lambda u: u.name):
        for member in group:
            print(member.posts)  # <-
    return session.run_sync(lambda s: [u.posts for u in s.scalars(select(User))])  # <-
''',
    "replacing a lazy collection loads the old one; setting a many-to-one loads nothing": '''
def f(session: Session, fallback: User):
    users = session.scalars(select(User).where(User.id > 1)).all()
    for user in users:
        user.posts = []  # <-
        print(user.posts)
    for post in session.scalars(select(Post)):
        post.author = fallback
        print(post.author.name)
    for user in users:
        user.badges = []
''',
    "generators, yield_per, match, walrus, module-level scripts": '''
def iter_users(session):
    yield from session.scalars(select(User))


def gen(session: Session):
    for user in iter_users(session):
        print(user.posts)  # <-
    for user in session.scalars(select(User)).yield_per(50):
        print(user.posts)  # <-
    if (first := session.scalars(select(User)).first()) is not None:
        print(first.posts)
    for user in session.scalars(select(User)):
        match user.name:
            case "x":
                print(user.drafts)  # <-


session = Session()
for post in session.scalars(select(Post)):
    print(post.author.name)  # <-
''',
    "dict of rows read per key": '''
def f(session: Session, ids):
    by_id = {u.id: u for u in session.scalars(select(User))}
    for key in ids:
        print(by_id[key].posts)  # <-
''',
}

NOT_FLAGGED = {
    "selectinload": '''
def f(session: Session):
    return [len(u.posts) for u in session.scalars(select(User).options(selectinload(User.posts)))]
''',
    "joinedload/subqueryload/immediateload chained": '''
def f(session: Session):
    opts = [joinedload(User.posts).subqueryload(Post.comments), immediateload(User.drafts)]
    for user in session.scalars(select(User).options(*opts)).unique():
        for post in user.posts:
            print(len(post.comments), len(user.drafts))
''',
    "Load and defaultload": '''
def f(session: Session):
    stmt = select(User).options(Load(User).selectinload(User.posts),
                                defaultload(User.posts).selectinload(Post.comments))
    for user in session.scalars(stmt):
        for post in user.posts:
            print(len(post.comments))
''',
    "wildcard selectinload": '''
def f(session: Session):
    for user in session.scalars(select(User).options(selectinload("*"))):
        print(user.posts, [p.comments for p in user.posts])
''',
    "contains_eager": '''
def f(session: Session):
    stmt = select(Post).join(Post.author).options(contains_eager(Post.author))
    return [p.author.name for p in session.scalars(stmt)]
''',
    "relationship-level eager and noload": '''
def f(session: Session):
    return [(u.badges, u.teams, u.notes) for u in session.scalars(select(User))]
''',
    "options assembled across assignments and branches": '''
def f(session: Session, eager: bool):
    stmt = select(User)
    if eager:
        stmt = stmt.options(selectinload(User.posts))
    else:
        stmt = stmt.options(joinedload(User.posts))
    return [u.posts for u in session.scalars(stmt).unique()]
''',
    "eager options applied by a helper": '''
def with_posts(stmt):
    return stmt.options(selectinload(User.posts))


def f(session: Session):
    return [u.posts for u in session.scalars(with_posts(select(User)))]
''',
    "columns, not relationships": '''
def f(session: Session):
    return [(p.user_id, p.title) for p in session.scalars(select(Post))]
''',
    "one object, read once": '''
def f(session: Session, user_id: int):
    user = session.get(User, user_id)
    first = session.scalars(select(User)).first()
    return user.posts, first.posts
''',
    "many-to-one back to the parent": '''
def f(session: Session):
    for user in session.scalars(select(User).options(selectinload(User.posts))):
        for post in user.posts:
            print(post.author.name)
''',
    "many-to-one to another entity of the row": '''
def f(session: Session):
    for user, post in session.execute(select(User, Post).join(User.posts)):
        print(post.author.name)
''',
    "variable reassigned to something else": '''
def f(session: Session):
    users = session.scalars(select(User)).all()
    users = [u.name for u in users]
    for name in users:
        print(name.posts)
''',
    "objects that are not query results": '''
class Report:
    def __init__(self):
        self.posts = []


def f(reports: list[Report], session: Session):
    for report in [Report(), Report()]:
        print(report.posts)
    for user in reports:
        print(user.posts)
''',
    "write-only, dynamic and raise relationships are other rules": '''
def f(session: Session):
    for user in session.scalars(select(User)):
        user.events.add(Event())
        print(user.logins.count(), user.tokens)
''',
    "every row prefetched with eager options and still held": '''
def f(session: Session):
    everyone = session.scalars(select(User).options(selectinload(User.posts))).all()
    for user in session.scalars(select(User).order_by(User.name)):
        print(user.posts)
    return session.get(User, 1).posts
''',
    "the query pins the foreign key or the primary key, or holds every target": '''
def f(session: Session, uid: int):
    for post in session.scalars(select(Post).where(Post.user_id == uid)):
        print(post.author.name)
    for post in session.scalars(select(Post).filter_by(user_id=uid)):
        print(post.author.name)
    for user in session.scalars(select(User).where(User.id == uid)):
        print(user.posts)
    for user in session.scalars(select(User).limit(1)):
        print(user.posts)
    everyone = session.scalars(select(User)).all()
    return [p.author.name for p in session.scalars(select(Post))]
''',
    "populate_existing with eager loading": '''
def f(session: Session):
    stmt = select(User).options(selectinload(User.posts)).execution_options(
        populate_existing=True)
    return [u.posts for u in session.scalars(stmt)]
''',
    "Flask-style Model.query.options": '''
def f():
    return [len(u.posts) for u in User.query.options(selectinload(User.posts)).all()]
''',
    "async code is ORM103": '''
async def f(session: AsyncSession):
    return [u.posts for u in (await session.scalars(select(User))).all()]
''',
    "options the inference cannot read": '''
def f(session: Session, extra):
    return [u.posts for u in session.scalars(select(User).options(*extra))]
''',
}


@pytest.mark.parametrize("source", list(FOLLOWED.values()), ids=list(FOLLOWED))
def test_lazy_loads_followed(source: str) -> None:
    assert_marked(source, "ORM101")


@pytest.mark.parametrize("source", list(NOT_FLAGGED.values()), ids=list(NOT_FLAGGED))
def test_look_alikes_not_flagged(source: str) -> None:
    assert_marked(source, "ORM101")


def test_property_of_the_model_is_reported_where_it_reads() -> None:
    source = "\ndef f(session: Session):\n" \
             "    return [p.comment_count for p in session.scalars(select(Post))]\n"
    expected = MODELS.split("\n").index("        return len(self.comments)") + 1
    assert finding_lines(source, "ORM101") == [expected]


def test_helper_of_another_module_is_reported_at_the_call(tmp_path: Path) -> None:
    views = ("from sqlalchemy import select\nfrom models import User\n"
             "from helpers import serialize, serialize_eager\n\n\n"
             "def listing(session):\n"
             "    users = session.scalars(select(User)).all()\n"
             "    plain = [serialize(u) for u in users]\n"
             "    return plain, [serialize_eager(session, u.id) for u in users]\n")
    helpers = ("from sqlalchemy import select\nfrom sqlalchemy.orm import selectinload\n"
               "from models import User\n\n\n"
               "def serialize(user):\n    return {'posts': [p.title for p in user.posts]}\n\n\n"
               "def serialize_eager(session, user_id):\n"
               "    stmt = select(User).where(User.id == user_id)\n"
               "    return session.scalars(stmt.options(selectinload(User.posts))).one().posts\n")
    found = project_findings(tmp_path, {"models.py": MODELS, "views.py": views,
                                        "helpers.py": helpers}, "views.py")
    by_code = sorted((f.code, f.range.start.line + 1) for f in found if f.code.startswith("ORM1"))
    assert by_code == [("ORM101", 8), ("ORM102", 9)]
    lazy = next(f for f in found if f.code == "ORM101")
    assert "helpers" in lazy.message
    assert any(r.path.endswith("helpers.py") and r.range.start.line == 6 for r in lazy.related)
    assert lazy.fix is not None


def test_flow_of_bad_input_is_a_clear_error() -> None:
    from analysis.flow import module_flow

    with pytest.raises(TypeError, match="ModuleInfo"):
        module_flow(None, None)


def test_unsaved_helper_text_is_what_the_caller_is_checked_against(tmp_path: Path) -> None:
    from analysis.workspace import Workspace

    repo = ("from sqlalchemy import select\nfrom sqlalchemy.orm import selectinload\n"
            "from models import User\n\n\n"
            "def all_users(session):\n    return session.scalars(select(User)).all()\n")
    views = ("from repo import all_users\n\n\n"
             "def page(session):\n    return [len(u.posts) for u in all_users(session)]\n")
    project_findings(tmp_path, {"models.py": MODELS, "repo.py": repo, "views.py": views},
                     "views.py")
    ws = Workspace(tmp_path)
    ws.index()
    before = [f for f in ws.check(str(tmp_path / "views.py")) if f.code == "ORM101"]
    assert [f.range.start.line + 1 for f in before] == [5]
    assert before[0].fix is not None and not before[0].fix.safe   # it edits repo.py
    edited = Workspace(tmp_path)
    edited.index()
    edited.set_document(tmp_path / "repo.py", repo.replace(
        "select(User)", "select(User).options(selectinload(User.posts))"))
    assert [f for f in edited.check(str(tmp_path / "views.py")) if f.code == "ORM101"] == []
