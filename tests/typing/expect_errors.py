"""Mistakes the typing must catch: each line marked ``# E: <code>`` is an error under mypy --strict,
and no other line is."""
from __future__ import annotations

from orm import Select, create_engine, select

from typing_models import Address, User

u = User()
u.name = 5  # E: assignment
u.id = "1"  # E: assignment
count: int = u.nickname  # E: assignment
email: str = Address().user  # E: assignment
# (inferred first: an annotated target would steer select()'s overloads to the untyped fallback)
ids_stmt = select(User.id)
stmt: Select[tuple[str]] = ids_stmt  # E: assignment
pair_stmt = select(User.id, User.name)
pair: Select[tuple[int]] = pair_stmt  # E: assignment
with create_engine("sqlite://").connect() as conn:
    got_name = conn.execute(select(User.name)).scalar_one()
    name: int = got_name  # E: assignment
    got_ids = conn.scalars(select(User.id)).all()
    ids: list[str] = list(got_ids)  # E: arg-type
    for user_id, user_name in conn.execute(pair_stmt).tuples():
        user_name.upper()
        user_id.upper()  # E: attr-defined
