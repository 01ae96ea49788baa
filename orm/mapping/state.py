"""``InstanceState``: what the ORM knows about one mapped object (``inspect(obj)``).

How change tracking works (read this before writing a loader or touching the unit of work):

* Loaded column values live in ``obj.__dict__`` under their attribute key; column attributes are
  non-data descriptors, so reads cost a plain dict lookup.
* Writes of mapped column attributes pass through the mapped class's ``__setattr__`` (installed by
  :mod:`orm.mapping.instrumentation`).  For an object that has an identity (persistent, deleted or
  detached) the first write of an attribute since the last load/flush records the value it had in
  ``state.committed_state[key]`` (``NO_VALUE`` when it was not loaded) and puts the state in its
  session's set of modified states.  Transient and pending objects record nothing: everything in
  their ``__dict__`` is new.
* So ``committed_state`` is **not** a copy of the loaded values: it holds the *original* values of
  the attributes changed since the last load/flush, and nothing else.  An attribute whose key is
  absent is unchanged.  A loader that creates a new object only fills ``obj.__dict__``; a loader
  that refreshes an existing object calls ``state._commit(keys)`` for the keys it wrote (or
  ``state._commit_all()``), which forgets their recorded changes and expiry.
* Relationship attributes are data descriptors (see :mod:`orm.mapping.attributes`): a collection's
  original content is recorded as a tuple the first time it changes, a many-to-one's original
  object the first time it is replaced.
* ``expired_attributes`` holds the column keys removed from ``__dict__`` by expiry; reading any of
  them loads them all (``orm.session.refresh.load_attributes``).

A loader creates the state of a new object with ``InstanceState(obj, mapper)`` stored in
``obj.__dict__[STATE_KEY]``, then sets ``state.key`` and calls ``session._register_loaded(state)``.

The object holds its state (``obj.__dict__``); the state holds its object only weakly
(``state.obj()``, None once collected).  A Session's identity map holds states, so an object the
application drops is garbage collected and its state leaves the map (``_cleanup``); objects with
unflushed changes are kept alive by the map's ``_modified`` (state -> object) until the flush.
"""
from __future__ import annotations

import weakref
from typing import Any, Iterator, NamedTuple, Optional, Sequence

from .base import STATE_KEY


