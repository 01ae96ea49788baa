"""Results are typed after the statement: rows as the select's tuple, scalars as its column."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional, assert_type

from orm import Row, ScalarResult, create_engine, select, text

from typing_models import Address, User

engine = create_engine("sqlite://")
with engine.connect() as conn:
    result = conn.execute(select(User.id, User.name))
    rows = result.all()
    assert_type(rows, Sequence[Row[tuple[int, str]]])
    assert_type(rows[0]._tuple(), tuple[int, str])
    assert_type(rows[0]._t, tuple[int, str])
    assert_type(conn.execute(select(User.id, User.name)).tuples().all(), Sequence[tuple[int, str]])
    for user_id, name in conn.execute(select(User.id, User.name)).tuples():
        assert_type(user_id, int)
        assert_type(name, str)
    assert_type(conn.execute(select(User.id, User.name)).first(), Optional[Row[tuple[int, str]]])
    assert_type(conn.execute(select(User.id, User.name)).one(), Row[tuple[int, str]])
    assert_type(conn.execute(select(Address.email)).scalars(), ScalarResult[str])
    assert_type(conn.execute(select(Address.email)).scalars().all(), Sequence[str])
    assert_type(conn.execute(select(Address.email)).scalar_one(), str)
    assert_type(conn.execute(select(Address.email)).scalar(), Optional[str])
    assert_type(conn.scalar(select(User.id)), Optional[int])
    assert_type(conn.scalars(select(User.nickname)).first(), Optional[str])
    # untyped statements give Any rows
    assert_type(conn.execute(text("SELECT 1")).all(), Sequence[Row[Any]])
