"""``Session.merge()``: copy an object's state onto the Session's object of the same identity.

Example::

    detached = pickle.loads(data)            # or an object from another Session
    user = session.merge(detached)           # the Session's own User with that id, updated
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc
from orm.mapping.base import STATE_KEY
from orm.mapping.collections import collection_items
from orm.mapping.state import NO_VALUE

from .cascade import cascade_props


def _state(obj: Any) -> Any:
    st = obj.__dict__.get(STATE_KEY)
    if st is None:
        from orm.mapping.mapper import _instance_state

        st = _instance_state(obj)
    return st


def merge(session: Any, instance: Any, *, load: bool = True, options: Any = None) -> Any:
    if load:
        session._autoflush()
    with session.no_autoflush:
        return _merge(session, _state(instance), instance, load, options, {})


def _identity(mapper: Any, state: Any, d: dict[str, Any]) -> Optional[tuple[Any, ...]]:
    if state.key is not None:
        return state.key
    pk = []
    for col in mapper.primary_key:
        v = d.get(mapper._columntoproperty[col].key)
        if v is None:
            return None
        pk.append(v)
    return mapper.identity_key_from_primary_key(pk)


def _merge(session: Any, state: Any, instance: Any, load: bool, options: Any, seen: dict[int, Any]) -> Any:
    if id(state) in seen:
        return seen[id(state)]
    mapper = state.mapper
    d = instance.__dict__
    key = _identity(mapper, state, d)
    merged = None
    if key is not None:
        merged = session._identity_map.get(key)
        if merged is None:
            if not load:
                if state.modified:
                    raise exc.InvalidRequestError(
                        "merge() with load=False option does not support objects marked as 'dirty'.  "
                        "flush() all changes on mapped instances before merging with load=False."
                    )
                merged = mapper.class_.__new__(mapper.class_)
                mst = _state(merged)
                mst.key = key
                session._update_impl(mst)
            else:
                merged = session.get(mapper.class_, key[1], options=options)
    if merged is None:
        if not load and key is None:
            raise exc.InvalidRequestError(
                "merge() with load=False option does not support objects transient (i.e. unpersisted) "
                "objects.  flush() all changes on mapped instances before merging with load=False."
            )
        merged = mapper.class_.__new__(mapper.class_)
        session.add(merged)
    seen[id(state)] = merged
    if merged is instance:
        return merged
    mst = _state(merged)
    md = merged.__dict__
    for pkey, prop in mapper._props.items():
        if pkey not in d:
            continue
        value = d[pkey]
        if getattr(prop, "is_column", False):
            if load:
                setattr(merged, pkey, value)
            else:
                md[pkey] = value
                mst.expired_attributes.discard(pkey)
        elif getattr(prop, "is_relationship", False):
            if prop not in cascade_props(mapper, "merge"):
                continue
            if prop.uselist:
                items = [_merge(session, _state(o), o, load, options, seen) for o in collection_items(value)]
                if load:
                    setattr(merged, pkey, items)
                else:
                    mst._set_loaded(pkey, items)
            else:
                target = None if value is None else _merge(session, _state(value), value, load, options, seen)
                if load:
                    setattr(merged, pkey, target)
                else:
                    md[pkey] = target
    if not load:
        mst._commit_all()
    return merged


__all__ = ["merge", "NO_VALUE"]
