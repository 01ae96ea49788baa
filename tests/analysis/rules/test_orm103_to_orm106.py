"""ORM103 (async lazy load), ORM104 (raise loaders), ORM105 (dynamic per row), ORM106 (deferred
column per row): the inference facts each rule reports, and what it leaves alone."""
from __future__ import annotations

import pytest

from orm1_helpers import assert_marked

ASYNC = {
    "lazy load after await session.get, outside any loop": '''
async def f(session: AsyncSession):
    user = await session.get(User, 1)
    return user.posts  # <-
''',
    "lazy load on rows of an awaited execute": '''
async def f(session: AsyncSession):
    result = await session.execute(select(Post))
    return [p.author.name for p in result.scalars()]  # <-
''',
    "deferred column on an async object": '''
async def f(session: AsyncSession):
    user = (await session.scalars(select(User))).first()
    return user.bio  # <-
''',
    "eager options, awaitable_attrs, refresh with names": '''
async def f(session: AsyncSession):
    user = (await session.scalars(select(User).options(selectinload(User.posts)))).one()
    other = await session.get(User, 2)
    await other.awaitable_attrs.posts
    third = await session.get(User, 3)
    await session.refresh(third, ["posts"])
    return user.posts, other.posts, third.posts, user.badges
''',
    "many-to-one back to the loaded parent": '''
async def f(session: AsyncSession):
    user = (await session.scalars(select(User).options(selectinload(User.posts)))).one()
    return [p.author.name for p in user.posts]
''',
    "a sync Session in async code is not an AsyncSession": '''
async def f(session: Session):
    return session.get(User, 1).posts
''',
}

RAISE = {
    "lazy=raise on the model": '''
def f(session: Session):
    user = session.get(User, 1)
    return user.tokens  # <-
''',
    "raiseload on the query": '''
def f(session: Session):
    return [p.author for p in session.scalars(select(Post).options(raiseload(Post.author)))]  # <-
''',
    "unbound raiseload('*') reaches nested levels": '''
def f(session: Session):
    stmt = select(User).options(raiseload("*"), selectinload(User.posts))
    return [len(p.comments) for u in session.scalars(stmt) for p in u.posts]  # <-
''',
    "Load(User).raiseload('*') stays at its level": '''
def f(session: Session):
    stmt = select(User).options(Load(User).raiseload("*"), selectinload(User.posts))
    return [len(p.comments) for u in session.scalars(stmt) for p in u.posts]
''',
    "an explicit eager load overrides raise": '''
def f(session: Session):
    stmt = select(User).options(selectinload(User.tokens), raiseload("*"))
    return [u.tokens for u in session.scalars(stmt)]
''',
    "raise_on_sql many-to-one found in the identity map": '''
def f(session: Session):
    stmt = select(User).options(
        selectinload(User.posts).raiseload(Post.author, sql_only=True))
    return [p.author for u in session.scalars(stmt) for p in u.posts]
''',
}

DYNAMIC = {
    "dynamic count per row": '''
def f(session: Session):
    return [u.logins.count() for u in session.scalars(select(User))]  # <-
''',
    "iterating a dynamic relationship per row": '''
def f(session: Session):
    for user in session.query(User):
        for login in user.logins:  # <-
            print(login.id)
''',
    "write-only select executed per row": '''
def f(session: Session):
    for user in session.scalars(select(User)):
        session.scalars(user.events.select()).all()  # <-
''',
    "one object, and write-only add": '''
def f(session: Session):
    user = session.get(User, 1)
    n = user.logins.count()
    for other in session.scalars(select(User)):
        other.events.add(Event())
        other.logins.append(Login())
''',
}

DEFERRED = {
    "deferred column per row": '''
def f(session: Session):
    return [u.bio for u in session.scalars(select(User))]  # <-
''',
    "defer() and load_only() on the query": '''
def f(session: Session):
    for post in session.scalars(select(Post).options(defer(Post.body))):
        print(post.body)  # <-
    for post in session.scalars(select(Post).options(load_only(Post.title))):
        print(post.title, post.id, post.body)  # <-
''',
    "nested objects with load_only on the path": '''
def f(session: Session):
    stmt = select(User).options(selectinload(User.posts).load_only(Post.title))
    return [p.body for u in session.scalars(stmt) for p in u.posts]  # <-
''',
    "undefer, and one object": '''
def f(session: Session):
    bios = [u.bio for u in session.scalars(select(User).options(undefer(User.bio)))]
    return bios, session.get(User, 1).bio
''',
}


@pytest.mark.parametrize("source", list(ASYNC.values()), ids=list(ASYNC))
def test_orm103(source: str) -> None:
    assert_marked(source, "ORM103")


@pytest.mark.parametrize("source", list(RAISE.values()), ids=list(RAISE))
def test_orm104(source: str) -> None:
    assert_marked(source, "ORM104")


@pytest.mark.parametrize("source", list(DYNAMIC.values()), ids=list(DYNAMIC))
def test_orm105(source: str) -> None:
    assert_marked(source, "ORM105")


@pytest.mark.parametrize("source", list(DEFERRED.values()), ids=list(DEFERRED))
def test_orm106(source: str) -> None:
    assert_marked(source, "ORM106")
