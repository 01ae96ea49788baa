"""What each relationship contributes to a flush: foreign key values copied from parent rows to
child rows, rows of ``secondary`` tables, UPDATEs for ``post_update``, children whose key is set
to NULL when their parent goes away, and the order rows must be written in.

* one-to-many (``User.addresses``): children added to the collection get the parent's key;
  removed ones (and the children of a deleted parent) get NULL, unless they are deleted or moved to
  another parent.  Children are written after their parent and deleted before it.
* many-to-one (``Address.user``): the object's foreign key takes the related object's key when the
  relationship changed.
* many-to-many: pairs added/removed become INSERT/DELETE rows of the secondary table.
"""
from __future__ import annotations

import warnings
from typing import Any

from orm import exc
from orm.mapping.base import MANYTOMANY, MANYTOONE, ONETOMANY, STATE_KEY
from orm.mapping.collections import collection_items
from orm.mapping.state import NO_VALUE


def _st(obj: Any) -> Any:
    st = obj.__dict__.get(STATE_KEY)
    if st is None:
        from orm.mapping.mapper import _instance_state

        st = _instance_state(obj)
    return st


def relationship_props(mapper: Any) -> list[Any]:
    """The mapper's relationships that write (not viewonly), cached."""
    cache = mapper.__dict__.get("_orm_write_rels")
    n = len(mapper._props)
    if cache is not None and cache[0] == n:
        return cache[1]  # type: ignore[no-any-return]
    mapper._check_configure()
    rels = [p for p in mapper._props.values() if getattr(p, "is_relationship", False) and not p.viewonly]
    mapper._orm_write_rels = (n, rels)
    return rels


def orphan_parent_props(mapper: Any) -> list[Any]:
    """``delete-orphan`` relationships (of any mapper of the registry) whose target is this
    mapper or one of its bases."""
    reg = mapper.registry
    all_mappers = list(getattr(reg, "_mappers", ())) if reg is not None else []
    cache = mapper.__dict__.get("_orm_orphan_props")
    if cache is not None and cache[0] == len(all_mappers):
        return cache[1]  # type: ignore[no-any-return]
    bases = set(map(id, mapper.iterate_to_root()))
    found = []
    for m in all_mappers:
        for p in relationship_props(m):
            if p.cascade.delete_orphan and id(p.mapper) in bases:
                found.append(p)
    mapper._orm_orphan_props = (len(all_mappers), found)
    return found


def _changes(st: Any, d: dict[str, Any], prop: Any) -> tuple[list[Any], list[Any]]:
    """(added, removed) related objects of ``prop`` since the last flush."""
    key = prop.key
    if st.key is None:
        cur = d.get(key, NO_VALUE)
        if cur is NO_VALUE or cur is None:
            return [], []
        return (collection_items(cur) if prop.uselist else [cur]), []
    if key not in st.committed_state:
        return [], []
    h = st._history(key)
    return [o for o in h.added or () if o is not None], [o for o in h.deleted or () if o is not None]


def _not_in_session(uow: Any, child_state: Any, parent_state: Any, prop: Any) -> bool:
    if child_state.session_id == uow.session.hash_key:
        return False
    warnings.warn(
        f"Object of type {child_state.class_.__name__} not in session, add operation along "
        f"'{parent_state.class_.__name__}.{prop.key}' will not proceed",
        exc.SAWarning, stacklevel=5,
    )
    return True


def _reparented(child_state: Any, prop: Any, parent_obj: Any) -> bool:
    """Did the child get another parent (through the reverse many-to-one) after its removal?"""
    cd = child_state.obj().__dict__
    for rev in prop._reverse_property:
        if not rev.uselist:
            v = cd.get(rev.key, NO_VALUE)
            if v is not NO_VALUE and v is not None and v is not parent_obj:
                return True
    return False


# -- saves -----------------------------------------------------------------------------------------

def process_save(uow: Any, st: Any, d: dict[str, Any]) -> None:
    for prop in relationship_props(st.mapper):
        direction = prop.direction
        if direction is ONETOMANY:
            _o2m_save(uow, st, d, prop)
        elif direction is MANYTOONE:
            _m2o_save(uow, st, d, prop)
        elif direction is MANYTOMANY:
            _m2m_save(uow, st, d, prop)


