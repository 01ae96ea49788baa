"""The event registry: who listens to what, and the per-target ``dispatch`` objects that fire.

A target class opts in by declaring its event names::

    class Pool:
        _dispatch_events = frozenset({"connect", "checkout", ...})
        dispatch = DispatchDescriptor()

(``_dispatch_events`` may also be a mapping of event name -> argument names, which enables
``named=True`` listeners.) ``Pool.dispatch`` is the class-level :class:`Dispatch`; ``pool.dispatch``
is created on first access and stored in the instance ``__dict__``. Each ``Dispatch`` keeps, per
event name, a plain tuple of the callables to run, already merged from its parents (class ->
subclass -> instance), so firing is::

    for fn in self.dispatch.checkout:   # () when nobody listens: one attribute lookup
        fn(dbapi_conn, record, proxy)

Registering on a class updates the tuples of every live dispatch below it.

Extension points for later layers (mapper/session/attribute events):
- ``register_target_resolver(fn)``: ``fn(target, identifier)`` may return another object to listen
  on (e.g. a mapped class -> its Mapper), or None.
- a target class may define ``_dispatch_redirect(target, identifier)`` (class- or staticmethod),
  returning another target for some names (``Engine`` sends pool events to its pool).
"""
from __future__ import annotations

import weakref
from typing import Any, Callable, Iterable, Mapping

from orm.exc import ArgumentError, InvalidRequestError

__all__ = [
    "Dispatch", "DispatchDescriptor", "Listener", "register_target_resolver", "resolve",
    "event_names",
]

_target_resolvers: list[Callable[[Any, str], Any]] = []


def register_target_resolver(fn: Callable[[Any, str], Any]) -> None:
    """Let a later layer map user-facing targets (e.g. a mapped class) to event targets."""
    _target_resolvers.append(fn)


class Listener:
    """One registration: the user's function, the flags it came with, and what is fired."""

    __slots__ = ("fn", "identifier", "once", "retval", "named", "propagate", "call", "fired")

    def __init__(self, fn: Callable[..., Any], identifier: str, *, once: bool, retval: bool,
                 named: bool, propagate: bool, argnames: tuple[str, ...] | None,
                 retval_events: frozenset[str]) -> None:
        self.fn = fn
        self.identifier = identifier
        self.once = once
        self.retval = retval
        self.named = named
        self.propagate = propagate
        self.fired = False
        self.call = self._build_call(argnames, identifier in retval_events)

    def _build_call(self, argnames: tuple[str, ...] | None,
                    retval_event: bool) -> Callable[..., Any]:
        fn = self.fn
        if self.named:
            if argnames is None:
                raise ArgumentError(
                    f"named=True is not available for event {self.identifier!r}"
                )
            inner = fn

            def fn(*args: Any, **kw: Any) -> Any:  # noqa: F811 - wrapper replaces fn
                kw.update(zip(argnames, args))
                return inner(**kw)
        if retval_event and not self.retval:
            # The firing code treats a non-None return as a replacement; a listener that did
            # not ask for retval must not replace anything by accident.
            plain = fn

            def fn(*args: Any, **kw: Any) -> Any:  # noqa: F811
                plain(*args, **kw)
                return None
        if self.once:
            once_inner = fn

            def fn(*args: Any, **kw: Any) -> Any:  # noqa: F811
                if self.fired:
                    return None
                self.fired = True
                return once_inner(*args, **kw)
        return fn


