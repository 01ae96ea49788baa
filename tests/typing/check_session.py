"""Session results are typed after the statement and the entity."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional, assert_type

from orm import Result, Row, ScalarResult, Session, create_engine, select, sessionmaker, text

from typing_models import Address, User

engine = create_engine("sqlite://")
with Session(engine) as session:
    assert_type(session.scalars(select(User)).all(), Sequence[User])
    assert_type(session.scalars(select(User)), ScalarResult[User])
    assert_type(session.scalars(select(User).where(User.name == "ed")).first(), Optional[User])
    assert_type(session.scalars(select(User.name)).one(), str)
    assert_type(session.execute(select(User)).scalars().first(), Optional[User])
    assert_type(session.execute(select(User)).scalar_one(), User)
    assert_type(session.execute(select(User.id, User.name)), Result[tuple[int, str]])
    assert_type(session.execute(select(User.id, User.name)).all(), Sequence[Row[tuple[int, str]]])
    assert_type(session.execute(select(User, Address).join(User.addresses)).tuples().all(),
                Sequence[tuple[User, Address]])
    for row_user, row_address in session.execute(select(User, Address).join(User.addresses)).tuples():
        assert_type(row_user, User)
        assert_type(row_address.email, str)
    assert_type(session.scalar(select(User.id).where(User.name == "ed")), Optional[int])
    assert_type(session.get(User, 1), Optional[User])
    assert_type(session.get_one(Address, 5), Address)
    user = session.get(User, 1)
    if user is not None:
        assert_type(user.addresses, list[Address])
        assert_type(user.addresses[0].user.name, str)
    # statements that are not typed selects stay untyped
    assert_type(session.execute(text("SELECT 1")), Any)

# the factory pattern: sessionmaker() and sessionmaker.begin() give Sessions
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)
with SessionLocal() as session2:
    assert_type(session2, Session)
    assert_type(session2.scalars(select(Address)).all(), Sequence[Address])
with SessionLocal.begin() as session3:
    assert_type(session3.get(User, 1), Optional[User])
