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




# -- merging cached results (the dogpile.cache pattern) ---------------------------------------------
def _entity_positions(statement: Any) -> list[int]:
    """Which columns of ``statement``'s rows hold mapped objects (a class or alias entity)."""
    from orm.mapping.util import entity_of

    return [i for i, e in enumerate(getattr(statement, "_raw_entities", ())) if entity_of(e) is not None]


def _merge_rows(session: Any, rows: Any, positions: list[int], load: bool) -> list[list[Any]]:
    out = []
    for row in rows:
        row = list(row)
        for i in positions:
            obj = row[i]
            if obj is not None:
                row[i] = _merge(session, _state(obj), obj, load, None, {})
        out.append(row)
    return out


def merge_frozen_result(session: Any, statement: Any, frozen_result: Any, load: bool = True) -> Any:
    """A FrozenResult of ``statement`` (cached, perhaps unpickled in another process) made of
    ``session``'s objects: each mapped object of its rows merged in (``load=False``: trusted as
    they are, no SELECT).  Call the returned FrozenResult for a Result::

        frozen = session.execute(stmt).freeze()                  # stored in a cache
        merged = merge_frozen_result(session, stmt, frozen, load=False)
        users = merged().scalars().all()                         # persistent in session
    """
    if load:
        session._autoflush()  # objects are about to be loaded: pending changes first
    with session.no_autoflush:
        rows = _merge_rows(session, frozen_result.rewrite_rows(), _entity_positions(statement), load)
    return frozen_result.with_new_rows(rows)


def merge_result(query: Any, iterator: Any, load: bool = True) -> Any:
    """Legacy: merge rows (a FrozenResult, or an iterable of objects / rows) of ``query`` into its
    Session.  A query of one entity takes and gives objects; others take rows and give Rows; a
    FrozenResult gives a FrozenResult.  Superseded by :func:`merge_frozen_result`."""
    from orm.engine.result import FrozenResult, IteratorResult, ResultMetaData

    session = query.session
    if load:
        session._autoflush()
    statement = query.statement
    positions = _entity_positions(statement)
    with session.no_autoflush:
        if isinstance(iterator, FrozenResult):
            return iterator.with_new_rows(_merge_rows(session, iterator.data, positions, load))
        if len(statement._raw_entities) == 1:
            if not positions:
                return iter(list(iterator))
            return iter([_merge(session, _state(o), o, load, None, {}) for o in iterator])
        from .context import ORMCompileState

        keys = ORMCompileState(statement, legacy=True).row_keys()
        rows = _merge_rows(session, iterator, positions, load)
        return iter(IteratorResult(ResultMetaData(keys), [tuple(r) for r in rows]))


__all__ = ["merge", "NO_VALUE", "merge_frozen_result", "merge_result"]