class _NoValue:
    """Marker: an attribute that has no value loaded (distinct from ``None``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Any = _NoValue()

_Dict = dict  # InstanceState has a ``dict`` property: annotations inside it use this name

# what a state's ``obj`` becomes once its object is gone: a reference that answers None
_DEAD_REF = weakref.ref(set())

class _SessionRegistry:
    """session id -> Session, for ``object_session()`` and modification bookkeeping.  Weak: a
    Session nobody references goes away and its objects read as detached.  (A plain dict of weak
    references: ``get`` is on the path of every first change of a persistent object.)"""

    __slots__ = ("_refs",)

    def __init__(self) -> None:
        self._refs: dict[int, Any] = {}

    def __setitem__(self, sid: int, session: Any) -> None:
        refs = self._refs
        self._refs[sid] = weakref.ref(session, lambda _r, sid=sid: refs.pop(sid, None))

    def get(self, sid: int) -> Any:
        ref = self._refs.get(sid)
        return None if ref is None else ref()

    def __contains__(self, sid: object) -> bool:
        ref = self._refs.get(sid)  # type: ignore[arg-type]
        return ref is not None and ref() is not None

    def values(self) -> list[Any]:
        return [s for s in (r() for r in list(self._refs.values())) if s is not None]


_sessions = _SessionRegistry()


class History(NamedTuple):
    """Added, unchanged and deleted values of one attribute since it was loaded.

    Example::

        user.name = "jack"
        inspect(user).attrs.name.history     # History(added=['jack'], unchanged=(), deleted=['ed'])
    """

    added: Sequence[Any]
    unchanged: Sequence[Any]
    deleted: Sequence[Any]

    def empty(self) -> bool:
        return not self.added and not self.deleted and not self.unchanged

    def non_empty(self) -> bool:
        return not self.empty()

    def has_changes(self) -> bool:
        return bool(self.added or self.deleted)

    def sum(self) -> Sequence[Any]:
        return list(self.added or ()) + list(self.unchanged or ()) + list(self.deleted or ())

    def non_added(self) -> Sequence[Any]:
        return list(self.unchanged or ()) + list(self.deleted or ())

    def non_deleted(self) -> Sequence[Any]:
        return list(self.added or ()) + list(self.unchanged or ())


EMPTY_HISTORY = History((), (), ())


def _equal(a: Any, b: Any) -> bool:
    if a is b:
        return True
    try:
        return bool(a == b)
    except Exception:  # values whose == is not a boolean (arrays...): treat as changed
        return False


class InstanceState:
    """The ORM's bookkeeping for one object: its mapper, identity key, owning session, lifecycle,
    and the original values of the attributes changed since the last load or flush.

    Example::

        state = inspect(User(name="ed"))
        state.transient                       # True: not in a session, no identity yet
        session.add(user); state.pending      # True
        session.flush(); state.persistent     # True; state.identity == (1,)
    """

    __slots__ = ("obj", "class_", "mapper", "key", "session_id", "_deleted", "committed_state",
                 "expired_attributes", "modified", "insert_order", "load_options", "load_path", "_parents",
                 "_extra", "__weakref__")

    def __init__(self, obj: Any, mapper: Any) -> None:
        # the loader creates one per row: keep this to the fields every state needs.  The object
        # is referenced weakly (the identity map holds states): see _cleanup
        self.obj = weakref.ref(obj, self._cleanup)
        self.class_ = type(obj)
        self.mapper = mapper
        self.key: Optional[tuple[Any, ...]] = None  # identity key once persistent
        self.session_id: Optional[int] = None
        self._deleted = False          # its DELETE was flushed
        self.committed_state: dict[str, Any] = {}
        self.expired_attributes: set[str] = set()
        self.modified = False
        self.insert_order = 0
        self.load_options: tuple[Any, ...] = ()
        self.load_path: Any = None
        # (relationship, parent state) links for delete-orphan checks: id(prop) -> parent or None
        self._parents: Optional[dict[int, Any]] = None
        self._extra: Optional[dict[str, Any]] = None  # rarely used: info, was_deleted

    @property
    def info(self) -> dict[Any, Any]:
        """A dictionary for the application's own data about this object."""
        extra = self._extra
        if extra is None:
            extra = self._extra = {}
        return extra.setdefault("info", {})  # type: ignore[no-any-return]

    @property
    def _was_deleted(self) -> bool:
        return bool(self._extra and self._extra.get("was_deleted"))

    @_was_deleted.setter
    def _was_deleted(self, value: bool) -> None:
        if self._extra is None:
            self._extra = {}
        self._extra["was_deleted"] = value

    # -- pickling: an object pickles with its identity and pending changes, unpickles detached ------
    def __getstate__(self) -> dict[str, Any]:
        return {"instance": self.obj(), "class_": self.class_, "key": self.key,
                "committed_state": self.committed_state, "expired_attributes": self.expired_attributes,
                "deleted": self._deleted, "modified": self.modified}

    def __setstate__(self, data: dict[str, Any]) -> None:
        from orm import exc

        self.obj = weakref.ref(data["instance"], self._cleanup)
        self.class_ = data["class_"]
        mapper = self.class_.__dict__.get("__mapper__")
        if mapper is None:
            raise exc.UnmappedClassError(self.class_)
        self.mapper = mapper
        self.key = data["key"]
        self.session_id = None
        self._deleted = False
        self.committed_state = data["committed_state"]
        self.expired_attributes = data["expired_attributes"]
        self.modified = data["modified"]
        self.insert_order = 0
        self.load_options = ()
        self.load_path = None
        self._parents = None
        self._extra = {"was_deleted": True} if data["deleted"] else None

    def _cleanup(self, ref: Any) -> None:
        """Weak reference callback: the object was garbage collected.  Its state leaves its
        Session's identity map, and drops the reference (state -> weakref -> this bound method ->
        state) so that it is freed at once rather than by the cycle collector."""
        sid = self.session_id
        if sid is not None and _sessions is not None:  # (module globals vanish at interpreter exit)
            sess = _sessions.get(sid)
            if sess is not None:
                sess._identity_map._gone(self)
        self.obj = _DEAD_REF

    # -- object access ---------------------------------------------------------------------------
    def object_(self) -> Any:
        return self.obj()

    @property
    def object(self) -> Any:  # noqa: A003 - SQLAlchemy's name
        """The mapped object (None once garbage collected)."""
        return self.obj()

    @property
    def dict(self) -> dict[str, Any]:  # noqa: A003
        """The object's ``__dict__``: the loaded attribute values."""
        o = self.obj()
        return {} if o is None else o.__dict__

    # -- lifecycle ---------------------------------------------------------------------------------
    @property
    def transient(self) -> bool:
        """Not in a session and never persisted."""
        return self.key is None and self.session_id is None

    @property
    def pending(self) -> bool:
        """Added to a session, not flushed yet."""
        return self.key is None and self.session_id is not None

    @property
    def persistent(self) -> bool:
        """In a session with a row in the database."""
        return self.key is not None and self.session_id is not None and not self._deleted

    @property
    def deleted(self) -> bool:
        """Its DELETE was flushed; the transaction is not committed yet."""
        return self.key is not None and self.session_id is not None and self._deleted

    @property
    def was_deleted(self) -> bool:
        return self._deleted or self._was_deleted

    @property
    def detached(self) -> bool:
        """Has an identity but belongs to no session."""
        return self.key is not None and self.session_id is None

    @property
    def has_identity(self) -> bool:
        return self.key is not None

    @property
    def identity_key(self) -> Optional[tuple[Any, ...]]:
        return self.key

    @property
    def identity(self) -> Optional[tuple[Any, ...]]:
        """The primary key tuple of a persistent or detached object, else None."""
        return None if self.key is None else self.key[1]

    @property
    def session(self) -> Any:
        """The Session the object belongs to, or None."""
        sid = self.session_id
        return None if sid is None else _sessions.get(sid)

    @property
    def async_session(self) -> Any:
        sess = self.session
        return None if sess is None else getattr(sess, "_proxied_async", None)

    @property
    def is_instance(self) -> bool:
        return True

    # -- attribute status --------------------------------------------------------------------------
    @property
    def unloaded(self) -> set[str]:
        """Keys of mapped attributes with no loaded value (expired, deferred or never loaded)."""
        d = self.dict
        return {k for k in self.mapper._props if k not in d}

    @property
    def unloaded_expirable(self) -> set[str]:
        return self.unloaded

    @property
    def expired(self) -> bool:
        return bool(self.expired_attributes)

    @property
    def unmodified(self) -> set[str]:
        """Keys of mapped attributes with no recorded change."""
        return set(self.mapper._props) - set(self.committed_state)

    def unmodified_intersection(self, keys: Any) -> set[str]:
        return set(keys) & self.unmodified

    @property
    def attrs(self) -> "_AttrStates":
        """Per-attribute views: ``inspect(obj).attrs.name.value / .history / .loaded_value``."""
        return _AttrStates(self)

    @property
    def callables(self) -> _Dict[str, Any]:
        return {}

    # -- change tracking ---------------------------------------------------------------------------
    def _modified_event(self) -> None:
        """First recorded change since load/flush: join the session's modified set."""
        self.modified = True
        sid = self.session_id
        if sid is not None:
            sess = _sessions.get(sid)
            if sess is not None:
                sess._identity_map._modified.add(self)

    def _record(self, key: str, d: _Dict[str, Any]) -> None:
        """Remember ``key``'s current value as its original one (first change only)."""
        cs = self.committed_state
        if key not in cs:
            cs[key] = d.get(key, NO_VALUE)
            # a value set by the user is not loaded over when the other expired attributes load
            self.expired_attributes.discard(key)
            if not self.modified:
                self._modified_event()

    def _commit(self, keys: Any) -> None:
        """The values of ``keys`` in ``__dict__`` are now the database's (loaded or flushed)."""
        cs = self.committed_state
        exp = self.expired_attributes
        for k in keys:
            cs.pop(k, None)
            exp.discard(k)
        if not cs and self.modified:
            self._clear_modified()

    def _commit_all(self) -> None:
        """Every loaded value is now the database's: forget recorded changes and expiry."""
        self.committed_state.clear()
        self.expired_attributes.clear()
        if self.modified:
            self._clear_modified()

    def _clear_modified(self) -> None:
        self.modified = False
        sid = self.session_id
        if sid is not None:
            sess = _sessions.get(sid)
            if sess is not None:
                sess._identity_map._modified.discard(self)

    def _expire(self, keys: Optional[Any] = None) -> None:
        """Forget loaded values so the next read loads them again: all mapped attributes, or
        ``keys``.  Pending changes of those attributes are discarded."""
        obj = self.obj()
        if obj is None:
            return
        d = obj.__dict__
        if keys is None:
            prop_keys, loadable, deferred = _expire_info(self.mapper)
            for k in prop_keys:
                if k in d:
                    if k in deferred:
                        self.expired_attributes.add(k)
                    del d[k]
            self.expired_attributes.update(loadable)
            if self.committed_state:
                self.committed_state.clear()
            self._parents = None
            if self.modified:
                self._clear_modified()
        else:
            col_keys = _column_keys(self.mapper)
            props = self.mapper._props
            for k in keys:
                if k in d:
                    del d[k]
                # an expired query_expression() reads None: nothing loads it again on its own
                if k in col_keys and not getattr(props[k], "is_query_expression", False):
                    self.expired_attributes.add(k)
                self.committed_state.pop(k, None)
            if not self.committed_state and self.modified:
                self._clear_modified()

    def _set_loaded(self, key: str, value: Any) -> Any:
        """Store a value loaded for relationship or column ``key`` (collections are wrapped in
        the relationship's instrumented collection class) as the committed value; returns what
        was stored.  Loader strategies call this for lazy and eager loads alike."""
        obj = self.obj()
        prop = self.mapper._props[key]
        if getattr(prop, "is_relationship", False) and prop.uselist:
            from .collections import adapt_loaded

            value = adapt_loaded(prop, self, value)
        if obj is not None:
            obj.__dict__[key] = value
        self.committed_state.pop(key, None)
        self.expired_attributes.discard(key)
        return value

    def _detach(self) -> None:
        self.session_id = None
        self.modified = bool(self.committed_state)

    # -- history -----------------------------------------------------------------------------------
    def _history(self, key: str) -> History:
        prop = self.mapper._props.get(key)
        if prop is None:
            return EMPTY_HISTORY
        d = self.dict
        if getattr(prop, "is_relationship", False):
            return _relationship_history(self, prop, d)
        if getattr(prop, "is_composite", False):  # composite(): from the histories of its columns
            return prop.get_history(self)  # type: ignore[no-any-return]
        current = d.get(key, NO_VALUE)
        if self.key is None:
            return History([current], (), ()) if current is not NO_VALUE else EMPTY_HISTORY
        cs = self.committed_state
        if key in cs:
            original = cs[key]
            if original is NO_VALUE:
                return History([current], (), ()) if current is not NO_VALUE else EMPTY_HISTORY
            if current is NO_VALUE:
                return History((), (), [original])
            if _equal(original, current):
                return History((), [current], ())
            return History([current], (), [original])
        if current is NO_VALUE:
            return EMPTY_HISTORY
        return History((), [current], ())

    def _column_changes(self, d: _Dict[str, Any]) -> _Dict[str, Any]:
        """{key: new value} of the column attributes whose value really differs from the original."""
        out = {}
        col_keys = _column_keys(self.mapper)
        for key, original in self.committed_state.items():
            if key not in col_keys:
                continue
            current = d.get(key, NO_VALUE)
            if original is not NO_VALUE and current is not NO_VALUE and _equal(original, current):
                continue
            out[key] = None if current is NO_VALUE else current
        return out

    def __repr__(self) -> str:
        return f"<InstanceState of {self.class_.__name__} at 0x{id(self):x}>"