class Dispatch:
    """The listeners of one target (a class or an instance), one tuple attribute per event name."""

    def __init__(self, target_cls: type, events: Iterable[str], owner: Any,
                 parents: list[Dispatch]) -> None:
        self._events = frozenset(events)
        self._target_cls = target_cls
        self._owner_ref = _weak_or_strong(owner)
        self._parents = parents
        self._children: weakref.WeakSet[Dispatch] = weakref.WeakSet()
        self._own: dict[str, list[Listener]] = {}
        for parent in parents:
            parent._children.add(self)
        self._refresh_all()

    @property
    def owner(self) -> Any:
        return self._owner_ref()

    def _refresh_all(self) -> None:
        for name in self._events:
            self._refresh(name)

    def _refresh(self, name: str) -> None:
        calls: list[Callable[..., Any]] = []
        for parent in self._parents:
            if name in parent._events:
                calls.extend(getattr(parent, name))
        calls.extend(lst.call for lst in self._own.get(name, ()))
        setattr(self, name, tuple(calls))
        for child in list(self._children):
            child._refresh(name)

    def _add(self, listener: Listener, insert: bool) -> None:
        lst = self._own.setdefault(listener.identifier, [])
        if insert:
            lst.insert(0, listener)
        else:
            lst.append(listener)
        self._refresh(listener.identifier)

    def _remove(self, identifier: str, fn: Callable[..., Any]) -> bool:
        lst = self._own.get(identifier, [])
        for i, listener in enumerate(lst):
            if listener.fn is fn or listener.fn == fn:
                del lst[i]
                self._refresh(identifier)
                return True
        return False

    def _contains(self, identifier: str, fn: Callable[..., Any]) -> bool:
        if any(lst.fn is fn or lst.fn == fn for lst in self._own.get(identifier, ())):
            return True
        return any(p._contains(identifier, fn) for p in self._parents
                   if identifier in p._events)

    def listeners(self, identifier: str) -> list[Listener]:
        """The registrations made directly on this target (not inherited)."""
        return list(self._own.get(identifier, ()))

    def join(self, owner: Any) -> Dispatch:
        """A child dispatch for ``owner`` that sees this one's listeners plus its own.

        Used by objects that borrow another's listeners, e.g. a Connection borrows its Engine's
        dispatch and only gets one of its own when someone listens on the Connection itself.
        """
        return Dispatch(self._target_cls, self._events, owner, [self])

    def __repr__(self) -> str:
        return f"<Dispatch for {self._target_cls.__name__} owner={self.owner!r}>"


def _weak_or_strong(obj: Any) -> Callable[[], Any]:
    try:
        return weakref.ref(obj)
    except TypeError:
        return lambda: obj


def event_names(cls: type) -> Mapping[str, Any] | frozenset[str]:
    """The events a target class declares (``_dispatch_events``)."""
    return getattr(cls, "_dispatch_events", frozenset())


def _argnames(cls: type, identifier: str) -> tuple[str, ...] | None:
    events = event_names(cls)
    if isinstance(events, Mapping):
        value = events.get(identifier)
        return tuple(value) if value is not None else None
    return None


class DispatchDescriptor:
    """Class attribute giving the class-level Dispatch on a class and a per-instance one on
    instances (created once, then found in the instance ``__dict__``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, obj: Any, cls: type) -> Dispatch:
        if obj is None:
            return class_dispatch(cls)
        d = Dispatch(cls, event_names(cls), obj, [class_dispatch(cls)])
        obj.__dict__[self._name] = d
        return d


_class_dispatches: dict[type, Dispatch] = {}


def class_dispatch(cls: type) -> Dispatch:
    """The class-level Dispatch of ``cls``, chained to those of its event-declaring bases."""
    d = _class_dispatches.get(cls)
    if d is None:
        parents = [class_dispatch(base) for base in cls.__bases__
                   if isinstance(base, type) and event_names(base)]
        d = Dispatch(cls, event_names(cls), cls, parents)
        _class_dispatches[cls] = d
    return d


def resolve(target: Any, identifier: str, create: bool = True) -> tuple[Any, Dispatch]:
    """Find the object really listened on and its Dispatch; validate the event name.

    With ``create=False`` a borrowed dispatch is returned as is (for read-only questions).
    """
    for resolver in _target_resolvers:
        new = resolver(target, identifier)
        if new is not None:
            target = new
            break
    cls = target if isinstance(target, type) else type(target)
    redirect = getattr(cls, "_dispatch_redirect", None)
    if redirect is not None:
        new = redirect(target, identifier)
        if new is not None and new is not target:
            target = new
            cls = target if isinstance(target, type) else type(target)
    events = event_names(cls)
    if not events:
        raise InvalidRequestError(f"No such event {identifier!r} for target {target!r}: "
                                  f"{cls.__name__} does not accept event listeners")
    if identifier not in events:
        raise InvalidRequestError(
            f"No such event {identifier!r} for target {target!r}; "
            f"valid events for {cls.__name__}: {', '.join(sorted(events))}"
        )
    if isinstance(target, type):
        return target, class_dispatch(target)
    d = target.dispatch
    if create and d.owner is not target:
        # Borrowed (e.g. a Connection using its Engine's dispatch): give it its own now.
        d = d.join(target)
        target.dispatch = d
    return target, d


def make_listener(target: Any, identifier: str, fn: Callable[..., Any], **flags: Any) -> Listener:
    cls = target if isinstance(target, type) else type(target)
    retval_events = frozenset(getattr(cls, "_dispatch_retval_events", ()))
    return Listener(fn, identifier, argnames=_argnames(cls, identifier),
                    retval_events=retval_events, **flags)