def _o2m_save(uow: Any, st: Any, d: dict[str, Any], prop: Any) -> None:
    added, removed = _changes(st, d, prop)
    if not added and not removed:
        return
    parent_obj = st.obj()
    for child in added:
        cst = _st(child)
        if _not_in_session(uow, cst, st, prop) or cst in uow.deletes:
            continue
        uow.register_save(cst)
        if prop.post_update:
            uow.post_updates.append(("set", cst, st, prop))
        else:
            uow.add_sync(cst, st, prop, "set")
    for child in removed:
        cst = _st(child)
        if cst in uow.deletes or cst.session_id != uow.session.hash_key:
            continue
        if _reparented(cst, prop, parent_obj):
            continue
        if prop.post_update:
            uow.post_updates.append(("null", cst, st, prop))
        else:
            uow.register_save(cst)
            uow.add_sync(cst, st, prop, "null")


def _m2o_save(uow: Any, st: Any, d: dict[str, Any], prop: Any) -> None:
    key = prop.key
    if st.key is None:
        if key not in d:
            return
        target = d[key]
    else:
        if key not in st.committed_state:
            return
        target = d.get(key)
        if target is not None and target is st.committed_state[key] and not _target_changed_key(target):
            return
    if target is None:
        if prop.post_update:
            uow.post_updates.append(("null", st, None, prop))
        else:
            uow.add_sync(st, None, prop, "null")
        return
    tst = _st(target)
    if _not_in_session(uow, tst, st, prop):
        return
    if prop.post_update:
        uow.post_updates.append(("set", st, tst, prop))
    else:
        uow.add_sync(st, tst, prop, "set")


def _target_changed_key(target: Any) -> bool:
    tst = _st(target)
    return tst.key is None


def _m2m_save(uow: Any, st: Any, d: dict[str, Any], prop: Any) -> None:
    added, removed = _changes(st, d, prop)
    for child in added:
        cst = _st(child)
        if _not_in_session(uow, cst, st, prop):
            continue
        uow.secondary.append(("insert", prop, st, cst))
    for child in removed:
        cst = _st(child)
        uow.secondary.append(("delete", prop, st, cst))


# -- deletes ---------------------------------------------------------------------------------------

def process_delete(uow: Any, st: Any, d: dict[str, Any]) -> None:
    for prop in relationship_props(st.mapper):
        direction = prop.direction
        if direction is ONETOMANY:
            _o2m_delete(uow, st, d, prop)
        elif direction is MANYTOONE:
            _m2o_delete(uow, st, d, prop)
        elif direction is MANYTOMANY:
            if not prop.passive_deletes:
                uow.secondary.append(("delete_parent", prop, st, None))


def _o2m_delete(uow: Any, st: Any, d: dict[str, Any], prop: Any) -> None:
    if prop.passive_deletes == "all":
        return
    value = d.get(prop.key, NO_VALUE)
    if value is NO_VALUE:
        if prop.passive_deletes or prop.lazy in ("write_only", "noload"):
            return
        with uow.session.no_autoflush:
            value = getattr(st.obj(), prop.key)
    children = collection_items(value) if prop.uselist else ([] if value is None else [value])
    cs = st.committed_state
    original = cs.get(prop.key, NO_VALUE)
    if original is not NO_VALUE and original is not None:
        children += collection_items(original) if prop.uselist else [original]
    seen = set()
    for child in children:
        if child is None or id(child) in seen:
            continue
        seen.add(id(child))
        cst = _st(child)
        if cst in uow.deletes:
            uow.add_delete_dep(st, cst)
            continue
        if cst.session_id != uow.session.hash_key or cst.key is None and cst not in uow.saves:
            continue
        if _reparented(cst, prop, st.obj()):
            continue
        if prop.post_update:
            uow.pre_delete_updates.append(("null", cst, st, prop))
        else:
            uow.register_save(cst)
            uow.add_sync(cst, st, prop, "null")