def _relationship_history(state: InstanceState, prop: Any, d: dict[str, Any]) -> History:
    # shapes as SQLAlchemy's: lists for a collection's history, [None] when a reference was unset
    key = prop.key
    current = d.get(key, NO_VALUE)
    cs = state.committed_state
    if prop.uselist:
        from .collections import collection_items

        items = collection_items(current)
        if state.key is None:
            return History(items, [], []) if current is not NO_VALUE else EMPTY_HISTORY
        if key in cs:
            original = cs[key]
            orig_items = [] if original is NO_VALUE else list(original)
            orig_ids = {id(o) for o in orig_items}
            cur_ids = {id(o) for o in items}
            added = [o for o in items if id(o) not in orig_ids]
            unchanged = [o for o in items if id(o) in orig_ids]
            deleted = [o for o in orig_items if id(o) not in cur_ids]
            return History(added, unchanged, deleted)
        return History((), items, ()) if current is not NO_VALUE else EMPTY_HISTORY
    if current is NO_VALUE:
        original = cs.get(key, NO_VALUE)
        return History((), (), [original]) if original not in (NO_VALUE, None) else EMPTY_HISTORY
    if state.key is None:
        return History([current], (), ())
    if key in cs:
        original = cs[key]
        if original is current:
            return History((), [current] if current is not None else (), ())
        return History([current], (), [original] if original is not NO_VALUE and original is not None else ())
    return History((), [current] if current is not None else (), ())


