"""Instrumented collections for one-to-many and many-to-many relationships: lists, sets and
dictionaries keyed by an attribute of their values.

A collection knows its owner's state and relationship.  Each change (``append``, ``remove``,
``add``, ``coll[k] = v``...) records the original content once (for the flush and for
``inspect(obj).attrs.x.history``), keeps the other side of a bidirectional relationship in step,
cascades new members into the owner's session and fires ``append``/``remove`` attribute events.

Example::

    class Item(Base):
        notes: Mapped[dict[str, "Note"]] = relationship(
            collection_class=attribute_keyed_dict("keyword"), cascade="all, delete-orphan")

    item.notes["color"] = Note(keyword="color", text="blue")
"""
from __future__ import annotations

import operator
from typing import Any, Callable, Iterable, Optional

from .base import STATE_KEY
from .state import NO_VALUE


class _CollectionMixin:
    """Bookkeeping shared by the list, set and dict collections."""

    __slots__ = ()
    _sa_state: Any
    _sa_prop: Any

    def __getattr__(self, name: str) -> Any:
        # an unpickled collection finds its owner's state on first use (the owner's __dict__ is
        # not complete yet while the collection is being rebuilt)
        if name == "_sa_state":
            try:
                ref = object.__getattribute__(self, "_sa_owner_ref")
            except AttributeError:
                raise AttributeError(name) from None
            owner = ref()
            st = None if owner is None else owner.__dict__.get(STATE_KEY)
            object.__setattr__(self, "_sa_state", st)
            return st
        raise AttributeError(name)

    # -- members -----------------------------------------------------------------------------------
    def _sa_items(self) -> list[Any]:
        return list(self)  # type: ignore[call-overload]

    def _sa_contains(self, item: Any) -> bool:
        return any(x is item for x in self._sa_items())

    # -- change bookkeeping -------------------------------------------------------------------------
    def _sa_before_change(self) -> None:
        st = self._sa_state
        if st is not None and st.key is not None:
            key = self._sa_prop.key
            cs = st.committed_state
            if key not in cs:
                cs[key] = tuple(self._sa_items())
                if not st.modified:
                    st._modified_event()

    def _sa_incoming(self, item: Any, from_backref: bool = False) -> Any:
        """Validator and ``append`` listeners may replace the value; type check."""
        from . import relationship_sync as sync

        prop = self._sa_prop
        sync.check_target(prop, item)
        attr = prop.class_attribute if prop.parent is not None else None
        if attr is not None:
            validator = attr._validator
            if validator is not None and (not from_backref or _include_backrefs(validator)):
                item = validator(self._sa_owner(), prop.key, item)
            if attr._listeners is not None:
                from orm.session.events import fire_append

                item = fire_append(attr, self._sa_owner(), item, from_backref)
        return item

    def _sa_owner(self) -> Any:
        st = self._sa_state
        return None if st is None else st.obj()

    def _sa_added(self, item: Any, from_backref: bool = False) -> None:
        from . import relationship_sync as sync

        sync.collection_added(self._sa_prop, self._sa_state, item, from_backref)

    def _sa_removed(self, item: Any, from_backref: bool = False) -> None:
        from . import relationship_sync as sync

        prop = self._sa_prop
        attr = prop.class_attribute
        if attr._listeners is not None:
            from orm.session.events import fire_remove

            fire_remove(attr, self._sa_owner(), item, from_backref)
        if attr._validator is not None and _include_removes(attr._validator):
            attr._validator(self._sa_owner(), prop.key, item, True)
        sync.collection_removed(prop, self._sa_state, item, from_backref)

    # -- entry points for the other side of a bidirectional relationship ----------------------------
    def _sa_append_from_backref(self, item: Any) -> None:
        raise NotImplementedError

    def _sa_remove_from_backref(self, item: Any) -> None:
        raise NotImplementedError


def _include_backrefs(validator: Any) -> bool:
    opts = getattr(validator, "__orm_validates__", None)
    return True if opts is None else bool(opts[1].get("include_backrefs", True))


