"""Event listening: ``listen``, ``listens_for``, ``remove``, ``contains``.

Listen on a class to hear every instance, or on one instance::

    from orm import event
    from orm.engine import Engine

    @event.listens_for(Engine, "before_cursor_execute")
    def log_sql(conn, cursor, statement, parameters, context, executemany):
        print(statement)

    event.listen(engine, "connect", on_connect)   # a pool event: attaches to engine.pool

Unknown event names raise ``InvalidRequestError`` listing the valid ones. See
``orm.event.registry`` for how targets declare their events.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from orm.event.registry import (
    Dispatch,
    DispatchDescriptor,
    class_dispatch,
    make_listener,
    register_target_resolver,
    resolve,
)
from orm.exc import InvalidRequestError

__all__ = [
    "CANCEL", "NO_RETVAL",
    "listen", "listens_for", "remove", "contains", "Dispatch", "DispatchDescriptor",
    "register_target_resolver", "class_dispatch",
]

_F = TypeVar("_F", bound=Callable[..., Any])


class _Marker:
    """A named singleton a listener can return (compared by identity, survives pickling)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"symbol({self.name!r})"

    def __reduce__(self) -> str:
        return self.name  # pickled as a reference to this module's attribute


# The two return markers of SQLAlchemy's event API. No 2.0 event acts on them (they date from the
# 0.x listener protocol); they exist so code that imports or returns them runs unchanged.
CANCEL = _Marker("CANCEL")
NO_RETVAL = _Marker("NO_RETVAL")


def listen(target: Any, identifier: str, fn: Callable[..., Any], *, once: bool = False,
           retval: bool = False, insert: bool = False, named: bool = False,
           propagate: bool = False) -> None:
    """Register ``fn`` to be called when ``target`` fires ``identifier``.

    ``once`` runs it at most once; ``retval`` lets it return a replacement value where the event
    supports it (``before_cursor_execute`` -> ``(statement, parameters)``); ``insert`` puts it
    first; ``named`` passes the arguments as keywords; ``propagate`` is recorded for targets that
    propagate to subclasses (mapper events).

        event.listen(engine, "before_cursor_execute", fn, retval=True)
    """
    if not callable(fn):
        raise InvalidRequestError(f"Event listener must be callable, got {fn!r}")
    real_target, dispatch = resolve(target, identifier)
    listener = make_listener(real_target, identifier, fn, once=once, retval=retval,
                             named=named, propagate=propagate)
    dispatch._add(listener, insert)


def listens_for(target: Any, identifier: str, **kw: Any) -> Callable[[_F], _F]:
    """Decorator form of :func:`listen`::

        @event.listens_for(pool, "checkout")
        def on_checkout(dbapi_conn, record, proxy): ...
    """

    def decorate(fn: _F) -> _F:
        listen(target, identifier, fn, **kw)
        return fn

    return decorate


def remove(target: Any, identifier: str, fn: Callable[..., Any]) -> None:
    """Undo :func:`listen` for the same target, identifier and function."""
    _, dispatch = resolve(target, identifier)
    if not dispatch._remove(identifier, fn):
        raise InvalidRequestError(
            f"No listener {fn!r} is registered for event {identifier!r} on {target!r}"
        )


def contains(target: Any, identifier: str, fn: Callable[..., Any]) -> bool:
    """True if ``fn`` listens to ``identifier`` on ``target`` (directly or via its class)."""
    _, dispatch = resolve(target, identifier, create=False)
    return dispatch._contains(identifier, fn)