def _expire_info(mapper: Any) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """(every property key, non-deferred column keys, deferred column keys) of a mapper, cached:
    what a full expiry removes and marks expired."""
    cached = mapper.__dict__.get("_orm_expire_info")
    if cached is not None and cached[0] == len(mapper._props):
        return cached[1]  # type: ignore[no-any-return]
    props = mapper._props
    cols = [k for k, p in props.items() if getattr(p, "is_column", False)]
    info = (tuple(props), tuple(k for k in cols if not props[k].deferred),
            frozenset(k for k in cols if props[k].deferred))
    mapper._orm_expire_info = (len(props), info)
    return info


def _column_keys(mapper: Any) -> frozenset[str]:
    """Keys of the mapper's column properties (cached on the mapper)."""
    cached = mapper.__dict__.get("_orm_column_keys")
    if cached is not None and cached[0] == len(mapper._props):
        return cached[1]  # type: ignore[no-any-return]
    keys = frozenset(k for k, p in mapper._props.items() if getattr(p, "is_column", False))
    mapper._orm_column_keys = (len(mapper._props), keys)
    return keys


class AttributeState:
    """One attribute of one object, seen through ``inspect(obj).attrs.<key>``.

    Example::

        inspect(user).attrs.name.value           # the current value (loads it if needed)
        inspect(user).attrs.name.history         # History(added, unchanged, deleted)
    """

    __slots__ = ("state", "key")

    def __init__(self, state: InstanceState, key: str) -> None:
        self.state = state
        self.key = key

    @property
    def value(self) -> Any:
        obj = self.state.obj()
        return getattr(obj, self.key)

    @property
    def loaded_value(self) -> Any:
        return self.state.dict.get(self.key, NO_VALUE)

    @property
    def history(self) -> History:
        """Changes since the last flush, without loading anything."""
        return self.state._history(self.key)

    def load_history(self) -> History:
        """Like ``history``, loading the attribute first when it is not loaded."""
        if self.key not in self.state.dict and self.state.key is not None:
            self.value  # noqa: B018 - triggers the load
        return self.state._history(self.key)

    @property
    def impl(self) -> Any:
        return self.state.mapper._props[self.key]

    def __repr__(self) -> str:
        return f"<AttributeState {self.state.class_.__name__}.{self.key}>"