def _include_removes(validator: Any) -> bool:
    opts = getattr(getattr(validator, "__func__", validator), "__orm_validates__", None)
    return False if opts is None else bool(opts[1].get("include_removes", False))


class InstrumentedList(_CollectionMixin, list):  # type: ignore[type-arg]
    """The list of a one-to-many / many-to-many relationship (the default collection)."""

    __slots__ = ("_sa_state", "_sa_prop", "_sa_owner_ref")

    def append(self, item: Any) -> None:
        item = self._sa_incoming(item)
        self._sa_before_change()
        list.append(self, item)
        self._sa_added(item)

    def extend(self, items: Iterable[Any]) -> None:
        for item in list(items):
            self.append(item)

    def __iadd__(self, items: Iterable[Any]) -> "InstrumentedList":  # type: ignore[override,misc]
        self.extend(items)
        return self

    def insert(self, index: Any, item: Any) -> None:
        item = self._sa_incoming(item)
        self._sa_before_change()
        list.insert(self, index, item)
        self._sa_added(item)

    def remove(self, item: Any) -> None:
        for i, x in enumerate(self):
            if x is item or x == item:
                self._sa_before_change()
                list.__delitem__(self, i)
                self._sa_removed(x)
                return
        raise ValueError(f"{item!r} is not in the collection")

    def pop(self, index: Any = -1) -> Any:
        self._sa_before_change()
        item = list.pop(self, index)
        self._sa_removed(item)
        return item

    def clear(self) -> None:
        items = list(self)
        if not items:
            return
        self._sa_before_change()
        list.clear(self)
        for item in items:
            self._sa_removed(item)

    def __setitem__(self, index: Any, value: Any) -> None:
        if isinstance(index, slice):
            old = list.__getitem__(self, index)
            new = [self._sa_incoming(v) for v in value]
            self._sa_before_change()
            list.__setitem__(self, index, new)
            for item in old:
                if not any(item is n for n in new):
                    self._sa_removed(item)
            for item in new:
                if not any(item is o for o in old):
                    self._sa_added(item)
            return
        old = list.__getitem__(self, index)
        if old is value:
            return
        value = self._sa_incoming(value)
        self._sa_before_change()
        list.__setitem__(self, index, value)
        self._sa_removed(old)
        self._sa_added(value)

    def __delitem__(self, index: Any) -> None:
        old = list.__getitem__(self, index)
        self._sa_before_change()
        list.__delitem__(self, index)
        for item in (old if isinstance(index, slice) else [old]):
            self._sa_removed(item)

    def sort(self, *args: Any, **kw: Any) -> None:  # order only; not a change of membership
        list.sort(self, *args, **kw)

    def _sa_append_from_backref(self, item: Any) -> None:
        item = self._sa_incoming(item, from_backref=True)
        self._sa_before_change()
        list.append(self, item)
        self._sa_added(item, from_backref=True)

    def _sa_remove_from_backref(self, item: Any) -> None:
        for i, x in enumerate(self):
            if x is item:
                self._sa_before_change()
                list.__delitem__(self, i)
                self._sa_removed(x, from_backref=True)
                return

    def __reduce_ex__(self, protocol: Any) -> Any:
        return _restore, (self._sa_owner(), self._sa_prop.key, list(self))

    def __repr__(self) -> str:
        return list.__repr__(self)


