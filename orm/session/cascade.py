"""Walking relationship cascades (``save-update``, ``delete``, ``merge``, ``expunge``,
``refresh-expire``) from an object to the related objects the Session must treat alike.

Only loaded relationship values are followed, except for ``delete``, which loads unloaded
collections first (as SQLAlchemy does; ``passive_deletes=True`` skips the load).
"""
from __future__ import annotations

from typing import Any, Iterator

from orm.mapping.base import STATE_KEY
from orm.mapping.collections import collection_items
from orm.mapping.state import NO_VALUE

_FLAG = {"save-update": "save_update", "delete": "delete", "merge": "merge", "expunge": "expunge",
         "refresh-expire": "refresh_expire", "delete-orphan": "delete_orphan"}


def cascade_props(mapper: Any, name: str) -> list[Any]:
    """The mapper's relationships carrying cascade ``name`` (cached per mapper)."""
    cache = mapper.__dict__.get("_orm_cascades")
    nprops = len(mapper._props)
    if cache is None or cache[0] != nprops or not mapper.configured:
        mapper._check_configure()
        cache = (nprops, {})
        mapper._orm_cascades = cache
    found = cache[1].get(name)
    if found is None:
        flag = _FLAG[name]
        found = [p for p in mapper._props.values()
                 if getattr(p, "is_relationship", False) and getattr(p.cascade, flag, False) and not p.viewonly]
        cache[1][name] = found
    return found  # type: ignore[no-any-return]


def has_cascades(mapper: Any, name: str) -> bool:
    return bool(cascade_props(mapper, name))


def _state_of(obj: Any) -> Any:
    st = obj.__dict__.get(STATE_KEY)
    if st is None:
        from orm.mapping.mapper import _instance_state

        st = _instance_state(obj)
    return st


def cascade_states(state: Any, name: str, load: bool = False) -> Iterator[Any]:
    """States reachable from ``state`` through relationships with cascade ``name`` (not
    including ``state`` itself), each once."""
    seen = {id(state)}
    stack = [state]
    while stack:
        st = stack.pop()
        props = cascade_props(st.mapper, name)
        if not props:
            continue
        obj = st.obj()
        if obj is None:
            continue
        d = obj.__dict__
        for prop in props:
            value = d.get(prop.key, NO_VALUE)
            if value is NO_VALUE:
                if not load or st.key is None or prop.lazy in ("dynamic", "write_only", "noload") \
                        or (name == "delete" and prop.passive_deletes):
                    continue
                value = getattr(obj, prop.key)
            items = collection_items(value) if prop.uselist else (value,)
            for item in items:
                if item is None or item is NO_VALUE:
                    continue
                ist = _state_of(item)
                if id(ist) in seen:
                    continue
                seen.add(id(ist))
                yield ist
                stack.append(ist)
