"""SQLAlchemy's attribute helper functions (``sqlalchemy.orm.attributes``): change flags,
history, and reading/writing attributes the way the ORM does.

Example::

    from orm import flag_modified

    user.data["tags"].append("x")     # an in-place change the ORM cannot see
    flag_modified(user, "data")       # ...so say it: the next flush UPDATEs "data"
"""
from __future__ import annotations

from typing import Any

from orm import exc
from orm.mapping.base import STATE_KEY
from orm.mapping.state import NO_VALUE, History, instance_dict, instance_state


def _require_key(state: Any, key: str) -> Any:
    prop = state.mapper._props.get(key)
    if prop is None:
        raise exc.InvalidRequestError(
            f"Mapper '{state.mapper}' has no property '{key}'.  If this property was indicated from "
            "other mappers or configure events, ensure registry.configure() has been called."
        )
    return prop


def flag_modified(instance: Any, key: str) -> None:
    """Mark an attribute as changed so that the next flush writes it (after in-place changes
    of mutable values such as JSON dicts)."""
    state = instance_state(instance)
    _require_key(state, key)
    d = instance.__dict__
    if key not in d:
        raise exc.InvalidRequestError(
            f"Can't flag attribute '{key}' modified; it's not present in the object state"
        )
    if state.key is not None:
        cs = state.committed_state
        if key not in cs or cs[key] is d[key]:
            cs[key] = NO_VALUE
        if not state.modified:
            state._modified_event()


def flag_dirty(instance: Any) -> None:
    """Put an object in ``session.dirty`` without changing an attribute (flush events run)."""
    state = instance_state(instance)
    if state.key is not None and not state.modified:
        state._modified_event()


def get_history(obj: Any, key: str, passive: Any = None) -> History:
    """History (added, unchanged, deleted) of attribute ``key`` of ``obj``."""
    state = instance_state(obj)
    _require_key(state, key)
    return state._history(key)  # type: ignore[no-any-return]


def set_committed_value(instance: Any, key: str, value: Any) -> None:
    """Set an attribute as if it had been loaded: no history, no events."""
    state = instance_state(instance)
    _require_key(state, key)
    state._set_loaded(key, value)


def set_attribute(instance: Any, key: str, value: Any, initiator: Any = None) -> None:
    """Set an attribute with full ORM behaviour (history, events, backrefs)."""
    setattr(instance, key, value)


def get_attribute(instance: Any, key: str) -> Any:
    return getattr(instance, key)


def del_attribute(instance: Any, key: str) -> None:
    delattr(instance, key)


def init_collection(obj: Any, key: str) -> Any:
    """Initialise an empty collection for ``key`` and return it."""
    from orm.mapping.collections import new_collection

    state = instance_state(obj)
    prop = _require_key(state, key)
    coll = new_collection(prop, state)
    state._set_loaded(key, coll)
    return coll


__all__ = ["flag_modified", "flag_dirty", "get_history", "set_committed_value", "set_attribute",
           "get_attribute", "del_attribute", "init_collection", "instance_state", "instance_dict",
           "STATE_KEY"]
