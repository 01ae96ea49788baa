"""ORM102 query-in-loop: statements executed per row, and loops that only look alike."""
from __future__ import annotations

import pytest

from orm1_helpers import assert_marked

CASES = {
    "session.get per row": '''
def f(session: Session):
    for post in session.scalars(select(Post)):
        author = session.get(User, post.user_id)  # <-
''',
    "scalar COUNT per row in a comprehension": '''
def f(session: Session):
    return {u.id: session.scalar(select(func.count(Post.id)).where(Post.user_id == u.id))  # <-
            for u in session.scalars(select(User))}
''',
    "statement built in the loop from the row": '''
def f(session: Session):
    for user in session.scalars(select(User)).all():
        stmt = select(Post).where(Post.user_id == user.id)
        latest = session.scalars(stmt.order_by(Post.id.desc())).first()  # <-
''',
    "legacy first() and count(), Flask Model.query.get": '''
def f(session):
    for user in session.query(User).all():
        session.query(Post).filter(Post.user_id == user.id).first()  # <-
        Post.query.filter_by(user_id=user.id).count()  # <-
    for post in Post.query.all():
        User.query.get(post.user_id)  # <-
''',
    "a query iterated inside the loop": '''
def f(session):
    for user in session.query(User):
        for post in session.query(Post).filter_by(user_id=user.id):  # <-
            print(post.title)
''',
    "raw SELECT with the row's id": '''
def f(session: Session):
    for user in session.scalars(select(User)):
        session.execute(text("SELECT count(*) FROM posts WHERE user_id = :u"), {"u": user.id})  # <-
''',
    "rows of a raw SELECT": '''
def f(session: Session):
    for row in session.execute(text("SELECT id FROM users")):
        session.get(User, row.id)  # <-
''',
    "refresh and merge per row": '''
def f(session: Session):
    users = session.scalars(select(User)).all()
    for user in users:
        session.refresh(user)  # <-
    for user in users:
        session.merge(user)  # <-
        session.merge(user, load=False)
    session.refresh(session.get(User, 1))
''',
    "a row-independent query inside a loop over rows": '''
from functools import lru_cache


@lru_cache
def settings_count(session):
    return session.scalar(select(func.count(User.id)))


def f(session: Session):
    for post in session.scalars(select(Post)):
        total = session.scalar(select(func.count(User.id)))  # <-
        admin = session.get(User, 1)
        cached = settings_count(session)
''',
    "ids taken from rows": '''
def f(session: Session):
    ids = [p.user_id for p in session.scalars(select(Post))]
    return [session.get(User, i) for i in ids]  # <-
''',
    "while loop over a queue of rows": '''
def f(session: Session):
    queue = list(session.scalars(select(User)))
    while queue:
        user = queue.pop()
        session.scalars(select(Post).where(Post.user_id == user.id)).all()  # <-
''',
}

NOT_FLAGGED = {
    "keyset pagination": '''
def f(session: Session):
    last = 0
    while True:
        batch = session.scalars(select(User).where(User.id > last).limit(100)).all()
        if not batch:
            break
        last = batch[-1].id
''',
    "batches with in_()": '''
def f(session: Session, ids: list[int]):
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.scalars(select(User).where(User.id.in_(chunk))).all()
''',
    "the same key every iteration: the identity map answers": '''
def f(session: Session):
    for post in session.scalars(select(Post)):
        admin = session.get(User, 1)
''',
    "a loop that is not over rows": '''
def f(session: Session):
    for attempt in range(3):
        count = session.scalar(select(func.count(User.id)))
''',
    "a fixed list of keys, not rows": '''
def f(session: Session):
    for name in ("alice", "bob"):
        session.scalars(select(User).where(User.name == name)).first()
''',
    "writes per row": '''
from sqlalchemy import update


def f(session: Session):
    for user in session.scalars(select(User)):
        session.execute(update(Post).where(Post.user_id == user.id).values(title="x"))
        session.execute(text("UPDATE posts SET title = 'x' WHERE user_id = :u"), {"u": user.id})
''',
    "dynamic relationship is ORM105": '''
def f(session: Session):
    for user in session.scalars(select(User)):
        user.logins.count()
''',
    "one lookup outside any loop": '''
def f(session: Session, post: Post):
    return session.get(User, post.user_id)
''',
}


@pytest.mark.parametrize("source", list(CASES.values()), ids=list(CASES))
def test_queries_per_row(source: str) -> None:
    assert_marked(source, "ORM102")


@pytest.mark.parametrize("source", list(NOT_FLAGGED.values()), ids=list(NOT_FLAGGED))
def test_look_alikes(source: str) -> None:
    assert_marked(source, "ORM102")



def test_helpers_with_the_same_statement_text_count_once_each(tmp_path) -> None:
    from orm1_helpers import MODELS, project_findings

    helpers = MODELS + """
class Counts:
    @staticmethod
    def posts_of(session, user):
        query = select(func.count()).where(Post.user_id == user.id)
        return session.scalar(query)

    @staticmethod
    def drafts_of(session, user):
        query = select(func.count()).where(Post.user_id == -user.id)
        return session.scalar(query)

    @staticmethod
    def overview(session, users):
        return [(Counts.posts_of(session, u), Counts.drafts_of(session, u)) for u in users]
"""
    view = """
from sqlalchemy import select
from models import Counts, User


def page(session):
    return Counts.overview(session, session.scalars(select(User)).all())
"""
    found = project_findings(tmp_path, {"models.py": helpers, "views.py": view}, "views.py",
                             "ORM102")
    assert len(found) == 1
    assert "runs 2 queries per row" in found[0].message, found[0].message
