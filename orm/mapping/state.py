"""``InstanceState``: what the ORM knows about one mapped object (``inspect(obj)``)."""
from __future__ import annotations

import weakref
from typing import Any, Optional

from .base import STATE_KEY


class InstanceState:
    """The ORM's bookkeeping for one object: its mapper, identity key, owning session, lifecycle.

    Example::

        state = inspect(User(name="ed"))
        state.transient   # True: not in a session, no identity yet
    """

    __slots__ = ("obj", "class_", "mapper", "key", "session_id", "_deleted", "_detached_flag",
                 "committed_state", "expired_attributes", "__weakref__")

    def __init__(self, obj: Any, mapper: Any) -> None:
        self.obj = weakref.ref(obj)
        self.class_ = type(obj)
        self.mapper = mapper
        self.key: Optional[tuple[Any, ...]] = None  # identity key once persistent
        self.session_id: Optional[int] = None
        self._deleted = False
        self._detached_flag = False
        self.committed_state: dict[str, Any] = {}
        self.expired_attributes: set[str] = set()

    def object_(self) -> Any:
        return self.obj()

    @property
    def object(self) -> Any:  # noqa: A003 - SQLAlchemy's name
        return self.obj()

    @property
    def dict(self) -> dict[str, Any]:  # noqa: A003
        o = self.obj()
        return {} if o is None else o.__dict__

    # -- lifecycle (the Session layer sets key/session_id/_deleted) --------------------------------
    @property
    def transient(self) -> bool:
        return self.key is None and self.session_id is None and not self._detached_flag

    @property
    def pending(self) -> bool:
        return self.key is None and self.session_id is not None

    @property
    def persistent(self) -> bool:
        return self.key is not None and self.session_id is not None and not self._deleted

    @property
    def deleted(self) -> bool:
        return self.key is not None and self.session_id is not None and self._deleted

    @property
    def was_deleted(self) -> bool:
        return self._deleted

    @property
    def detached(self) -> bool:
        return self.key is not None and self.session_id is None

    @property
    def has_identity(self) -> bool:
        return self.key is not None

    @property
    def identity_key(self) -> Optional[tuple[Any, ...]]:
        return self.key

    @property
    def identity(self) -> Optional[tuple[Any, ...]]:
        return None if self.key is None else self.key[1]

    @property
    def unloaded(self) -> set[str]:
        d = self.dict
        return {k for k in self.mapper._props if k not in d}

    @property
    def expired(self) -> bool:
        return bool(self.expired_attributes)

    def __repr__(self) -> str:
        return f"<InstanceState of {self.class_.__name__} at 0x{id(self):x}>"


def instance_state(obj: Any) -> InstanceState:
    from .mapper import _instance_state

    return _instance_state(obj)


__all__ = ["InstanceState", "instance_state", "STATE_KEY"]
