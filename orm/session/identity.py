"""``IdentityMap``: one object per database row within a Session.

Keys are identity keys ``(base mapped class, primary key tuple, identity token)``.  The map is
*weak*, as SQLAlchemy's: it holds each object's InstanceState, and the state holds its object
only through a weak reference, so an object the application no longer references is garbage
collected and leaves the map (``InstanceState._cleanup``).  Objects with changes not flushed yet
are held strongly until the flush (``_modified``: state -> object); pending and deleted ones are
held by the Session's own ``_new`` / ``_deleted``.  So loading rows with ``yield_per`` and
dropping each object after use keeps memory flat, and nothing with unsaved changes is lost.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional

from orm import exc


class _ModifiedStates(dict):  # type: ignore[type-arg]
    """The states with recorded changes, each holding its object strongly (state -> object) until
    the flush commits or the changes are discarded.  Used like a set of states."""

    __slots__ = ()

    def add(self, state: Any) -> None:
        self[state] = state.obj()

    def discard(self, state: Any) -> None:
        self.pop(state, None)

    def difference_update(self, states: Iterable[Any]) -> None:
        pop = self.pop
        for st in states:
            pop(st, None)


class IdentityMap:
    """Identity key -> object (weakly held).

    Example::

        key = inspect(User).identity_key_from_primary_key((5,))
        session.identity_map.get(key)        # the User with id 5, if the session holds it
    """

    __slots__ = ("_dict", "_modified")

    def __init__(self) -> None:
        # identity key -> InstanceState; a state leaves when its object is garbage collected
        self._dict: dict[tuple[Any, ...], Any] = {}
        self._modified: _ModifiedStates = _ModifiedStates()  # InstanceStates with recorded changes

    # -- lookups ---------------------------------------------------------------------------------
    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        """The object with this identity key, or ``default``."""
        st = self._dict.get(key)
        if st is None:
            return default
        obj = st.obj()
        return default if obj is None else obj

    def __getitem__(self, key: tuple[Any, ...]) -> Any:
        obj = self._dict[key].obj()
        if obj is None:
            raise KeyError(key)
        return obj

    def __contains__(self, key: object) -> bool:
        st = self._dict.get(key)  # type: ignore[arg-type]
        return st is not None and st.obj() is not None

    def contains_state(self, state: Any) -> bool:
        key = state.key
        return key is not None and self._dict.get(key) is state

    def __len__(self) -> int:
        return len(self._dict)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(list(self._dict))

    def keys(self) -> list[tuple[Any, ...]]:
        return list(self._dict)

    def values(self) -> list[Any]:
        """The objects."""
        return [o for o in (st.obj() for st in list(self._dict.values())) if o is not None]

    def items(self) -> list[tuple[tuple[Any, ...], Any]]:
        out = []
        for key, st in list(self._dict.items()):
            obj = st.obj()
            if obj is not None:
                out.append((key, obj))
        return out

    def all_states(self) -> list[Any]:
        return list(self._dict.values())

    def fast_get_state(self, key: tuple[Any, ...]) -> Optional[Any]:
        return self._dict.get(key)

    # -- changes ---------------------------------------------------------------------------------
    def add(self, state: Any) -> bool:
        """Put a persistent state in the map; a different live object with the same key is an
        error."""
        key = state.key
        existing = self._dict.get(key)
        if existing is not None and existing is not state and existing.obj() is not None:
            raise exc.InvalidRequestError(
                f"Can't attach instance {_repr(state.obj())}; another instance with key {key!r} is "
                "already present in this session."
            )
        self._dict[key] = state
        if state.modified:
            self._modified.add(state)
        return existing is None

    def _add_unpresent(self, state: Any, key: tuple[Any, ...]) -> None:
        """Loader fast path: ``key`` is known to be absent."""
        self._dict[key] = state

    def replace(self, state: Any) -> Any:
        key = state.key
        old = self._dict.get(key)
        self._dict[key] = state
        if state.modified:
            self._modified.add(state)
        return old

    def discard(self, state: Any) -> None:
        key = state.key
        if key is not None and self._dict.get(key) is state:
            del self._dict[key]
        self._modified.discard(state)

    def safe_discard(self, state: Any) -> None:
        self.discard(state)

    def _gone(self, state: Any) -> None:
        """``state``'s object was garbage collected (it had no unflushed changes)."""
        key = state.key
        if key is not None and self._dict.get(key) is state:
            del self._dict[key]

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
