"""ORM events through ``orm.event``: mapper events, instance events, attribute events (session
events are declared on :class:`~orm.session.session.Session` itself).

Example::

    from orm import event

    @event.listens_for(User, "before_insert")
    def stamp(mapper, connection, target):
        target.created_by = current_user()

    @event.listens_for(User.email, "set", retval=True)
    def lower(target, value, oldvalue, initiator):
        return value.lower()

    event.listen(Mapper, "after_delete", audit)            # every mapper
    event.listen(Base, "before_update", touch, propagate=True)   # every subclass of Base

The read side fires ``load``/``refresh`` through :func:`instance_listeners`.
"""
from __future__ import annotations

import weakref
from typing import Any, Optional

from orm.event import register_target_resolver
from orm.event.registry import DispatchDescriptor

MAPPER_EVENTS = {
    "before_insert": ("mapper", "connection", "target"),
    "after_insert": ("mapper", "connection", "target"),
    "before_update": ("mapper", "connection", "target"),
    "after_update": ("mapper", "connection", "target"),
    "before_delete": ("mapper", "connection", "target"),
    "after_delete": ("mapper", "connection", "target"),
    "mapper_configured": ("mapper", "class_"),
    "before_mapper_configured": ("mapper", "class_"),
    "before_configured": (),
    "after_configured": (),
    "instrument_class": ("mapper", "class_"),
}

INSTANCE_EVENTS = {
    "load": ("target", "context"),
    "refresh": ("target", "context", "attrs"),
    "refresh_flush": ("target", "flush_context", "attrs"),
    "expire": ("target", "attrs"),
    "init": ("target", "args", "kwargs"),
    "init_failure": ("target", "args", "kwargs"),
    "first_init": ("manager", "cls"),
    "pickle": ("target", "state_dict"),
    "unpickle": ("target", "state_dict"),
}

ATTRIBUTE_EVENTS = {
    "set": ("target", "value", "oldvalue", "initiator"),
    "append": ("target", "value", "initiator"),
    "remove": ("target", "value", "initiator"),
    "bulk_replace": ("target", "values", "initiator"),
    "modified": ("target", "initiator"),
    "init_scalar": ("target", "value", "dict_"),
    "init_collection": ("target", "collection", "collection_adapter"),
    "dispose_collection": ("target", "collection", "collection_adapter"),
}


class ClassEvents:
    """Mapper and instance listeners registered on one class (or, for ``Mapper``, on all)."""

    _dispatch_events = {**MAPPER_EVENTS, **INSTANCE_EVENTS}
    # a before_mapper_configured listener's EXT_SKIP counts only with retval=True (as SQLAlchemy)
    _dispatch_retval_events = frozenset({"before_mapper_configured"})
    dispatch = DispatchDescriptor()

    def __init__(self, cls: Optional[type]) -> None:
        self.cls = cls

    def __repr__(self) -> str:
        return f"<ORM events of {getattr(self.cls, '__name__', 'every mapper')}>"


class AttributeEvents:
    """Listeners of one instrumented attribute."""

    _dispatch_events = ATTRIBUTE_EVENTS
    _dispatch_retval_events = frozenset({"set", "append"})
    dispatch = DispatchDescriptor()

    def __init__(self, attr: Any) -> None:
        self.attr = attr

    def __repr__(self) -> str:
        return f"<attribute events of {self.attr}>"


class Initiator:
    """What attribute listeners receive as ``initiator``: the attribute and the operation."""

    __slots__ = ("impl", "key", "op", "from_backref")

    def __init__(self, attr: Any, op: str, from_backref: bool = False) -> None:
        self.impl = attr
        self.key = attr.key
        self.op = op
        self.from_backref = from_backref

    def __repr__(self) -> str:
        return f"<Initiator {self.op} {self.impl}>"


_ALL = ClassEvents(None)
_class_events: "weakref.WeakKeyDictionary[type, ClassEvents]" = weakref.WeakKeyDictionary()
_version = [0]


def _class_target(cls: type) -> ClassEvents:
    target = _class_events.get(cls)
    if target is None:
        target = _class_events[cls] = ClassEvents(cls)
    _version[0] += 1
    return target