class InstrumentedSet(_CollectionMixin, set):  # type: ignore[type-arg]
    """The set collection (``collection_class=set`` or ``Mapped[set["X"]]``)."""

    __slots__ = ("_sa_state", "_sa_prop", "_sa_owner_ref")

    def add(self, item: Any) -> None:
        if item in self:
            return
        item = self._sa_incoming(item)
        self._sa_before_change()
        set.add(self, item)
        self._sa_added(item)

    def discard(self, item: Any) -> None:
        if item in self:
            self._sa_before_change()
            set.discard(self, item)
            self._sa_removed(item)

    def remove(self, item: Any) -> None:
        if item not in self:
            raise KeyError(item)
        self.discard(item)

    def pop(self) -> Any:
        self._sa_before_change()
        item = set.pop(self)
        self._sa_removed(item)
        return item

    def clear(self) -> None:
        items = list(self)
        if not items:
            return
        self._sa_before_change()
        set.clear(self)
        for item in items:
            self._sa_removed(item)

    def update(self, *others: Iterable[Any]) -> None:
        for other in others:
            for item in list(other):
                self.add(item)

    def __ior__(self, other: Any) -> "InstrumentedSet":  # type: ignore[override,misc]
        self.update(other)
        return self

    def difference_update(self, *others: Iterable[Any]) -> None:
        for other in others:
            for item in list(other):
                self.discard(item)

    def __isub__(self, other: Any) -> "InstrumentedSet":  # type: ignore[override,misc]
        self.difference_update(other)
        return self

    def intersection_update(self, *others: Iterable[Any]) -> None:
        keep = set(self)
        for other in others:
            keep &= set(other)
        for item in list(self):
            if item not in keep:
                self.discard(item)

    def __iand__(self, other: Any) -> "InstrumentedSet":  # type: ignore[override,misc]
        self.intersection_update(other)
        return self

    def symmetric_difference_update(self, other: Iterable[Any]) -> None:
        for item in list(other):
            if item in self:
                self.discard(item)
            else:
                self.add(item)

    def __ixor__(self, other: Any) -> "InstrumentedSet":  # type: ignore[override,misc]
        self.symmetric_difference_update(other)
        return self

    def _sa_append_from_backref(self, item: Any) -> None:
        if item in self:
            return
        item = self._sa_incoming(item, from_backref=True)
        self._sa_before_change()
        set.add(self, item)
        self._sa_added(item, from_backref=True)

    def _sa_remove_from_backref(self, item: Any) -> None:
        if item in self:
            self._sa_before_change()
            set.discard(self, item)
            self._sa_removed(item, from_backref=True)

    def _sa_contains(self, item: Any) -> bool:
        return item in self

    def __reduce_ex__(self, protocol: Any) -> Any:
        return _restore, (self._sa_owner(), self._sa_prop.key, list(self))

    def __repr__(self) -> str:
        return set.__repr__(self)


