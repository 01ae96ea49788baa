"""Keeping both sides of a relationship in step in Python, and cascading new objects into the
session, when a relationship attribute is set or its collection changes.

``address.user = u`` appends ``address`` to ``u.addresses`` when that collection is loaded (or ``u``
is new), and removes it from the previous user's loaded collection; ``u.addresses.append(a)`` sets
``a.user``.  Nothing here emits SQL except where SQLAlchemy needs the previous value of a one-to-one
to unlink it.  Objects reached only through a backref are not cascaded into the session (the
2.0 behaviour): only the side the user changed cascades.
"""
from __future__ import annotations

from typing import Any

from .base import MANYTOONE, STATE_KEY
from .state import NO_VALUE


def _state(obj: Any) -> Any:
    st = obj.__dict__.get(STATE_KEY)
    if st is None:
        from .mapper import _instance_state

        st = _instance_state(obj)
    return st


def check_target(prop: Any, value: Any) -> None:
    """A relationship only holds instances of its target class (or subclasses)."""
    target = prop.mapper.class_
    if not isinstance(value, target):
        what = "None" if value is None else f"{type(value).__name__} object {value!r}"
        raise TypeError(
            f"Can't assign {what} to relationship {prop.parent.class_.__name__}.{prop.key}: "
            f"expected an instance of {target.__name__}"
        )


# -- scalar (many-to-one, one-to-one) ------------------------------------------------------------

def set_scalar(attr: Any, instance: Any, value: Any, from_backref: bool = False) -> None:
    prop = attr.property
    key = attr.key
    d = instance.__dict__
    st = _state(instance)
    if value is not None:
        check_target(prop, value)
    old = d.get(key, NO_VALUE)
    if old is NO_VALUE and st.key is not None:
        old = resolve_scalar(st, prop, d)
    if attr._validator is not None:
        value = attr._validator(instance, key, value)
    if attr._listeners is not None:
        from orm.session.events import fire_set

        value = fire_set(attr, instance, value, old, from_backref)
    if st.key is not None:
        cs = st.committed_state
        if key not in cs:
            cs[key] = old
            if not st.modified:
                st._modified_event()
    d[key] = value
    if old is value:
        return
    if old is not NO_VALUE and old is not None:
        for rev in prop._reverse_property:
            _backref_remove(old, rev, instance)
    if value is not None:
        vst = _state(value)
        for rev in prop._reverse_property:
            if not from_backref:  # a backref set never bounces back to the side that started it
                _backref_add(value, rev, instance, st, known_new=old is not NO_VALUE)
        if not from_backref and prop.cascade.save_update and st.session_id is not None:
            sess = st.session
            if sess is not None and vst.session_id != st.session_id:
                sess._save_or_update_state(vst)
    # delete-orphan bookkeeping: which parent (if any) holds this object through the reverse side
    for rev in prop._reverse_property:
        if rev.cascade.delete_orphan:
            parents = st._parents
            if parents is None:
                parents = st._parents = {}
            parents[id(rev)] = None if value is None else _state(value)


def resolve_scalar(st: Any, prop: Any, d: dict[str, Any]) -> Any:
    """The current related object of an unloaded scalar relationship, without SQL when possible:
    a many-to-one is found in the identity map from the foreign key; a one-to-one is loaded."""
    if prop.direction is MANYTOONE:
        target = prop.mapper
        local = st.mapper._columntoproperty
        values = []
        by_remote = {r: c for r, c in prop.synchronize_pairs}
        for pk_col in target.primary_key:
            c = by_remote.get(pk_col)
            if c is None or c not in local:
                return NO_VALUE
            cs = st.committed_state
            k = local[c].key
            v = cs[k] if k in cs and cs[k] is not NO_VALUE else d.get(k, NO_VALUE)
            if v is NO_VALUE:
                return NO_VALUE
            values.append(v)
        if all(v is None for v in values):
            return None
        sess = st.session
        if sess is None:
            return NO_VALUE
        obj = sess._identity_map.get(target.identity_key_from_primary_key(values))
        return NO_VALUE if obj is None else obj
    sess = st.session
    strategy = getattr(prop, "_strategy", None)
    if sess is None or strategy is None or st._deleted:
        return NO_VALUE
    with sess.no_autoflush:
        value = strategy.load(st, None)
    d.pop(prop.key, None)  # the caller stores the new value and records the loaded one
    return value


def _backref_add(target: Any, rev: Any, instance: Any, inst_state: Any, known_new: bool = False) -> None:
    """``instance`` became related to ``target`` through ``rev``'s reverse: reflect it on ``target``."""
    td = target.__dict__
    tst = _state(target)
    if rev.uselist:
        coll = td.get(rev.key)
        if coll is None:
            if tst.key is not None:
                # an unloaded collection of a persistent object: it will load the change from the
                # database after the flush; only orphan bookkeeping is needed now
                if rev.cascade.delete_orphan:
                    parents = inst_state._parents
                    if parents is None:
                        parents = inst_state._parents = {}
                    parents[id(rev)] = tst
                return
            from .collections import new_collection

            coll = td[rev.key] = new_collection(rev, tst)
        if not known_new and coll._sa_contains(instance):
            return
        coll._sa_append_from_backref(instance)
        return
    cur = td.get(rev.key, NO_VALUE)
    if cur is instance:
        return
    set_scalar(rev.class_attribute, target, instance, from_backref=True)


