"""select() is generic over the row: one typed position per entity or column."""
from __future__ import annotations

from typing import Any, assert_type

from orm import Select, func, literal, select

from typing_models import Address, User

assert_type(select(User), Select[tuple[User]])
assert_type(select(User.id, User.name), Select[tuple[int, str]])
assert_type(select(User, Address), Select[tuple[User, Address]])
assert_type(select(User.id, User.name, Address.email, User.nickname),
            Select[tuple[int, str, str, str | None]])

# generative methods keep the row type
stmt = (
    select(User.id, User.name)
    .join(User.addresses)
    .where(Address.email.like("%@example.com"))
    .filter_by(email="x")
    .order_by(User.name.desc())
    .group_by(User.id, User.name)
    .having(func.count(Address.id) > 1)
    .limit(10)
    .offset(5)
    .distinct()
)
assert_type(stmt, Select[tuple[int, str]])
assert_type(select(User).outerjoin(Address).join_from(User, Address).select_from(User), Select[tuple[User]])
assert_type(select(User).with_for_update(nowait=True).slice(1, 3), Select[tuple[User]])

# an untyped expression (Any) among the columns widens the row to Any, as in SQLAlchemy
assert_type(select(literal(1), User.id), Select[Any])
n = select(func.count()).select_from(User).scalar_subquery()
assert_type(select(User.id).where(User.id > n), Select[tuple[int]])