class KeyFuncDict(_CollectionMixin, dict):  # type: ignore[type-arg]
    """A dict collection whose keys come from the values (``attribute_keyed_dict("keyword")``)."""

    __slots__ = ("_sa_state", "_sa_prop", "_sa_owner_ref")
    keyfunc: Callable[[Any], Any] = staticmethod(lambda v: v)  # type: ignore[assignment]
    ignore_unpopulated_attribute = False

    def _sa_items(self) -> list[Any]:
        return list(dict.values(self))

    def __setitem__(self, key: Any, value: Any) -> None:
        old = dict.get(self, key, NO_VALUE)
        if old is value:
            return
        value = self._sa_incoming(value)
        self._sa_before_change()
        dict.__setitem__(self, key, value)
        if old is not NO_VALUE:
            self._sa_removed(old)
        self._sa_added(value)

    def __delitem__(self, key: Any) -> None:
        old = dict.__getitem__(self, key)
        self._sa_before_change()
        dict.__delitem__(self, key)
        self._sa_removed(old)

    def set(self, value: Any) -> None:  # noqa: A003 - SQLAlchemy's name
        """Add a value under the key its keyfunc gives."""
        self[self._key_for(value)] = value

    def remove(self, value: Any) -> None:
        """Remove a value (found by its key)."""
        key = self._key_for(value)
        if dict.get(self, key, NO_VALUE) is not value:
            raise ValueError(f"Can not remove {value!r}: collection holds {dict.get(self, key)!r} for key {key!r}")
        del self[key]

    def _key_for(self, value: Any) -> Any:
        key = type(self).keyfunc(value)
        if key is NO_VALUE or (key is None and not type(self).ignore_unpopulated_attribute):
            from orm import exc

            raise exc.InvalidRequestError(
                f"In event triggered from population of attribute '{self._sa_prop}' (potentially from a "
                f"backref), can't populate value in KeyFuncDict; dictionary key derived from "
                f"{value!r} is not populated. Ensure appropriate state is set up on the {value!r} "
                "object before assigning to the collection."
            )
        return key

    def pop(self, key: Any, *default: Any) -> Any:
        if key not in self:
            if default:
                return default[0]
            raise KeyError(key)
        value = dict.__getitem__(self, key)
        del self[key]
        return value

    def popitem(self) -> tuple[Any, Any]:
        key = next(reversed(list(dict.keys(self))))
        value = dict.__getitem__(self, key)
        del self[key]
        return key, value

    def clear(self) -> None:
        values = list(dict.values(self))
        if not values:
            return
        self._sa_before_change()
        dict.clear(self)
        for v in values:
            self._sa_removed(v)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args: Any, **kw: Any) -> None:  # type: ignore[override]
        for k, v in dict(*args, **kw).items():
            self[k] = v

    def _sa_append_from_backref(self, item: Any) -> None:
        key = self._key_for(item)
        if dict.get(self, key, NO_VALUE) is item:
            return
        item = self._sa_incoming(item, from_backref=True)
        old = dict.get(self, key, NO_VALUE)
        self._sa_before_change()
        dict.__setitem__(self, key, item)
        if old is not NO_VALUE:
            self._sa_removed(old, from_backref=True)
        self._sa_added(item, from_backref=True)

    def _sa_remove_from_backref(self, item: Any) -> None:
        for k, v in list(dict.items(self)):
            if v is item:
                self._sa_before_change()
                dict.__delitem__(self, k)
                self._sa_removed(item, from_backref=True)
                return

    def __reduce_ex__(self, protocol: Any) -> Any:
        return _restore, (self._sa_owner(), self._sa_prop.key, list(dict.values(self)))

    def __repr__(self) -> str:
        return dict.__repr__(self)


def keyfunc_mapping(keyfunc: Callable[[Any], Any], *, ignore_unpopulated_attribute: bool = False) -> type:
    """A dict collection class keyed by ``keyfunc(value)``.

    Example::

        notes = relationship(Note, collection_class=keyfunc_mapping(lambda n: n.keyword.lower()))
    """
    return type("KeyFuncDict", (KeyFuncDict,), {
        "__slots__": (), "keyfunc": staticmethod(keyfunc),
        "ignore_unpopulated_attribute": ignore_unpopulated_attribute,
    })


def attribute_keyed_dict(attr_name: str, *, ignore_unpopulated_attribute: bool = False) -> type:
    """A dict collection class keyed by an attribute of each value.

    Example::

        notes: Mapped[dict[str, "Note"]] = relationship(collection_class=attribute_keyed_dict("keyword"))
    """
    return keyfunc_mapping(operator.attrgetter(attr_name), ignore_unpopulated_attribute=ignore_unpopulated_attribute)


def column_keyed_dict(column: Any, *, ignore_unpopulated_attribute: bool = False) -> type:
    """A dict collection class keyed by the attribute mapping ``column`` on each value."""
    from .mapper import _instance_state

    def get(value: Any) -> Any:
        mapper = _instance_state(value).mapper
        return getattr(value, mapper._columntoproperty[column].key)

    return keyfunc_mapping(get, ignore_unpopulated_attribute=ignore_unpopulated_attribute)


attribute_mapped_collection = attribute_keyed_dict
column_mapped_collection = column_keyed_dict
mapped_collection = keyfunc_mapping
KeyFuncDict.__module__ = __name__
MappedCollection = KeyFuncDict

_instrumented_subclasses: dict[type, type] = {}