class _AttrStates:
    """``inspect(obj).attrs``: AttributeState per mapped attribute key."""

    __slots__ = ("_state",)

    def __init__(self, state: InstanceState) -> None:
        self._state = state

    def __getattr__(self, key: str) -> AttributeState:
        if key.startswith("__") or key not in self._state.mapper._props:
            raise AttributeError(key)
        return AttributeState(self._state, key)

    def __getitem__(self, key: str) -> AttributeState:
        if key not in self._state.mapper._props:
            raise KeyError(key)
        return AttributeState(self._state, key)

    def __contains__(self, key: object) -> bool:
        return key in self._state.mapper._props

    def __iter__(self) -> Iterator[AttributeState]:
        return iter([AttributeState(self._state, k) for k in self._state.mapper._props])

    def __len__(self) -> int:
        return len(self._state.mapper._props)

    def keys(self) -> list[str]:
        return list(self._state.mapper._props)

    def items(self) -> list[tuple[str, AttributeState]]:
        return [(k, AttributeState(self._state, k)) for k in self._state.mapper._props]

    def values(self) -> list[AttributeState]:
        return list(self)


def instance_state(obj: Any) -> InstanceState:
    """The InstanceState of a mapped object (``UnmappedInstanceError`` otherwise)."""
    from .mapper import _instance_state

    return _instance_state(obj)  # type: ignore[no-any-return]


def instance_dict(obj: Any) -> dict[str, Any]:
    return obj.__dict__  # type: ignore[no-any-return]


__all__ = ["InstanceState", "AttributeState", "History", "NO_VALUE", "instance_state", "instance_dict",
           "STATE_KEY"]
