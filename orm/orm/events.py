"""``sqlalchemy.orm.events``: the ORM's event families, each naming the events it offers.

Listen through :mod:`orm.event` on the usual targets (a mapped class, ``Mapper``, ``Session``,
a ``sessionmaker``, an attribute); these classes document which names each target accepts and
let code that checks ``"before_flush" in SessionEvents.event_names`` work.

Example::

    from orm import event
    from orm.orm.events import SessionEvents

    assert "before_flush" in SessionEvents.event_names
    event.listen(Session, "before_flush", check)
"""
from __future__ import annotations

from orm.session.base import SESSION_EVENTS
from orm.session.events import ATTRIBUTE_EVENTS, INSTANCE_EVENTS, MAPPER_EVENTS


class _EventFamily:
    event_names: tuple[str, ...] = ()
    arguments: dict[str, tuple[str, ...]] = {}


class InstanceEvents(_EventFamily):
    """Events of the instances of a mapped class (``load``, ``refresh``, ``init``, ``expire`` ...)."""

    arguments = dict(INSTANCE_EVENTS)
    event_names = tuple(INSTANCE_EVENTS)


class MapperEvents(_EventFamily):
    """Events of a mapper during flush and configuration (``before_insert``, ``after_update`` ...)."""

    arguments = dict(MAPPER_EVENTS)
    event_names = tuple(MAPPER_EVENTS)


class AttributeEvents(_EventFamily):
    """Events of one instrumented attribute (``set``, ``append``, ``remove`` ...)."""

    arguments = dict(ATTRIBUTE_EVENTS)
    event_names = tuple(ATTRIBUTE_EVENTS)


class SessionEvents(_EventFamily):
    """Events of a Session (``before_flush``, ``after_commit``, ``do_orm_execute`` ...)."""

    arguments = {k: tuple(v) if isinstance(v, (tuple, list)) else () for k, v in dict(SESSION_EVENTS).items()}
    event_names = tuple(SESSION_EVENTS)


class InstrumentationEvents(_EventFamily):
    """Class instrumentation events (``class_instrument``, ``class_uninstrument``)."""

    arguments = {"class_instrument": ("cls",), "class_uninstrument": ("cls",), "attribute_instrument": ("cls", "key", "inst")}
    event_names = tuple(arguments)


class QueryEvents(_EventFamily):
    """Legacy ``Query`` events; orm runs ORM statements through ``do_orm_execute`` instead."""

    arguments = {"before_compile": ("query",), "before_compile_update": ("query", "update_context"),
                 "before_compile_delete": ("query", "delete_context")}
    event_names = tuple(arguments)


__all__ = ["AttributeEvents", "InstanceEvents", "InstrumentationEvents", "MapperEvents", "QueryEvents",
           "SessionEvents"]