def collection_type_for(prop: Any) -> type:
    """The instrumented class for a relationship's ``collection_class``."""
    cls = prop.collection_class or getattr(prop, "_annotation_collection", None) or list
    if isinstance(cls, type) and issubclass(cls, _CollectionMixin):
        return cls
    if cls is list:
        return InstrumentedList
    if cls is set:
        return InstrumentedSet
    if cls is dict:
        return KeyFuncDict
    if isinstance(cls, type):
        cached = _instrumented_subclasses.get(cls)
        if cached is not None:
            return cached
        for base, inst in ((list, InstrumentedList), (set, InstrumentedSet), (dict, KeyFuncDict)):
            if issubclass(cls, base):
                new = type(cls.__name__, (inst, cls), {"__slots__": ()} if not hasattr(cls, "__dict__") else {})
                _instrumented_subclasses[cls] = new
                return new
    from orm import exc

    raise exc.ArgumentError(
        f"collection_class={cls!r} of relationship {prop} is not supported: use list, set, a subclass "
        "of one of them, attribute_keyed_dict() or keyfunc_mapping()"
    )


def _restore(owner: Any, key: str, items: list[Any]) -> Any:
    """Unpickling: the collection of ``owner``'s relationship ``key``."""
    import weakref

    if owner is None:
        return items
    mapper = None
    for klass in type(owner).__mro__:
        mapper = klass.__dict__.get("__mapper__")
        if mapper is not None:
            break
    prop = mapper._props[key] if mapper is not None else None
    if prop is None:
        return items
    cls = collection_type_for(prop)
    coll: Any
    if issubclass(cls, KeyFuncDict):
        coll = cls()
        for v in items:
            dict.__setitem__(coll, cls.keyfunc(v), v)
    else:
        coll = cls(items)  # type: ignore[call-arg]
    coll._sa_prop = prop
    coll._sa_owner_ref = weakref.ref(owner)
    return coll


def new_collection(prop: Any, state: Any) -> Any:
    """An empty instrumented collection owned by ``state``."""
    coll = _make(prop, state, ())
    return coll


def _make(prop: Any, state: Any, items: Iterable[Any]) -> Any:
    cls = collection_type_for(prop)
    coll: Any
    if issubclass(cls, KeyFuncDict):
        coll = cls()
        keyfunc = cls.keyfunc
        for v in items:
            dict.__setitem__(coll, keyfunc(v), v)
    else:
        coll = cls(items)  # type: ignore[call-arg]
    coll._sa_state = state
    coll._sa_prop = prop
    return coll


def adapt_loaded(prop: Any, state: Any, value: Any) -> Any:
    """Wrap loaded related objects into the relationship's collection (no events, no history)."""
    if isinstance(value, _CollectionMixin) and getattr(value, "_sa_state", None) is state:
        return value
    if value is None:
        value = ()
    elif isinstance(value, dict):
        value = list(value.values())
    return _make(prop, state, value)


def adapt_assigned(prop: Any, state: Any, value: Any) -> tuple[Any, list[Any]]:
    """An empty instrumented collection for a user-assigned value, and the items to put in it (the
    caller fires their events); a bad type is a TypeError naming the attribute."""
    cls = collection_type_for(prop)
    if issubclass(cls, KeyFuncDict):
        if isinstance(value, dict):
            items = list(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            items = list(value)
        else:
            raise TypeError(f"Incompatible collection type for {prop}: {type(value).__name__} is not dict-like")
    elif isinstance(value, (dict, str, bytes)) or not hasattr(value, "__iter__"):
        kind = "set-like" if issubclass(cls, set) else "list-like"
        raise TypeError(f"Incompatible collection type for {prop}: {type(value).__name__} is not {kind}")
    else:
        items = list(value)
    coll = _make(prop, state, ())
    return coll, items


def collection_items(value: Any) -> list[Any]:
    """The related objects of a collection value (dict collections: their values)."""
    if value is None or value is NO_VALUE:
        return []
    if isinstance(value, dict):
        return list(value.values())
    return list(value)


__all__ = ["InstrumentedList", "InstrumentedSet", "KeyFuncDict", "MappedCollection", "attribute_keyed_dict",
           "attribute_mapped_collection", "column_keyed_dict", "column_mapped_collection", "keyfunc_mapping",
           "mapped_collection", "collection_items"]