def _backref_remove(target: Any, rev: Any, instance: Any) -> None:
    """``instance`` is no longer related to ``target`` through ``rev``'s reverse."""
    td = target.__dict__
    if rev.uselist:
        coll = td.get(rev.key)
        if coll is not None:
            coll._sa_remove_from_backref(instance)
        elif rev.cascade.delete_orphan:
            _mark_orphaned(_state(instance), rev, _state(target))
        return
    cur = td.get(rev.key, NO_VALUE)
    if cur is instance or cur is NO_VALUE:
        tst = _state(target)
        if cur is NO_VALUE and tst.key is not None:
            resolved = resolve_scalar(tst, rev, td)
            if resolved is not instance and resolved is not NO_VALUE:
                return
        if tst.key is not None:
            cs = tst.committed_state
            if rev.key not in cs:
                cs[rev.key] = instance
                if not tst.modified:
                    tst._modified_event()
        td[rev.key] = None


# -- collections ------------------------------------------------------------------------------------

def set_collection(attr: Any, instance: Any, value: Any) -> None:
    """``parent.children = [...]``: replace the collection, firing removes and appends."""
    from .attributes import _load_relationship
    from .collections import adapt_assigned, collection_items

    prop = attr.property
    key = attr.key
    d = instance.__dict__
    st = _state(instance)
    old = d.get(key, NO_VALUE)
    if old is value:  # ``parent.children += [...]`` assigns the same collection back
        return
    if old is NO_VALUE and st.key is not None and st.session_id is not None:
        old = _load_relationship(attr, instance, d)
        d.pop(key, None)
    new_coll, items = adapt_assigned(prop, st, value)
    items = [new_coll._sa_incoming(i) for i in items]
    old_items = collection_items(old) if old is not NO_VALUE else []
    if st.key is not None:
        cs = st.committed_state
        if key not in cs:
            cs[key] = tuple(old_items) if old is not NO_VALUE else NO_VALUE
            if not st.modified:
                st._modified_event()
    _fill(new_coll, items)
    d[key] = new_coll
    if old is not NO_VALUE and old is not None and hasattr(old, "_sa_state"):
        old._sa_state = None  # the replaced collection no longer speaks for the object
    old_ids = {id(o) for o in old_items}
    new_ids = {id(o) for o in items}
    for o in old_items:
        if id(o) not in new_ids:
            new_coll._sa_removed(o)
    for o in items:
        if id(o) not in old_ids:
            new_coll._sa_added(o)


def _fill(coll: Any, items: list[Any]) -> None:
    from .collections import KeyFuncDict

    if isinstance(coll, KeyFuncDict):
        for v in items:
            dict.__setitem__(coll, coll._key_for(v), v)
    elif isinstance(coll, set):
        set.update(coll, items)
    elif hasattr(coll, "_sa_bulk_fill"):  # a list that numbers its members (ext.orderinglist)
        coll._sa_bulk_fill(items)
    else:
        list.extend(coll, items)


def collection_added(prop: Any, owner_state: Any, item: Any, from_backref: bool) -> None:
    """``item`` joined ``owner``'s collection ``prop``."""
    ist = _state(item)
    if prop.cascade.delete_orphan:
        parents = ist._parents
        if parents is None:
            parents = ist._parents = {}
        parents[id(prop)] = owner_state
    if owner_state is None:
        return
    if not from_backref:
        owner = owner_state.obj()
        for rev in prop._reverse_property:
            _backref_add(item, rev, owner, owner_state)
        if prop.cascade.save_update and owner_state.session_id is not None \
                and ist.session_id != owner_state.session_id:
            sess = owner_state.session
            if sess is not None:
                sess._save_or_update_state(ist)


def _mark_orphaned(ist: Any, prop: Any, owner_state: Any) -> None:
    """``ist`` left ``owner_state`` through delete-orphan ``prop`` (unless it already moved on)."""
    parents = ist._parents
    if parents is None:
        parents = ist._parents = {}
    current = parents.get(id(prop))
    if current is None or current is owner_state:
        parents[id(prop)] = None


def collection_removed(prop: Any, owner_state: Any, item: Any, from_backref: bool) -> None:
    """``item`` left ``owner``'s collection ``prop``."""
    ist = _state(item)
    if prop.cascade.delete_orphan:
        _mark_orphaned(ist, prop, owner_state)
        if ist.key is None and ist.session_id is not None and owner_state is not None \
                and ist.session_id == owner_state.session_id:
            # a pending orphan is simply not saved (SQLAlchemy expunges it)
            sess = ist.session
            if sess is not None:
                sess._expunge_states([ist])
    if owner_state is None or from_backref:
        return
    owner = owner_state.obj()
    for rev in prop._reverse_property:
        _backref_remove(item, rev, owner)
