"""Mapped attributes: plain values on instances, SQL expressions on the class."""
from __future__ import annotations

from datetime import datetime
from typing import Optional, assert_type

from orm import AliasedClass, Select, aliased, select
from orm.mapping import Mapped
from orm.sql import ColumnElement

from typing_models import Address, User

u = User(name="ed")
assert_type(u.id, int)
assert_type(u.name, str)
assert_type(u.nickname, Optional[str])
assert_type(u.created, datetime)
assert_type(u.addresses, list[Address])
assert_type(Address().user, User)
assert_type(u.display, str)

u.name = "wendy"
u.nickname = None
u.addresses.append(Address(email="e@x"))

# on the class: SQL expressions typed after the column
assert_type(User.id, Mapped[int])
assert_type(User.name.label("n"), ColumnElement[str])
assert_type(User.addresses.any(Address.email.like("%@x")), ColumnElement[bool])
assert_type(Address.user.has(User.name == "ed"), ColumnElement[bool])
criteria = [User.name == "ed", User.id.in_([1, 2]), User.nickname.is_(None), User.name.like("e%")]

# aliased entities select their class's objects
ua = aliased(User, name="u")
assert_type(ua, AliasedClass[User])
assert_type(select(ua), Select[tuple[User]])
assert_type(select(User, ua).join(User.addresses), Select[tuple[User, User]])