def _resolve(target: Any, identifier: str) -> Any:
    from orm.mapping.attributes import QueryableAttribute
    from orm.mapping.mapper import Mapper

    if identifier in ATTRIBUTE_EVENTS and isinstance(target, QueryableAttribute):
        return _attribute_target(target)
    if identifier in MAPPER_EVENTS or identifier in INSTANCE_EVENTS:
        if target is Mapper:
            _version[0] += 1
            return _ALL
        if isinstance(target, Mapper):
            return _class_target(target.class_)
        if isinstance(target, type) and not getattr(target, "_dispatch_events", None):
            if identifier == "init":
                _instrument_init(target)
            return _class_target(target)
    return None


register_target_resolver(_resolve)


def _attribute_target(attr: Any) -> AttributeEvents:
    from orm.mapping import attributes as attrs

    target = attr._listeners
    if target is None:
        target = AttributeEvents(attr)
        attr._listeners = target
        if type(attr) is attrs.InstrumentedAttribute:
            # a column attribute becomes a data descriptor so that writes reach the listeners
            attr.__class__ = attrs.EventedAttribute
    return target  # type: ignore[no-any-return]


# -- firing ------------------------------------------------------------------------------------------

def mapper_listeners(mapper: Any, name: str) -> tuple[Any, ...]:
    """The callables to run for mapper/instance event ``name`` of ``mapper``'s objects: those on
    ``Mapper``, on the mapper's class, and propagating ones (or any on unmapped bases) of its
    superclasses."""
    out = list(getattr(_ALL.dispatch, name))
    if not _class_events:
        return tuple(out)
    cls = mapper.class_
    for klass in cls.__mro__:
        target = _class_events.get(klass)
        if target is None:
            continue
        own = klass is cls
        mapped = getattr(klass, "__mapper__", None) is not None and "__mapper__" in klass.__dict__
        for lst in _listeners_of(target, name):
            if own or lst.propagate or not mapped:
                out.append(lst.call)
    return tuple(out)


def _listeners_of(target: Any, name: str) -> list[Any]:
    d = target.__dict__.get("dispatch")
    if d is None:
        return []
    return list(d._own.get(name, ()))


instance_listeners = mapper_listeners


def dispatch_instance_event(state: Any, name: str, *args: Any) -> None:
    """Fire instance event ``name`` for ``state`` (``load``: args = (context,))."""
    for fn in mapper_listeners(state.mapper, name):
        fn(state.obj(), *args)


def fire_set(attr: Any, instance: Any, value: Any, old: Any, from_backref: bool = False) -> Any:
    """Run ``set`` listeners; ``old`` is ``NO_VALUE`` when the attribute was not loaded (as in
    SQLAlchemy); a ``retval=True`` listener's result replaces the value."""
    target = attr._listeners
    if target is None:
        return value
    calls = target.dispatch.set
    if calls:
        initiator = Initiator(attr, "set", from_backref)
        for fn in calls:
            r = fn(instance, value, old, initiator)
            if r is not None:
                value = r
    return value


def fire_append(attr: Any, instance: Any, value: Any, from_backref: bool = False) -> Any:
    target = attr._listeners
    if target is None:
        return value
    calls = target.dispatch.append
    if calls:
        initiator = Initiator(attr, "append", from_backref)
        for fn in calls:
            r = fn(instance, value, initiator)
            if r is not None:
                value = r
    return value


def fire_remove(attr: Any, instance: Any, value: Any, from_backref: bool = False) -> None:
    target = attr._listeners
    if target is None:
        return
    calls = target.dispatch.remove
    if calls:
        initiator = Initiator(attr, "remove", from_backref)
        for fn in calls:
            fn(instance, value, initiator)


# -- the "init" instance event needs the constructor to report ----------------------------------------

def _instrument_init(cls: type) -> None:
    original: Any = cls.__dict__.get("__init__") or getattr(cls, "__init__")
    if getattr(original, "_orm_init_events", False):
        return

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        mapper = getattr(type(self), "__mapper__", None)
        if mapper is not None:
            for fn in mapper_listeners(mapper, "init"):
                fn(self, args, kwargs)
        try:
            original(self, *args, **kwargs)
        except BaseException:
            if mapper is not None:
                for fn in mapper_listeners(mapper, "init_failure"):
                    fn(self, args, kwargs)
            raise

    __init__._orm_init_events = True  # type: ignore[attr-defined]
    __init__.__name__ = "__init__"
    __init__.__doc__ = original.__doc__
    type.__setattr__(cls, "__init__", __init__)
