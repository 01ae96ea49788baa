"""``IdentityMap``: one object per database row within a Session.

Keys are identity keys ``(base mapped class, primary key tuple, identity token)``.  The map holds
the objects strongly (a Session keeps what it loaded until ``close()``/``expunge()``), and keeps
apart the states with recorded changes (``_modified``), which is all a flush has to look at.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional

from orm import exc
from orm.mapping.base import STATE_KEY


class IdentityMap:
    """Identity key -> object.

    Example::

        key = inspect(User).identity_key_from_primary_key((5,))
        session.identity_map.get(key)        # the User with id 5, if the session holds it
    """

    __slots__ = ("_dict", "_modified")

    def __init__(self) -> None:
        self._dict: dict[tuple[Any, ...], Any] = {}
        self._modified: set[Any] = set()  # InstanceStates with recorded changes

    # -- lookups ---------------------------------------------------------------------------------
    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        """The object with this identity key, or ``default``."""
        return self._dict.get(key, default)

    def __getitem__(self, key: tuple[Any, ...]) -> Any:
        return self._dict[key]

    def __contains__(self, key: object) -> bool:
        return key in self._dict

    def contains_state(self, state: Any) -> bool:
        key = state.key
        return key is not None and self._dict.get(key) is state.obj()

    def __len__(self) -> int:
        return len(self._dict)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(list(self._dict))

    def keys(self) -> list[tuple[Any, ...]]:
        return list(self._dict)

    def values(self) -> list[Any]:
        """The objects."""
        return list(self._dict.values())

    def items(self) -> list[tuple[tuple[Any, ...], Any]]:
        return list(self._dict.items())

    def all_states(self) -> list[Any]:
        return [o.__dict__[STATE_KEY] for o in self._dict.values()]

    def fast_get_state(self, key: tuple[Any, ...]) -> Optional[Any]:
        obj = self._dict.get(key)
        return None if obj is None else obj.__dict__[STATE_KEY]

    # -- changes ---------------------------------------------------------------------------------
    def add(self, state: Any) -> bool:
        """Put a persistent state in the map; a different object with the same key is an error."""
        key = state.key
        obj = state.obj()
        existing = self._dict.get(key)
        if existing is not None and existing is not obj:
            raise exc.InvalidRequestError(
                f"Can't attach instance {_repr(obj)}; another instance with key {key!r} is already "
                "present in this session."
            )
        self._dict[key] = obj
        if state.modified:
            self._modified.add(state)
        return existing is None

    def _add_unpresent(self, state: Any, key: tuple[Any, ...]) -> None:
        """Loader fast path: ``key`` is known to be absent."""
        self._dict[key] = state.obj()

    def replace(self, state: Any) -> Any:
        key = state.key
        old = self._dict.get(key)
        self._dict[key] = state.obj()
        if state.modified:
            self._modified.add(state)
        return None if old is None else old.__dict__[STATE_KEY]

    def discard(self, state: Any) -> None:
        key = state.key
        if key is not None and self._dict.get(key) is state.obj():
            del self._dict[key]
        self._modified.discard(state)

    def safe_discard(self, state: Any) -> None:
        self.discard(state)

    def clear(self) -> None:
        self._dict.clear()
        self._modified.clear()

    def check_modified(self) -> bool:
        return bool(self._modified)

    def __repr__(self) -> str:
        return f"<IdentityMap {len(self._dict)} objects>"


def _repr(obj: Any) -> str:
    return f"<{type(obj).__name__} at 0x{id(obj):x}>"


class IdentitySet:
    """A set of objects compared by identity (``session.new``, ``.dirty``, ``.deleted``)."""

    def __init__(self, objects: Iterable[Any] = ()) -> None:
        self._members = {id(o): o for o in objects}

    def __contains__(self, obj: object) -> bool:
        return id(obj) in self._members

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._members.values()))

    def __len__(self) -> int:
        return len(self._members)

    def __bool__(self) -> bool:
        return bool(self._members)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdentitySet):
            return set(self._members) == set(other._members)
        if isinstance(other, (set, frozenset, list, tuple)):
            return set(self._members) == {id(o) for o in other}
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IdentitySet({list(self._members.values())!r})"