def _m2o_delete(uow: Any, st: Any, d: dict[str, Any], prop: Any) -> None:
    target = d.get(prop.key, NO_VALUE)
    if target is NO_VALUE and st.key is not None:
        # which row does this one point to?  Needed to order DELETEs of rows that reference each
        # other (self-referential or mutually dependent mappers): the identity map answers from
        # the foreign key, loaded when it expired
        from orm.mapping.relationship_sync import resolve_scalar

        target = resolve_scalar(st, prop, d)
        if target is NO_VALUE and _may_cycle(st.mapper, prop.mapper):
            c2p = st.mapper._columntoproperty
            with uow.session.no_autoflush:
                for _r, col in prop.synchronize_pairs:
                    fk = c2p.get(col)
                    if fk is not None and fk.key not in d:
                        getattr(st.obj(), fk.key)
            target = resolve_scalar(st, prop, d)
    original = st.committed_state.get(prop.key, NO_VALUE)
    for t in (target, original):
        if t is not NO_VALUE and t is not None:
            tst = _st(t)
            if tst in uow.deletes:
                uow.add_delete_dep(tst, st)
    if prop.post_update and prop.passive_deletes != "all":
        uow.pre_delete_updates.append(("null", st, None, prop))


def _may_cycle(mapper: Any, target: Any) -> bool:
    """Can rows of ``mapper`` and ``target`` reference each other (same hierarchy, or a
    relationship of ``target`` back to ``mapper``)?"""
    base = mapper.base_mapper
    if target.base_mapper is base:
        return True
    for sub in target.base_mapper.self_and_descendants:
        for p in relationship_props(sub):
            if not p.post_update and p.mapper.base_mapper is base:
                return True
    return False


# -- applying foreign key values -------------------------------------------------------------------

def source_value(uow: Any, source: Any, col: Any) -> Any:
    """The value of ``col`` on the related object ``source`` (its key when persistent)."""
    prop = source.mapper._columntoproperty.get(col)
    if prop is None:
        raise exc.FlushError(f"Column {col} is not mapped by {source.mapper}")
    d = source.obj().__dict__
    v = d.get(prop.key, NO_VALUE)
    if v is not NO_VALUE:
        return v
    if source.key is not None:
        for pk_col, pk_val in zip(source.mapper.primary_key, source.key[1]):
            if source.mapper._columntoproperty.get(pk_col) is prop:
                return pk_val
        with uow.session.no_autoflush:
            return getattr(source.obj(), prop.key)
    return None


def apply_syncs(uow: Any, cst: Any, d: dict[str, Any], tasks: list[tuple[Any, Any, str]]) -> None:
    """Copy key values into ``cst``'s foreign key attributes (before its row is written)."""
    sets = [t for t in tasks if t[2] == "set"]
    for source, prop, mode in (sets or tasks):
        _sync_one(uow, cst, d, source, prop, mode)


def _sync_one(uow: Any, cst: Any, d: dict[str, Any], source: Any, prop: Any, mode: str) -> None:
    c2p = cst.mapper._columntoproperty
    for src_col, dst_col in prop.synchronize_pairs:
        dprop = c2p.get(dst_col)
        if dprop is None:
            continue
        if mode == "null":
            if dst_col in cst.mapper.primary_key or dst_col.primary_key:
                if cst in uow.deletes:
                    continue
                raise exc.FlushError(
                    f"Dependency rule on column '{src_col}' tried to blank-out primary key column "
                    f"'{dst_col}' on instance '{_state_str(cst)}'"
                )
            uow.sync_value(cst, d, dprop.key, None)
        else:
            uow.sync_value(cst, d, dprop.key, source_value(uow, source, src_col))


def secondary_row(uow: Any, prop: Any, parent: Any, child: Any) -> dict[str, Any]:
    row = {}
    for pcol, scol in prop.synchronize_pairs:
        row[scol.key] = source_value(uow, parent, pcol)
    if child is not None:
        for ccol, scol in prop.secondary_synchronize_pairs:
            row[scol.key] = source_value(uow, child, ccol)
    return row


def post_update_values(uow: Any, st: Any, target: Any, prop: Any, mode: str) -> dict[str, Any]:
    """{attribute key: value} the post-update UPDATE sets on ``st``."""
    out = {}
    c2p = st.mapper._columntoproperty
    for src_col, dst_col in prop.synchronize_pairs:
        dprop = c2p.get(dst_col)
        if dprop is None:
            continue
        out[dprop.key] = None if mode == "null" else source_value(uow, target, src_col)
    return out


def _state_str(state: Any) -> str:
    return f"<{state.class_.__name__} at 0x{id(state.obj()):x}>"
