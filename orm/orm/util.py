"""``sqlalchemy.orm.util``: aliasing and identity helpers.

Example::

    from orm.orm.util import aliased, identity_key

    a = aliased(User)
    identity_key(User, 5)      # (User, (5,), None)
"""
from __future__ import annotations

from typing import Any

from orm.mapping.base import Mapped, class_mapper, object_mapper
from orm.mapping.util import AliasedClass, AliasedInsp, aliased, with_polymorphic
from orm.session.bundle import Bundle
from orm.session.session import Session

from .base import instance_str, object_state, state_str


def identity_key(class_: Any = None, ident: Any = None, *, instance: Any = None, row: Any = None,
                 identity_token: Any = None) -> tuple[Any, ...]:
    """The identity-map key of a class and primary key, of an instance, or of a row.

    Example::

        identity_key(User, 5) == (User, (5,), None)
    """
    return Session.identity_key(class_, ident, instance=instance, row=row, identity_token=identity_token)


def was_deleted(obj: Any) -> bool:
    """True when ``obj`` was deleted in a flush (and that deletion is still in effect)."""
    return bool(object_state(obj).was_deleted)


def has_identity(obj: Any) -> bool:
    """True when ``obj`` has a primary key identity (persistent or detached)."""
    return bool(object_state(obj).has_identity)


__all__ = [
    "AliasedClass", "AliasedInsp", "Bundle", "Mapped", "aliased", "class_mapper", "has_identity",
    "identity_key", "instance_str", "object_mapper", "object_state", "state_str", "was_deleted",
    "with_polymorphic",
]
